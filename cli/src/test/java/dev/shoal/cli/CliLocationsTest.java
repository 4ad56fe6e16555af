package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI keeps its files: the XDG rules, on the environment the command was given. */
class CliLocationsTest {
    @TempDir
    Path tmp;

    private static CliEnv env(Map<String, String> variables) {
        return new CliEnv(InputStream.nullInputStream(), System.out, System.err, variables, false);
    }

    private Map<String, String> home() {
        Map<String, String> vars = new HashMap<>();
        vars.put("HOME", tmp.resolve("home").toString());
        return vars;
    }

    @Test
    void homeIsTheHomeVariableNotTheAccountsHomeDirectory() {
        assertThat(env(home()).home()).isEqualTo(tmp.resolve("home"));
        assertThat(env(Map.of("HOME", "")).home()).as("an empty HOME counts as unset")
                .isEqualTo(Path.of(System.getProperty("user.home")));
        assertThat(env(Map.of()).home()).as("the account's home only when HOME is unset")
                .isEqualTo(Path.of(System.getProperty("user.home")));
    }

    @Test
    void configDirectoryIsFlagThenShoalVariableThenXdgConfigHomeThenHome() {
        Map<String, String> vars = home();
        assertThat(CliConfig.directory(Optional.empty(), env(vars))).isEqualTo(tmp.resolve("home/.config/shoal"));
        vars.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        assertThat(CliConfig.directory(Optional.empty(), env(vars))).isEqualTo(tmp.resolve("xdg/shoal"));
        vars.put("SHOAL_CONFIG_DIR", tmp.resolve("explicit").toString());
        assertThat(CliConfig.directory(Optional.empty(), env(vars))).isEqualTo(tmp.resolve("explicit"));
        assertThat(CliConfig.directory(Optional.of(tmp.resolve("flag")), env(vars))).isEqualTo(tmp.resolve("flag"));
    }

    @Test
    void relativeXdgDirectoriesAreIgnoredAsTheSpecSays() {
        Map<String, String> vars = home();
        vars.put("XDG_CONFIG_HOME", "relative/config");
        vars.put("XDG_DATA_HOME", "relative/data");
        assertThat(CliConfig.directory(Optional.empty(), env(vars))).isEqualTo(tmp.resolve("home/.config/shoal"));
        assertThat(ServeCommand.defaultDataDir(env(vars))).isEqualTo(tmp.resolve("home/.local/share/shoal"));
    }

    @Test
    void historyLivesNextToTheSettings() {
        Map<String, String> vars = home();
        assertThat(CliConfig.historyFile(Optional.empty(), env(vars))).isEqualTo(tmp.resolve("home/.config/shoal/history"));
        assertThat(CliConfig.historyFile(Optional.of(tmp.resolve("c")), env(vars))).isEqualTo(tmp.resolve("c/history"));
    }

    @Test
    void serveDataDirectoryIsXdgDataHomeElseHomeLocalShare() {
        Map<String, String> vars = home();
        assertThat(ServeCommand.defaultDataDir(env(vars))).isEqualTo(tmp.resolve("home/.local/share/shoal"));
        vars.put("XDG_DATA_HOME", tmp.resolve("data").toString());
        assertThat(ServeCommand.defaultDataDir(env(vars))).isEqualTo(tmp.resolve("data/shoal"));
    }
}

package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code HOME=/some/dir shoal …} keeps every file the CLI writes under that directory: the
 * commands get no location other than {@code HOME} here.
 */
class HomeIsolationTest {
    @TempDir
    Path dir;

    CliHarness cli;
    Path home;

    @BeforeEach
    void start() {
        cli = new CliHarness(dir);
        cli.variables.remove("SHOAL_CONFIG_DIR");
        home = dir.resolve("home");
        cli.variables.put("HOME", home.toString());
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void settingsAndShellHistoryGoUnderHome() throws IOException {
        cli.login();
        assertThat(cli.run("db", "create", "notes").exit()).isZero();
        assertThat(cli.run("db", "shell", "notes", "CREATE TABLE t(x)").exit()).isZero();
        CliHarness.Result typed = cli.atTerminal("INSERT INTO t VALUES (1);\r.quit\r", "db", "shell", "notes");
        assertThat(typed.exit()).as(typed.err()).isZero();
        assertThat(cli.run("db", "shell", "notes", "SELECT count(*) AS n FROM t").out()).isEqualTo("N \n1     \n");
        assertThat(cli.run("auth", "logout").exit()).isZero();

        assertThat(filesUnder(home)).containsExactly(".config/shoal/history", ".config/shoal/settings.json");
        assertThat(Files.readString(home.resolve(".config/shoal/history"))).contains("INSERT INTO t VALUES (1);");
        try (Stream<Path> top = Files.list(dir)) {
            assertThat(top.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("only the server's data directory and HOME").containsExactly("data", "home");
        }
    }

    @Test
    void xdgConfigHomeWinsOverHome() throws IOException {
        cli.variables.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        cli.login();
        assertThat(filesUnder(dir.resolve("xdg"))).containsExactly("shoal/settings.json");
        assertThat(home).doesNotExist();
    }

    @Test
    void serveDefaultsItsDataDirectoryUnderHome() {
        CliHarness.Result r = cli.run("serve", "--check");
        assertThat(r.out()).contains("data-dir:           " + home.resolve(".local/share/shoal"));
    }
}

package dev.shoal.cli;

import dev.shoal.cli.api.Session;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code -c/--config-path} option every server-talking command takes. */
public final class SessionOptions {
    @Option(names = {"-c", "--config-path"}, description = "Directory of the CLI settings and shell history "
            + "(default: $SHOAL_CONFIG_DIR, $XDG_CONFIG_HOME/shoal or $HOME/.config/shoal).")
    Path configPath;

    public Optional<Path> configPath() {
        return Optional.ofNullable(configPath);
    }

    public Session require(CliEnv env) {
        return Session.require(env, configPath());
    }
}

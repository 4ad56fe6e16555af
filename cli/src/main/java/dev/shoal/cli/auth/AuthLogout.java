package dev.shoal.cli.auth;

import dev.shoal.cli.CliConfig;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the stored token (the server URL is kept).",
        footer = {"", "Example:", "  shoal auth logout"})
public final class AuthLogout implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    public AuthLogout(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Path dir = CliConfig.directory(options.configPath(), env);
        CliConfig current = CliConfig.load(dir);
        new CliConfig(current.url(), Optional.empty(), Optional.empty()).save(dir);
        env.out().println("Logged out.");
        return 0;
    }
}

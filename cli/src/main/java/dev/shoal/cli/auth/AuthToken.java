package dev.shoal.cli.auth;

import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Print the API token the CLI uses.",
        footer = {"", "Example:", "  export SHOAL_API_TOKEN=$(shoal auth token)"})
public final class AuthToken implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    public AuthToken(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.err().println("Warning: this token gives access to your account; keep it secret.");
        env.out().println(options.require(env).token());
        return 0;
    }
}

package dev.shoal.cli.auth;

import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "whoami", mixinStandardHelpOptions = true, description = "Print the user you are logged in as.",
        footer = {"", "Example:", "  shoal auth whoami"})
public final class AuthWhoami implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    public AuthWhoami(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.out().println(options.require(env).client().get("/v1/current-user").path("user").path("username").asText());
        return 0;
    }
}

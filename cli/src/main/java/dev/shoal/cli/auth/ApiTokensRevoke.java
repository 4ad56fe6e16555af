package dev.shoal.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Prompts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API token (it stops working at once).",
        footer = {"", "Example:", "  shoal auth api-tokens revoke ci"})
public final class ApiTokensRevoke implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    public ApiTokensRevoke(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        boolean exists = false;
        for (JsonNode t : s.client().get("/v1/auth/api-tokens").path("tokens")) {
            exists |= t.path("name").asText().equals(name);
        }
        if (!exists) {
            env.out().println("API token not found, revocation skipped.");
            return 0;
        }
        if (!yes && !Prompts.confirm(env, "Are you sure you want to revoke this token?")) {
            env.out().println("Token revocation avoided.");
            return 0;
        }
        s.client().delete("/v1/auth/api-tokens/" + ApiClient.encode(name));
        env.out().println("API token " + name + " successfully revoked.");
        return 0;
    }
}

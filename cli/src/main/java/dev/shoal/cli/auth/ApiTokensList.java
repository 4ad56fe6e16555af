package dev.shoal.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List your API tokens.",
        footer = {"", "Example:", "  shoal auth api-tokens list"})
public final class ApiTokensList implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    public ApiTokensList(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Table t = new Table("NAME", "SCOPE", "PERMISSIONS", "CREATED AT");
        for (JsonNode tok : options.require(env).client().get("/v1/auth/api-tokens").path("tokens")) {
            String scope = !tok.hasNonNull("organization") ? "all"
                    : tok.path("organization").asText() + (tok.hasNonNull("group") ? "/" + tok.path("group").asText() : "");
            List<String> perms = new ArrayList<>();
            tok.path("scopes").forEach(p -> perms.add(p.asText()));
            t.row(tok.path("name").asText(), scope, perms.isEmpty() ? "—" : String.join(", ", perms),
                    tok.path("created_at").asText());
        }
        t.print(env.out());
        return 0;
    }
}

package dev.shoal.cli.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mint", mixinStandardHelpOptions = true, description = "Mint an API token and print it (shown only once).",
        footer = {"", "Examples:", "  shoal auth api-tokens mint ci",
                "  shoal auth api-tokens mint deploy --org acme --group eu --scope db:create --scope read"})
public final class ApiTokensMint implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>", description = "Token name (lowercase letters, digits, dashes).")
    String name;

    @Option(names = "--org", description = "Limit the token to this organization.")
    String org;

    @Option(names = "--group", description = "Limit the token to this group (needs --org and a scope).")
    String group;

    @Option(names = "--scope", description = "A scope (repeatable): read, db:create, db:delete, db:configure, "
            + "db:mint-token, db:rotate-creds, group:configure, group:mint-token, group:rotate-creds.")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--read-only", description = "Same as --scope read-only.")
    boolean readOnly;

    @Option(names = "--full-access", description = "Same as --scope full-access.")
    boolean fullAccess;

    public ApiTokensMint(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (group != null && org == null) {
            throw CliException.usage("--group needs --org");
        }
        List<String> all = new ArrayList<>(scopes);
        if (readOnly) {
            all.add("read-only");
        }
        if (fullAccess) {
            all.add("full-access");
        }
        if (group != null && all.isEmpty()) {
            throw CliException.usage("a group token needs a scope: pass --scope, --read-only or --full-access");
        }
        Session s = options.require(env);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (org != null) {
            body.put("organization", org);
        }
        if (group != null) {
            body.put("group", group);
        }
        all.forEach(body.putArray("scopes")::add);
        env.out().println(s.client().post("/v2/auth/api-tokens/" + ApiClient.encode(name), body)
                .path("token").path("value").asText());
        return 0;
    }
}

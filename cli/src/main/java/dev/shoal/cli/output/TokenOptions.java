package dev.shoal.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.cli.CliException;
import dev.shoal.cli.api.ApiClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by `db tokens create` and `group tokens create`. */
public final class TokenOptions {
    @Option(names = {"-e", "--expiration"}, defaultValue = "never",
            description = "never (default), or a duration such as 7d, 2w1d30m, 12h.")
    String expiration;

    @Option(names = {"-r", "--read-only"}, description = "A read-only token.")
    boolean readOnly;

    @Option(names = "--attach", split = ",", description = "Databases the token may ATTACH read-only (comma list, repeatable).")
    List<String> attach = new ArrayList<>();

    public String query() {
        if (!expiration.matches("never|none|default|(\\d+w)?(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?") || expiration.isEmpty()) {
            throw CliException.usage("expiration must be either 'never' or a duration such as 7d, 2w1d30m or 12h");
        }
        String exp = expiration.equals("none") || expiration.equals("default") ? "never" : expiration;
        return "?expiration=" + ApiClient.encode(exp) + "&authorization=" + (readOnly ? "read-only" : "full-access");
    }

    /** Mints a token at {@code path} (…/auth/tokens) and prints it; failures get {@code errorPrefix}. */
    public int mint(dev.shoal.cli.CliEnv env, dev.shoal.cli.api.Session s, String path, String errorPrefix) {
        String query = query();
        try {
            env.out().println(s.client().post(s.orgPath(path + query), body()).path("jwt").asText());
        } catch (RuntimeException e) {
            throw new CliException(errorPrefix + e.getMessage(), e);
        }
        return 0;
    }

    /**
     * Rotates credentials at {@code path} (…/auth/rotate) after asking (unless {@code yes}), and
     * prints turso's success text with the command that mints a new token.
     */
    public static int invalidate(dev.shoal.cli.CliEnv env, dev.shoal.cli.api.Session s, String path, String what,
            boolean yes, String newTokenCommand) {
        if (!yes && !Prompts.confirm(env, "Are you sure you want to invalidate all tokens of " + what + "?")) {
            env.out().println("Token invalidation avoided.");
            return 0;
        }
        s.client().post(s.orgPath(path), null);
        env.out().println("✔  Success! Tokens invalidated successfully.");
        env.out().println("Run " + newTokenCommand + " to get a new token.");
        return 0;
    }

    public ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (!attach.isEmpty()) {
            var dbs = body.putObject("permissions").putObject("read_attach").putArray("databases");
            attach.forEach(dbs::add);
        }
        return body;
    }
}

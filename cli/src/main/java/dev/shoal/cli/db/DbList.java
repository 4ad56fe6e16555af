package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = {"List databases.",
        "TYPE is regular, schema (a schema database) or child (takes its schema from a schema database)."},
        footer = {"", "Examples:", "  shoal db list", "  shoal db list --schema slack    # children of slack"})
public final class DbList implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Option(names = {"-g", "--group"}, description = "Only databases of this group.")
    String group;

    @Option(names = {"-s", "--schema"}, description = "Only children of this schema database.")
    String schema;

    public DbList(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        checkFilters(s);
        Table t = new Table("NAME", "TYPE", "GROUP", "URL");
        String cursor = null;
        do {
            StringBuilder q = new StringBuilder("?limit=1000");
            if (group != null) {
                q.append("&group=").append(ApiClient.encode(group));
            }
            if (schema != null) {
                q.append("&schema=").append(ApiClient.encode(schema));
            }
            if (cursor != null) {
                q.append("&cursor=").append(ApiClient.encode(cursor));
            }
            JsonNode page = s.client().get(s.orgPath("/databases" + q));
            for (JsonNode db : page.path("databases")) {
                String g = db.path("group").asText();
                t.row(db.path("Name").asText(), Databases.kind(db), g.isEmpty() ? "-" : g, Databases.httpUrl(s, db));
            }
            JsonNode next = page.path("pagination").path("next");
            cursor = next.isTextual() ? next.asText() : null;
        } while (cursor != null);
        t.print(env.out());
        return 0;
    }

    /** A filter naming nothing would list nothing and look like success: say what is wrong instead. */
    private void checkFilters(Session s) {
        if (group != null && !Databases.groupNames(s).contains(group)) {
            throw Databases.noSuchGroup(group);
        }
        if (schema != null && !Databases.kind(Databases.get(s, schema)).equals("schema")) {
            throw new CliException("database " + schema + " is not a schema database, so it has no children; "
                    + "list schema databases with shoal db list (TYPE schema)");
        }
    }
}

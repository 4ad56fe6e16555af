package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a database's size, tables and row counts.",
        footer = {"", "Example:", "  shoal db inspect mydb"})
public final class DbInspect implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<database>")
    String name;

    public DbInspect(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        JsonNode db = Databases.get(s, name);
        String base = s.orgPath("/databases/" + ApiClient.encode(name));
        long bytes = s.client().get(base + "/usage").path("database").path("usage").path("storage_bytes").asLong();
        String jwt = s.client().post(base + "/auth/tokens?expiration=1h&authorization=read-only",
                JsonNodeFactory.instance.objectNode()).path("jwt").asText();
        ApiClient sql = new ApiClient(URI.create(Databases.httpUrl(s, db)), Optional.of(jwt));
        List<String> tables = new ArrayList<>();
        for (JsonNode row : rows(sql, List.of("SELECT name FROM sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")).get(0)) {
            tables.add(row.get(0).path("value").asText());
        }
        List<String> counts = tables.stream().map(t -> "SELECT count(*) FROM \"" + t.replace("\"", "\"\"") + "\"").toList();
        List<JsonNode> results = counts.isEmpty() ? List.of() : rows(sql, counts);
        env.out().println(String.format("%-19s %s", "Total space used:", Databases.humanBytes(bytes)));
        env.out().println(String.format("%-19s %d", "Tables:", tables.size()));
        env.out().println();
        Table t = new Table("TABLE", "ROWS");
        for (int i = 0; i < tables.size(); i++) {
            t.row(tables.get(i), results.get(i).get(0).get(0).path("value").asText());
        }
        t.print(env.out());
        return 0;
    }

    /** Runs read statements in one pipeline and returns each one's rows. */
    private static List<JsonNode> rows(ApiClient sql, List<String> statements) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode requests = body.putArray("requests");
        for (String st : statements) {
            requests.addObject().put("type", "execute").putObject("stmt").put("sql", st);
        }
        requests.addObject().put("type", "close");
        JsonNode res = sql.post("v2/pipeline", body);
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            JsonNode r = res.path("results").path(i);
            if (!"ok".equals(r.path("type").asText())) {
                throw new CliException(r.path("error").path("code").asText() + ": " + r.path("error").path("message").asText());
            }
            out.add(r.path("response").path("result").path("rows"));
        }
        return out;
    }
}

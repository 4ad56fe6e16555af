package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import dev.shoal.cli.shell.HranaHttp;
import dev.shoal.cli.shell.ShellException;
import dev.shoal.core.sql.Value;
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
        List<String> tables = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        try (HranaHttp sql = new HranaHttp(URI.create(Databases.httpUrl(s, db)), Optional.of(jwt))) {
            for (List<Value> row : sql.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").rows()) {
                tables.add(((Value.Text) row.get(0)).value());
            }
            for (String t : tables) {
                Value n = sql.execute("SELECT count(*) FROM \"" + t.replace("\"", "\"\"") + "\"").rows().get(0).get(0);
                counts.add(Long.toString(((Value.Integer) n).value()));
            }
        } catch (ShellException e) {
            throw new CliException(e.getMessage(), e);
        }
        env.out().println(String.format("%-19s %s", "Total space used:", Databases.humanBytes(bytes)));
        env.out().println(String.format("%-19s %d", "Tables:", tables.size()));
        env.out().println();
        Table t = new Table("TABLE", "ROWS");
        for (int i = 0; i < tables.size(); i++) {
            t.row(tables.get(i), counts.get(i));
        }
        t.print(env.out());
        return 0;
    }
}

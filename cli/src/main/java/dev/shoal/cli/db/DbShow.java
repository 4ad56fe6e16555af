package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = {"Show a database, or just its URL.",
        "For a schema database and its children, Version is the schema version the database is at (its",
        "PRAGMA user_version, which every migration moves), and Schema names a child's schema database."},
        footer = {"", "Examples:", "  shoal db show mydb", "  shoal db show mydb --http-url   # for createClient({ url })"})
public final class DbShow implements Callable<Integer> {
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "<name>")
    String name;

    @Option(names = "--url", description = "Print only the libsql:// URL.")
    boolean url;

    @Option(names = "--http-url", description = "Print only the http(s):// URL.")
    boolean httpUrl;

    public DbShow(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Session s = options.require(env);
        JsonNode db = Databases.get(s, name);
        PrintStream out = env.out();
        if (url) {
            out.println(Databases.libsqlUrl(s, db));
            return 0;
        }
        if (httpUrl) {
            out.println(Databases.httpUrl(s, db));
            return 0;
        }
        String base = s.orgPath("/databases/" + ApiClient.encode(name));
        details(s, db, base, out);
        out.println();
        out.println("Database Instances:");
        Table t = new Table("NAME", "TYPE", "LOCATION");
        for (JsonNode i : s.client().get(base + "/instances").path("instances")) {
            t.row(i.path("name").asText(), i.path("type").asText(), i.path("region").asText());
        }
        t.print(out);
        return 0;
    }

    /** The labelled lines, in {@code turso db show}'s order. */
    private static void details(Session s, JsonNode db, String base, PrintStream out) {
        JsonNode config = s.client().get(base + "/configuration");
        JsonNode usage = s.client().get(base + "/usage").path("database").path("usage");
        line(out, "Name:", db.path("Name").asText());
        line(out, "URL:", Databases.libsqlUrl(s, db));
        line(out, "HTTP URL:", Databases.httpUrl(s, db));
        line(out, "ID:", db.path("DbId").asText());
        line(out, "Group:", db.path("group").asText());
        if (db.has("parent")) {
            line(out, "Parent:", db.path("parent").path("name").asText());
        }
        if (!Databases.kind(db).equals("regular")) {
            line(out, "Version:", SchemaVersion.describe(s, db));
        }
        line(out, "Locations:", db.path("primaryRegion").asText());
        line(out, "Size:", Databases.humanBytes(usage.path("storage_bytes").asLong()));
        line(out, "Rows Read:", usage.path("rows_read").asText());
        line(out, "Rows Written:", usage.path("rows_written").asText());
        line(out, "Archived:", "No");
        line(out, "Is Schema:", db.path("is_schema").asBoolean() ? "Yes" : "No");
        line(out, "Delete Protection:", config.path("delete_protection").asBoolean() ? "on" : "off");
        line(out, "Attach:", config.path("allow_attach").asBoolean() ? "allowed" : "not allowed");
        if (db.path("is_schema").asBoolean()) {
            line(out, "Migrations:", config.path("migration_mode").asText("strict"));
        }
        if (config.hasNonNull("size_limit")) {
            line(out, "Size Limit:", config.path("size_limit").asText());
        }
        if (!db.path("schema").asText().isEmpty()) {
            line(out, "Schema:", db.path("schema").asText());
        }
    }

    private static void line(PrintStream out, String label, String value) {
        out.println(String.format("%-19s %s", label, value));
    }
}

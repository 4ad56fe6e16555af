package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Table;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "schema", mixinStandardHelpOptions = true, description = "A schema family's schema.",
        subcommands = {DbSchema.Check.class},
        footer = {"", "Example:", "  shoal db schema check slack-schema"})
public final class DbSchema {
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Compare every child's schema and version with its schema database's and list the "
                + "children that drifted: behind (restored from an old copy), ahead, or differing (edited offline). "
                + "Nothing is changed.", "Exit status: 0 if every child is in step, 1 if not."},
            footer = {"", "Example:", "  shoal db schema check slack-schema"})
    public static final class Check implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(paramLabel = "<schema-database>")
        String schema;

        public Check(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            JsonNode r = s.client().get(s.orgPath("/databases/" + ApiClient.encode(schema) + "/schema/check"));
            int children = r.path("children").asInt();
            int drifted = r.path("drifted").asInt();
            if (drifted == 0) {
                env.out().println(String.format(Locale.ROOT, "All %,d children of %s are at version %d with its schema.",
                        children, schema, r.path("version").asLong()));
                return 0;
            }
            env.out().println(String.format(Locale.ROOT, "%,d of %,d children of %s (version %d) drifted:", drifted,
                    children, schema, r.path("version").asLong()));
            Table t = new Table("DATABASE", "VERSION", "STATE", "DETAIL");
            for (JsonNode d : r.path("differences")) {
                t.row(d.path("database").asText(), d.path("version").asText(), d.path("state").asText(),
                        d.path("detail").asText());
            }
            t.print(env.out());
            int shown = r.path("differences_shown").asInt();
            if (drifted > shown) {
                env.out().println(String.format(Locale.ROOT, "(%,d more not shown)", drifted - shown));
            }
            return 1;
        }
    }
}

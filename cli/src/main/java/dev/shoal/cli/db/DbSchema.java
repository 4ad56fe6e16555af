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
                + "Nothing is changed, unless --repair is given.",
                "--repair: every child that is behind is brought up to date by replaying the migrations it misses "
                + "from the history, in one transaction that commits only if its schema then matches; a child whose "
                + "schema differs in a way the history cannot explain is reported and never changed.",
                "Exit status: 0 if every child is in step (after the repair), 1 if not."},
            footer = {"", "Examples:", "  shoal db schema check slack-schema", "  shoal db schema check slack-schema --repair"})
    public static final class Check implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(paramLabel = "<schema-database>")
        String schema;

        @picocli.CommandLine.Option(names = "--repair", description = "bring the children that are behind up to date")
        boolean repair;

        public Check(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            String base = s.orgPath("/databases/" + ApiClient.encode(schema) + "/schema/");
            JsonNode r = repair ? s.client().post(base + "repair", com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode()) : s.client().get(base + "check");
            int children = r.path("children").asInt();
            int drifted = r.path("drifted").asInt() - r.path("repaired").asInt();
            if (repair && r.path("repaired").asInt() > 0) {
                env.out().println(String.format(Locale.ROOT, "Repaired %,d children of %s: brought to version %d from "
                        + "the history.", r.path("repaired").asInt(), schema, r.path("version").asLong()));
            }
            if (drifted == 0) {
                env.out().println(String.format(Locale.ROOT, "All %,d children of %s are at version %d with its schema.",
                        children, schema, r.path("version").asLong()));
                return 0;
            }
            env.out().println(String.format(Locale.ROOT, "%,d of %,d children of %s (version %d) drifted:", drifted,
                    children, schema, r.path("version").asLong()));
            Table t = new Table("DATABASE", "VERSION", "STATE", "DETAIL");
            for (JsonNode d : r.path("differences")) {
                if (d.path("repaired").asBoolean()) {
                    continue;
                }
                t.row(d.path("database").asText(), d.path("version").asText(), d.path("state").asText(),
                        d.path("detail").asText());
            }
            t.print(env.out());
            int shown = r.path("differences_shown").asInt();
            if (drifted > shown - r.path("repaired").asInt()) {
                env.out().println(String.format(Locale.ROOT, "(%,d more not shown)", drifted - shown));
            }
            return 1;
        }
    }
}

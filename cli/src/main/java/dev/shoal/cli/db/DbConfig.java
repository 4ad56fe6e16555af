package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Database settings.",
        subcommands = {DbConfig.Attach.class, DbConfig.DeleteProtection.class, DbConfig.MigrationMode.class},
        footer = {"", "Examples:", "  shoal db config attach allow mydb", "  shoal db config delete-protection enable mydb",
            "  shoal db config migration-mode online slack-schema"})
public final class DbConfig {
    /**
     * One boolean setting: {@code on}/{@code off} words change it (other settings stay as they
     * are: the PATCH sends only this key), {@code show} prints it.
     */
    record Setting(String key, String onWord, String offWord, String shownOn, String shownOff) {
        int apply(CliEnv env, SessionOptions options, String action, String db) {
            Boolean value = action.equals(onWord) ? Boolean.TRUE : action.equals(offWord) ? Boolean.FALSE : null;
            if (value == null && !action.equals("show")) {
                throw CliException.usage("unknown action `" + action + "`: use " + onWord + ", " + offWord + " or show");
            }
            Session s = options.require(env);
            Databases.get(s, db);
            String path = s.orgPath("/databases/" + ApiClient.encode(db) + "/configuration");
            if (value == null) {
                env.out().println(s.client().get(path).path(key).asBoolean() ? shownOn : shownOff);
            } else {
                s.client().patch(path, JsonNodeFactory.instance.objectNode().put(key, value));
            }
            return 0;
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = "Allow or disallow other databases' tokens to ATTACH this one (read-only), or show it.",
            footer = {"", "Examples:", "  shoal db config attach allow mydb", "  shoal db config attach show mydb"})
    public static final class Attach implements Callable<Integer> {
        private static final Setting SETTING =
                new Setting("allow_attach", "allow", "disallow", "Attach allowed", "Attach not allowed");
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "allow|disallow|show")
        String action;

        @Parameters(index = "1", paramLabel = "<database>")
        String db;

        public Attach(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return SETTING.apply(env, options, action, db);
        }
    }

    @Command(name = "delete-protection", mixinStandardHelpOptions = true,
            description = "Refuse (or allow again) destroying the database, or show the setting.",
            footer = {"", "Examples:", "  shoal db config delete-protection enable mydb",
                    "  shoal db config delete-protection show mydb"})
    public static final class DeleteProtection implements Callable<Integer> {
        private static final Setting SETTING = new Setting("delete_protection", "enable", "disable",
                "Delete Protection on", "Delete Protection off");
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "enable|disable|show")
        String action;

        @Parameters(index = "1", paramLabel = "<database>")
        String db;

        public DeleteProtection(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return SETTING.apply(env, options, action, db);
        }
    }

    @Command(name = "migration-mode", mixinStandardHelpOptions = true,
            description = {"How a schema database's migrations reach its children, or show it.",
                "strict (the default): a child refuses writes from its dry run until it is migrated, so all or nothing "
                + "holds even for data-dependent migrations.",
                "online: nobody's writes are refused; each child pauses writes only while its own dry run and apply "
                + "transactions run, and a child changed between the two is left for `retry` (the job ends "
                + "NeedsAttention)."},
            footer = {"", "Examples:", "  shoal db config migration-mode online slack-schema",
                    "  shoal db config migration-mode show slack-schema"})
    public static final class MigrationMode implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "strict|online|show")
        String action;

        @Parameters(index = "1", paramLabel = "<schema-database>")
        String db;

        public MigrationMode(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            if (!action.equals("strict") && !action.equals("online") && !action.equals("show")) {
                throw CliException.usage("unknown action `" + action + "`: use strict, online or show");
            }
            Session s = options.require(env);
            String path = s.orgPath("/databases/" + ApiClient.encode(db) + "/configuration");
            if (action.equals("show")) {
                env.out().println(s.client().get(path).path("migration_mode").asText("strict"));
            } else {
                s.client().patch(path, JsonNodeFactory.instance.objectNode().put("migration_mode", action));
            }
            return 0;
        }
    }
}

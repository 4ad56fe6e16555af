package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Database settings.",
        subcommands = {DbConfig.Attach.class, DbConfig.DeleteProtection.class},
        footer = {"", "Examples:", "  shoal db config attach allow mydb", "  shoal db config delete-protection enable mydb"})
public final class DbConfig {
    /** Sets one boolean setting (null leaves the others as they are), or shows it. */
    static int setting(CliEnv env, SessionOptions options, String db, String key, Boolean value, String on, String off) {
        Session s = options.require(env);
        Databases.get(s, db);
        String path = s.orgPath("/databases/" + ApiClient.encode(db) + "/configuration");
        if (value == null) {
            env.out().println(s.client().get(path).path(key).asBoolean() ? on : off);
        } else {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put(key, value);
            s.client().patch(path, body);
        }
        return 0;
    }

    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = "Allow or disallow other databases' tokens to ATTACH this one (read-only).",
            subcommands = {Attach.Allow.class, Attach.Disallow.class, Attach.Show.class})
    public static final class Attach {
        @Command(name = "allow", mixinStandardHelpOptions = true, description = "Allow ATTACH.")
        public static final class Allow implements Callable<Integer> {
            private final CliEnv env;
            @Mixin SessionOptions options;
            @Parameters(paramLabel = "<database>") String db;

            public Allow(CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() {
                return setting(env, options, db, "allow_attach", true, "", "");
            }
        }

        @Command(name = "disallow", mixinStandardHelpOptions = true, description = "Disallow ATTACH.")
        public static final class Disallow implements Callable<Integer> {
            private final CliEnv env;
            @Mixin SessionOptions options;
            @Parameters(paramLabel = "<database>") String db;

            public Disallow(CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() {
                return setting(env, options, db, "allow_attach", false, "", "");
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show whether ATTACH is allowed.")
        public static final class Show implements Callable<Integer> {
            private final CliEnv env;
            @Mixin SessionOptions options;
            @Parameters(paramLabel = "<database>") String db;

            public Show(CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() {
                return setting(env, options, db, "allow_attach", null, "Attach allowed", "Attach not allowed");
            }
        }
    }

    @Command(name = "delete-protection", mixinStandardHelpOptions = true,
            description = "Refuse (or allow again) destroying the database.",
            subcommands = {DeleteProtection.Enable.class, DeleteProtection.Disable.class, DeleteProtection.Show.class})
    public static final class DeleteProtection {
        @Command(name = "enable", mixinStandardHelpOptions = true, description = "Turn delete protection on.")
        public static final class Enable implements Callable<Integer> {
            private final CliEnv env;
            @Mixin SessionOptions options;
            @Parameters(paramLabel = "<database>") String db;

            public Enable(CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() {
                return setting(env, options, db, "delete_protection", true, "", "");
            }
        }

        @Command(name = "disable", mixinStandardHelpOptions = true, description = "Turn delete protection off.")
        public static final class Disable implements Callable<Integer> {
            private final CliEnv env;
            @Mixin SessionOptions options;
            @Parameters(paramLabel = "<database>") String db;

            public Disable(CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() {
                return setting(env, options, db, "delete_protection", false, "", "");
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show delete protection.")
        public static final class Show implements Callable<Integer> {
            private final CliEnv env;
            @Mixin SessionOptions options;
            @Parameters(paramLabel = "<database>") String db;

            public Show(CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() {
                return setting(env, options, db, "delete_protection", null, "Delete Protection on", "Delete Protection off");
            }
        }
    }
}

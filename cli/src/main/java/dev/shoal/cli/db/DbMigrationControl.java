package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The control verbs of a running migration job: cancel, pause, resume, promote. */
public final class DbMigrationControl {
    private DbMigrationControl() {}

    /** One verb: {@code POST …/jobs/{job}/{verb}}, then the job's status as the call left it. */
    public abstract static class Verb implements Callable<Integer> {
        private final CliEnv env;
        private final String verb;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "<schema-database>")
        String schema;

        @Parameters(index = "1", paramLabel = "<job>")
        String job;

        Verb(CliEnv env, String verb) {
            this.env = env;
            this.verb = verb;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            JsonNode j = s.client().post(DbMigrations.jobsPath(s, schema) + "/" + ApiClient.encode(job) + "/" + verb,
                    JsonNodeFactory.instance.objectNode());
            env.out().println("Job " + job + " of " + schema + ": " + j.path("status").asText()
                    + (j.hasNonNull("error") ? " — " + j.path("error").asText() : ""));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancel a migration job that has not ended. Before its children are applied to, nothing "
                + "changes anywhere. While they are, no new child is started: the ones in flight finish, the children "
                + "migrated stay migrated, the schema database is not changed, and `retry` can finish the job later.",
                "Answers once the job has ended (status Cancelled)."},
            footer = {"", "Example:", "  shoal db migrations cancel slack-schema 7"})
    public static final class Cancel extends Verb {
        public Cancel(CliEnv env) {
            super(env, "cancel");
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pause a running migration job: no new child is started, the ones in flight finish. "
                + "While it is paused no child refuses writes (a strict job dry-runs what is left again when "
                + "resumed), and no other migration of the family can start.",
                "Answers once the job is paused."},
            footer = {"", "Example:", "  shoal db migrations pause slack-schema 7"})
    public static final class Pause extends Verb {
        public Pause(CliEnv env) {
            super(env, "pause");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused migration job.",
            footer = {"", "Example:", "  shoal db migrations resume slack-schema 7"})
    public static final class Resume extends Verb {
        public Resume(CliEnv env) {
            super(env, "resume");
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Let the rest of a staged job's children follow its first wave (status WaitingPromote).",
            footer = {"", "Example:", "  shoal db migrations promote slack-schema 7"})
    public static final class Promote extends Verb {
        public Promote(CliEnv env) {
            super(env, "promote");
        }
    }
}

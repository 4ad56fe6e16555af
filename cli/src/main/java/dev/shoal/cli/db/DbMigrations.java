package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

@Command(name = "migrations", mixinStandardHelpOptions = true,
        description = "A schema database's migrations: their history, one job's children, plans, staged "
            + "rollouts, and control of a running job.",
        subcommands = {DbMigrations.ListJobs.class, DbMigrations.Show.class, DbMigrations.Wait.class,
            DbMigrations.Retry.class, DbMigrations.Plan.class, DbMigrationApply.class, DbMigrationControl.Cancel.class,
            DbMigrationControl.Pause.class, DbMigrationControl.Resume.class, DbMigrationControl.Promote.class},
        footer = {"", "Examples:", "  shoal db migrations list slack-schema", "  shoal db migrations show slack-schema 7",
            "  shoal db migrations wait slack-schema", "  shoal db migrations plan slack-schema \"CREATE UNIQUE INDEX users_email ON users(email)\""})
public final class DbMigrations {
    /** {@code …/databases/{schema}/jobs} of the session's organization. */
    static String jobsPath(Session s, String schema) {
        return s.orgPath("/databases/" + ApiClient.encode(schema) + "/jobs");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "A schema database's migration history, newest first: each job's version, status, who "
                + "sent it, its children (and how many failed), how long it took, and its SQL.",
            footer = {"", "Example:", "  shoal db migrations list slack-schema"})
    public static final class ListJobs implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(paramLabel = "<schema-database>")
        String schema;

        public ListJobs(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            JsonNode list = s.client().get(jobsPath(s, schema));
            Table t = new Table("JOB", "STATUS", "VERSION", "SENT BY", "CHILDREN", "DURATION", "CREATED", "SQL");
            for (JsonNode j : list.path("migrations")) {
                String children = j.has("children") ? j.path("children").asText() + (j.path("failed").asInt() > 0
                        ? " (" + j.path("failed").asInt() + " failed)" : "") : "-";
                t.row(j.path("job_id").asText(), j.path("status").asText(), j.path("version").asText(),
                        j.path("sent_by").asText("-"), children, j.hasNonNull("duration_ms")
                        ? String.format(Locale.ROOT, "%,d ms", j.path("duration_ms").asLong()) : "-",
                        j.path("created_at").asText("-"), oneLine(j.path("sql").asText("-")));
            }
            t.print(env.out());
            env.out().println(schema + " is at version " + list.path("schema_version").asText("0") + ".");
            return 0;
        }
    }

    /** A migration's SQL on one line of the history table, cut at 60 characters. */
    static String oneLine(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 60 ? s.substring(0, 59) + "…" : s;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One migration job: its SQL, its status and each child's outcome with its own error.",
            footer = {"", "Example:", "  shoal db migrations show slack-schema 7"})
    public static final class Show implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "<schema-database>")
        String schema;

        @Parameters(index = "1", paramLabel = "<job>")
        String job;

        public Show(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            JsonNode j = s.client().get(jobsPath(s, schema) + "/" + ApiClient.encode(job));
            env.out().println(String.format("%-10s %s", "Job:", j.path("job_id").asText()));
            env.out().println(String.format("%-10s %s", "Status:", j.path("status").asText()));
            env.out().println(String.format("%-10s %s", "Version:", j.path("version").asText("-")));
            env.out().println(String.format("%-10s %s", "Sent by:", j.path("sent_by").asText("-")));
            env.out().println(String.format("%-10s %s", "Mode:", j.path("mode").asText("strict")
                    + (j.has("first_wave") ? ", staged (first wave: " + j.path("first_wave").asText() + ")" : "")));
            env.out().println(String.format("%-10s %s", "Children:", j.path("children").asText("0")
                    + (j.path("failed").asInt() > 0 ? " (" + j.path("failed").asInt() + " failed)" : "")));
            if (j.hasNonNull("error")) {
                env.out().println(String.format("%-10s %s", "Error:", j.path("error").asText()));
            }
            env.out().println(String.format("%-10s %s", "SQL:", j.path("sql").asText("-")));
            Table t = new Table("DATABASE", "STATUS", "ATTEMPTS", "WRITE-BLOCKED", "ERROR");
            for (JsonNode p : j.path("progress")) {
                t.row(p.path("namespace").asText(), p.path("status").asText(), p.path("attempts").asText(),
                        String.format(Locale.ROOT, "%.0f ms", p.path("blocked_ms").asDouble()),
                        p.hasNonNull("error") ? p.path("error").asText() : "");
            }
            if (!t.isEmpty()) {
                env.out().println();
                t.print(env.out());
            }
            return 0;
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Dry-run a migration on the schema database and every child, without applying it, "
                + "and say which children would fail and why. Nothing is changed and no write is blocked.",
                "Exit status: 0 if it would succeed everywhere, 1 if not."},
            footer = {"", "Example:",
                "  shoal db migrations plan slack-schema \"CREATE UNIQUE INDEX users_email ON users(email)\""})
    public static final class Plan implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "<schema-database>")
        String schema;

        @Parameters(index = "1", paramLabel = "<sql>", description = "the migration (no BEGIN/COMMIT: it runs in one transaction)")
        String sql;

        public Plan(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            JsonNode p = s.client().post(s.orgPath("/databases/" + ApiClient.encode(schema) + "/migrations/plan"),
                    JsonNodeFactory.instance.objectNode().put("sql", sql));
            if (p.hasNonNull("schema_error")) {
                env.out().println("The migration fails on " + schema + " itself: " + p.path("schema_error").asText());
                return 1;
            }
            int children = p.path("children").asInt();
            int fail = p.path("would_fail").asInt();
            if (fail == 0) {
                env.out().println(String.format(Locale.ROOT, "The migration would succeed on %s and all %,d children "
                        + "(planned in %,d ms).", schema, children, p.path("duration_ms").asLong()));
                return 0;
            }
            env.out().println(String.format(Locale.ROOT, "The migration would fail on %,d of %,d children of %s; "
                    + "nothing was changed.", fail, children, schema));
            Table t = new Table("DATABASE", "ERROR");
            for (JsonNode f : p.path("failures")) {
                t.row(f.path("database").asText(), f.path("error").asText());
            }
            t.print(env.out());
            if (fail > p.path("failures_shown").asInt()) {
                env.out().println(String.format(Locale.ROOT, "(%,d more not shown)", fail - p.path("failures_shown").asInt()));
            }
            return 1;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = {"Follow a migration job until it ends: a progress bar on a terminal, plain lines "
                + "otherwise (children dry-run, then run, and each child that failed).",
                "Without <job>, the newest job. Exit status: 0 if it ended RunSuccess, 1 if not."},
            footer = {"", "Examples:", "  shoal db migrations wait slack-schema", "  shoal db migrations wait slack-schema 7"})
    public static final class Wait implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "<schema-database>")
        String schema;

        @Parameters(index = "1", paramLabel = "<job>", arity = "0..1")
        String job;

        public Wait(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            String id = job != null ? job : s.client().get(jobsPath(s, schema)).path("migrations").path(0)
                    .path("job_id").asText("0");
            if (id.equals("0")) {
                env.out().println("No migration has run on " + schema + " yet.");
                return 0;
            }
            return new JobFollower(env, s, schema, id).follow();
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Retry a job that ended with children left on the old version (RunFailure, Cancelled, "
                + "NeedsAttention), once the cause is fixed: the children not yet migrated are dry-run and applied "
                + "again, then the schema database. Children already migrated are left as they are.",
                "With --wait, follow it to its end (exit status 0 if it ends RunSuccess, 1 if not)."},
            footer = {"", "Example:", "  shoal db migrations retry slack-schema 7 --wait"})
    public static final class Retry implements Callable<Integer> {
        private final CliEnv env;

        @Mixin
        SessionOptions options;

        @Parameters(index = "0", paramLabel = "<schema-database>")
        String schema;

        @Parameters(index = "1", paramLabel = "<job>")
        String job;

        @picocli.CommandLine.Option(names = "--wait", description = "follow the job until it ends")
        boolean follow;

        public Retry(CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Session s = options.require(env);
            s.client().post(jobsPath(s, schema) + "/" + ApiClient.encode(job) + "/retry",
                    JsonNodeFactory.instance.objectNode());
            if (follow) {
                return new JobFollower(env, s, schema, job).follow();
            }
            env.out().println("Job " + job + " of " + schema + " is running again; follow it with: shoal db migrations "
                    + "wait " + schema + " " + job);
            return 0;
        }
    }
}

package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Send a migration to a schema database through the API, optionally staged: with "
            + "--first-wave, it is dry-run on every child, applied to the first wave only, and then waits for "
            + "`shoal db migrations promote` (or for --soak to pass) before the rest follow; a failure in the first "
            + "wave halts it with the rest untouched. Without --first-wave it is one step, like a write to the "
            + "schema database.",
            "Prints the job id; with --wait, follows the job (to WaitingPromote for a staged job). Exit status with "
            + "--wait: 0 if it got there, 1 if not."},
        footer = {"", "Examples:", "  shoal db migrations apply slack-schema \"ALTER TABLE users ADD COLUMN phone TEXT\" --wait",
            "  shoal db migrations apply slack-schema \"CREATE INDEX users_name ON users(name)\" --first-wave 10% --soak 1h",
            "  shoal db migrations apply slack-schema \"ALTER TABLE users ADD COLUMN tz TEXT\" --first-wave ws1,ws2"})
public final class DbMigrationApply implements Callable<Integer> {
    private static final Set<String> STAGED_STOPS = Set.of("WaitingPromote", "RunSuccess", "RunFailure",
            "DryRunFailure", "Cancelled", "NeedsAttention");
    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(index = "0", paramLabel = "<schema-database>")
    String schema;

    @Parameters(index = "1", paramLabel = "<sql>", description = "the migration (no BEGIN/COMMIT: it runs in one transaction)")
    String sql;

    @Option(names = "--first-wave", paramLabel = "<children|N%>",
            description = "children applied first, by name (comma-separated), or a percentage of the family")
    String firstWave;

    @Option(names = "--soak", paramLabel = "<duration>",
            description = "with --first-wave: let the rest follow by themselves after this long (e.g. 30m, 2h); "
                + "without it, the job waits for promote")
    String soak;

    @Option(names = "--wait", description = "follow the job (a staged job until its first wave is done)")
    boolean follow;

    public DbMigrationApply(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Session s = options.require(env);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("sql", sql);
        if (firstWave != null) {
            ObjectNode w = body.putObject("first_wave");
            String f = firstWave.trim();
            if (f.endsWith("%")) {
                try {
                    w.put("percent", Integer.parseInt(f.substring(0, f.length() - 1).trim()));
                } catch (NumberFormatException e) {
                    throw new CliException("--first-wave " + firstWave + ": a percentage is a whole number, e.g. 10%");
                }
            } else {
                Arrays.stream(f.split(",")).map(String::trim).filter(n -> !n.isEmpty()).forEach(w.putArray("databases")::add);
            }
        }
        if (soak != null) {
            body.put("soak", soak);
        }
        String jobs = DbMigrations.jobsPath(s, schema) + "/";
        JsonNode job = s.client().post(s.orgPath("/databases/" + ApiClient.encode(schema) + "/migrations"), body);
        String id = job.path("job_id").asText();
        env.out().println("Job " + id + " of " + schema + " started" + (firstWave != null ? " (first wave: "
                + job.path("first_wave").asText() + ")" : "") + ".");
        if (!follow) {
            env.out().println("Follow it with: shoal db migrations wait " + schema + " " + id);
            return 0;
        }
        if (firstWave == null) {
            return new JobFollower(env, s, schema, id).follow();
        }
        String status = job.path("status").asText();
        while (!STAGED_STOPS.contains(status)) {
            Thread.sleep(250);
            job = s.client().get(jobs + ApiClient.encode(id));
            status = job.path("status").asText();
        }
        env.out().println("Job " + id + ": " + status + (job.hasNonNull("error") ? " — " + job.path("error").asText()
                : status.equals("WaitingPromote") ? " — the first wave is migrated; let the rest follow with: shoal db "
                + "migrations promote " + schema + " " + id : ""));
        return status.equals("WaitingPromote") || status.equals("RunSuccess") ? 0 : 1;
    }
}

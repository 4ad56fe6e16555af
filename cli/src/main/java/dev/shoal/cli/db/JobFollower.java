package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows a job's event stream ({@code <db-url>/v1/jobs/{id}/events}, with a short-lived read-only
 * token of the schema database): a progress bar on a terminal (me.tongfei's progressbar), or a
 * plain line per change of phase and at most one a second otherwise; each failed child on a line of
 * its own; the final status last.
 */
final class JobFollower {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CliEnv env;
    private final Session session;
    private final String schema;
    private final String job;
    private ProgressBar bar;
    private String phase = "";
    private long lastLine;

    JobFollower(CliEnv env, Session session, String schema, String job) {
        this.env = env;
        this.session = session;
        this.schema = schema;
        this.job = job;
    }

    int follow() {
        JsonNode db = Databases.get(session, schema);
        String jwt = session.client().post(session.orgPath("/databases/" + ApiClient.encode(schema)
                + "/auth/tokens?expiration=1h&authorization=read-only"), JsonNodeFactory.instance.objectNode())
                .path("jwt").asText();
        URI url = URI.create(Databases.httpUrl(session, db).replaceAll("/*$", "/") + "v1/jobs/"
                + ApiClient.encode(job) + "/events");
        try (EventStream events = EventStream.open(url, jwt)) {
            for (Optional<EventStream.Event> e = events.next(); e.isPresent(); e = events.next()) {
                JsonNode data = JSON.readTree(e.get().data());
                switch (e.get().name()) {
                    case "progress" -> progress(data);
                    case "failed" -> say(String.format("  %s failed its %s: %s", data.path("database").asText(),
                            data.path("phase").asText(), data.path("error").asText()));
                    case "finished" -> {
                        return finished(data);
                    }
                    default -> { } // events a newer server may add
                }
            }
        } catch (IOException e) {
            throw new CliException("could not follow migration job " + job + " of " + schema + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            closeBar();
        }
        throw new CliException("the server ended the progress stream of job " + job + " before the job finished");
    }

    private void progress(JsonNode p) {
        int children = p.path("children").asInt();
        boolean running = p.path("status").asText().equals("WaitingRun") || p.path("run").path("done").asInt() > 0;
        String now = running ? "run" : "dry run";
        int done = p.path(running ? "run" : "dry_run").path("done").asInt();
        int failed = p.path(running ? "run" : "dry_run").path("failed").asInt();
        if (env.interactive()) {
            if (!now.equals(phase)) {
                closeBar();
                bar = new ProgressBarBuilder().setTaskName(now).setInitialMax(Math.max(children, 1))
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(env.out()))
                        .setUnit(" databases", 1).showSpeed().build();
            }
            bar.stepTo(done);
            bar.setExtraMessage(failed > 0 ? failed + " failed" : "");
        } else if (!now.equals(phase) || System.nanoTime() - lastLine > 1_000_000_000L || done == children) {
            env.out().println(String.format(Locale.ROOT, "job %s: %s %,d/%,d databases%s", job, now, done, children,
                    failed > 0 ? ", " + failed + " failed" : ""));
            lastLine = System.nanoTime();
        }
        phase = now;
    }

    private int finished(JsonNode end) {
        closeBar();
        String status = end.path("status").asText();
        env.out().println("Job " + job + " of " + schema + ": " + status
                + (end.hasNonNull("error") ? ": " + end.path("error").asText() : ""));
        return status.equals("RunSuccess") ? 0 : 1;
    }

    private void say(String line) {
        if (bar != null) {
            bar.pause();
        }
        env.out().println(line);
        if (bar != null) {
            bar.resume();
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

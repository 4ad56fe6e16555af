package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.jobs.EventStream;
import dev.shoal.cli.jobs.JobProgress;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarConsumer;
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
    private BarConsumer barOut;
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
        try (EventStream events = EventStream.open(url, Optional.of(jwt))) {
            for (Optional<EventStream.Event> e = events.next(); e.isPresent(); e = events.next()) {
                JsonNode data = JSON.readTree(e.get().data());
                switch (e.get().name()) {
                    case "progress" -> progress(JobProgress.of(data));
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

    private void progress(JobProgress p) {
        int children = p.children();
        String now = p.applying() ? "run" : "dry run";
        int done = p.done();
        int failed = p.failed();
        if (env.interactive()) {
            if (!now.equals(phase)) {
                closeBar();
                barOut = new BarConsumer(new ConsoleProgressBarConsumer(env.out()));
                bar = new ProgressBarBuilder().setTaskName(now).setInitialMax(Math.max(children, 1))
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(barOut)
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
            barOut.endLine();
            bar = null;
        }
    }

    /**
     * The console consumer, knowing whether the bar ended its line. progressbar 0.10.1 leaves the
     * line open when a bar is closed before its first scheduled refresh (a finished job's bar is
     * drawn and closed at once): its closing refresh only draws. The next line would then be
     * glued to the bar ({@code …databases/sJob 7 of fam: RunSuccess}).
     */
    private static final class BarConsumer implements ProgressBarConsumer {
        private final ConsoleProgressBarConsumer console;
        private boolean closed;

        BarConsumer(ConsoleProgressBarConsumer console) {
            this.console = console;
        }

        @Override
        public int getMaxRenderedLength() {
            return console.getMaxRenderedLength();
        }

        @Override
        public void accept(String rendered) {
            console.accept(rendered);
        }

        @Override
        public synchronized void close() {
            closed = true;
            console.close();
        }

        /** After the bar's close (which waits for its last refresh): ends the line if the bar did not. */
        synchronized void endLine() {
            if (!closed) {
                close();
            }
        }
    }
}

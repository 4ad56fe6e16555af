package dev.shoal.cli.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.cli.jobs.EventStream;
import dev.shoal.cli.jobs.JobProgress;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The watcher thread of one request sent to a possible schema database ({@link FanOutProgress}):
 * after {@link #FIRST_LOOK} it looks for the job the request started, every {@link #LOOK_AGAIN}
 * until one runs, follows that job's event stream onto the progress line, and then looks for the
 * next (a batch of statements outside a transaction starts one job per write). It ends when the
 * request answers ({@link #close()}), on the first error (progress is a courtesy: the statement's
 * own answer is what counts), or when the database turns out not to be a schema database.
 */
final class FanOutWatch implements FanOutProgress.Watch {
    /** A statement that answers sooner shows no progress: a look costs a request, most writes need none. */
    static final Duration FIRST_LOOK = Duration.ofMillis(300);
    static final Duration LOOK_AGAIN = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobSearch search;
    private final ProgressLine line;
    private final Instant sent;
    private final Function<JobProgress, String> text;
    private final Runnable notASchemaDatabase;
    private volatile boolean closed;
    private volatile EventStream stream;
    private Thread thread;

    private FanOutWatch(JobSearch search, ProgressLine line, Instant sent, Function<JobProgress, String> text,
            Runnable notASchemaDatabase) {
        this.search = search;
        this.line = line;
        this.sent = sent;
        this.text = text;
        this.notASchemaDatabase = notASchemaDatabase;
    }

    /** Starts watching a request sent at {@code sent}, on a virtual thread (never keeps the JVM alive). */
    static FanOutWatch start(JobSearch search, ProgressLine line, Instant sent, Function<JobProgress, String> text,
            Runnable notASchemaDatabase) {
        FanOutWatch w = new FanOutWatch(search, line, sent, text, notASchemaDatabase);
        w.thread = Thread.ofVirtual().name("shoal-fan-out-progress").start(w::run);
        return w;
    }

    /** Blanks the line (nothing is drawn after this returns) and stops the thread without waiting for it. */
    @Override
    public void close() {
        closed = true;
        line.close();
        thread.interrupt();
        EventStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    private void run() {
        try {
            Thread.sleep(FIRST_LOOK);
            long followed = 0;
            while (!closed) {
                switch (search.look(sent, followed)) {
                    case JobSearch.Sighting.NotASchemaDatabase n -> {
                        notASchemaDatabase.run();
                        return;
                    }
                    case JobSearch.Sighting.Running r -> {
                        followed = r.job();
                        follow(r.job());
                    }
                    case JobSearch.Sighting.Nothing n -> Thread.sleep(LOOK_AGAIN);
                }
            }
        } catch (InterruptedException e) {
            // closed: the request answered
        } catch (IOException | RuntimeException e) {
            // no progress then; the statement's own answer is unaffected
        } finally {
            line.clear();
        }
    }

    /** Draws job {@code id}'s progress until it finishes, its stream ends or the watch is closed. */
    private void follow(long id) throws IOException, InterruptedException {
        try (EventStream s = EventStream.open(search.events(id), search.token())) {
            stream = s;
            if (closed) {
                return; // closed while the stream opened: close() did not see it
            }
            for (Optional<EventStream.Event> e = s.next(); e.isPresent() && !closed; e = s.next()) {
                switch (e.get().name()) {
                    case "progress" -> {
                        JobProgress p = JobProgress.of(JSON.readTree(e.get().data()));
                        if (p.children() > 0) {
                            line.show(text.apply(p));
                        }
                    }
                    case "finished" -> {
                        line.clear();
                        return;
                    }
                    default -> { } // "failed" and events a newer server may add
                }
            }
        } finally {
            stream = null;
        }
    }
}

package dev.shoal.server.hrana;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.http.HttpIo;
import dev.shoal.server.http.SqlWorkers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Notices a client that hangs up while its pipeline runs, so its statements are interrupted rather
 * than left to run to the time limit. A pipeline answered within {@link #QUIET} is sent as usual.
 * One that takes longer gets its 200 and JSON content type at once, then one space per second (JSON
 * allows leading whitespace); a failed write means the client is gone: the running statement is
 * interrupted and the rest of the pipeline is not run. Requests fail one by one (each result carries
 * its error); should the pipeline still fail as a whole (an internal failure), every request's result
 * carries that error, which keeps the late response a valid pipeline response.
 */
final class PipelineWatch {
    static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration BEAT = Duration.ofSeconds(1);
    private static final String GONE = "the client went away";

    private volatile boolean gone;
    private volatile HranaStream stream;
    private volatile boolean overBudget;
    private boolean sealed; // guarded by this

    /** A quick run ({@link QuickReads}) went over its time budget; the pipeline runs again on a SQL thread. */
    static final class OverBudget extends RuntimeException {
        OverBudget() {
            super("quick read over its time budget", null, false, false);
        }
    }

    /** Called on the SQL thread once the pipeline's stream is known. */
    void watch(HranaStream s) {
        stream = s;
    }

    /**
     * Called by {@link QuickReads}' timer while a quick run is over its budget: interrupts the
     * statement running now. Does nothing once the run is {@link #seal sealed}. True if it acted.
     */
    synchronized boolean overBudget(String why) {
        if (sealed) {
            return false;
        }
        overBudget = true;
        HranaStream s = stream;
        if (s != null) {
            s.interrupt(why);
        }
        return true;
    }

    /**
     * Called when every request has run, before the stream is handed back: no budget interrupt can
     * come after this; throws {@link OverBudget} if one came before (the answer may hold its error).
     */
    synchronized void seal() {
        sealed = true;
        if (overBudget) {
            throw new OverBudget();
        }
    }

    /** Called before each request of the pipeline. */
    void checkStillWanted() {
        if (overBudget) {
            throw new OverBudget();
        }
        if (gone) {
            throw new ShoalException(ErrorCode.PROTOCOL_ERROR, "pipeline abandoned: " + GONE);
        }
    }

    private void clientGone() {
        gone = true;
        HranaStream s = stream;
        if (s != null) {
            s.interrupt(GONE);
        }
    }

    /** Sends the pipeline's result, watching the client while it takes long. */
    void respond(ServerResponse res, SqlWorkers workers, SqlWorkers.Task<byte[]> work, int requestCount,
            JsonFactory json) {
        try {
            if (workers.awaitFor(work, QUIET)) {
                HttpIo.json(res, 200, SqlWorkers.await(work)); // done: returns at once, or rethrows as it was
                return;
            }
        } catch (InterruptedException e) {
            clientGone();
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
        res.status(Status.OK_200);
        res.header(HttpIo.CONTENT_TYPE, HttpIo.JSON);
        try (OutputStream os = res.outputStream()) {
            byte[] body = null;
            while (body == null) {
                if (!workers.awaitFor(work, BEAT)) {
                    os.write(' ');
                    os.flush();
                    continue;
                }
                try {
                    body = work.get();
                } catch (ExecutionException e) {
                    body = failed(ShoalException.find(e.getCause()).orElseGet(() -> ErrorBodies.classify(e.getCause())),
                            requestCount, json);
                }
            }
            os.write(body);
        } catch (IOException | UncheckedIOException | InterruptedException e) {
            clientGone();
        } catch (RuntimeException e) {
            clientGone(); // Helidon reports a closed socket as a runtime exception
        }
    }

    /** A pipeline response whose every result is {@code error}. */
    private static byte[] failed(ShoalException e, int requestCount, JsonFactory json) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeNullField("baton");
            g.writeNullField("base_url");
            g.writeArrayFieldStart("results");
            for (int i = 0; i < requestCount; i++) {
                g.writeStartObject();
                g.writeStringField("type", "error");
                g.writeFieldName("error");
                HranaWriter.error(g, e);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return buf.toByteArray();
    }
}

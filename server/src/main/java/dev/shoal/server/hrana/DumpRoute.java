package dev.shoal.server.hrana;

import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.UsageMeter;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import dev.shoal.server.http.Bearer;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.http.HttpIo;
import dev.shoal.server.http.SqlWorkers;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET <db-url>/dump}, sqld's route: the database as SQL text ({@code text/plain; charset=utf-8}),
 * the format of the CLI's {@code .dump} (core's {@code SqlDump}). Authorized like a Hrana read;
 * the dump takes a turn like a pipeline, runs on a SQL thread inside one read transaction, and must
 * end within the statement time limit (a whole dump counts as one statement). The text is handed to
 * this request's thread through a {@link DumpPipe} of a few chunks, and written to the response as
 * it comes. A failure before the first chunk is an ordinary Hrana error response; one after it ends
 * the text with a {@code --} comment saying why and a {@code ROLLBACK}, and closes the connection
 * without finishing the response, so no client takes a cut-off dump for a whole one.
 */
final class DumpRoute {
    private static final Logger log = LoggerFactory.getLogger(DumpRoute.class);
    static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final int PIPE_CHUNKS = 4;
    /** How long past the time limit the response waits for the SQL side to wind down. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(10);

    private final SqlDatabases databases;
    private final SqlWorkers workers;
    private final SqlAuth auth;
    private final TenantAdmission admission;
    private final UsageMeter usage;
    private final Duration limit;

    DumpRoute(SqlDatabases databases, SqlWorkers workers, SqlAuth auth, TenantAdmission admission, UsageMeter usage,
            Duration limit) {
        this.databases = databases;
        this.workers = workers;
        this.auth = auth;
        this.admission = admission;
        this.usage = usage;
        this.limit = limit;
    }

    void serve(ServerRequest req, ServerResponse res, Function<ServerRequest, DatabaseRecord> target) {
        DatabaseRecord db = target.apply(req);
        ConnectionOptions options = auth.authorize(Bearer.token(req), db);
        DumpPipe pipe = start(db, options);
        try {
            send(res, pipe);
        } finally {
            pipe.cancel(); // a no-op once the dump has ended; else the SQL side stops at its next chunk
        }
    }

    /**
     * Starts the dump on a SQL thread once it has a turn, which the SQL thread gives back when it is
     * done; the time limit counts from then.
     */
    private DumpPipe start(DatabaseRecord db, ConnectionOptions options) {
        TenantAdmission.Turn turn = admission.enter(db);
        DumpPipe pipe = new DumpPipe(PIPE_CHUNKS, limit);
        try {
            workers.submit(() -> {
                produce(db, options, pipe, turn);
                return null;
            });
        } catch (RuntimeException e) {
            turn.close();
            throw e;
        }
        return pipe;
    }

    private void produce(DatabaseRecord db, ConnectionOptions options, DumpPipe pipe, TenantAdmission.Turn turn) {
        RuntimeException failure = null;
        // Closing the connection ends the read transaction and gives it back; then the turn; then the news.
        try (TenantAdmission.Turn t = turn; SqlConnection c = databases.connect(db.id(), options)) {
            SnapshotDump.run(c, pipe, usage, db.id());
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            pipe.fail(new IllegalStateException("the dump failed", e));
            throw e;
        }
        if (failure == null) {
            pipe.finish();
        } else {
            pipe.fail(failure);
        }
    }

    private void send(ServerResponse res, DumpPipe pipe) {
        Optional<byte[]> chunk = take(pipe); // a failure before any text becomes the error response
        res.status(Status.OK_200);
        res.header(HttpIo.CONTENT_TYPE, CONTENT_TYPE);
        OutputStream os = res.outputStream();
        while (chunk.isPresent()) {
            write(os, chunk.get());
            try {
                chunk = take(pipe);
            } catch (RuntimeException e) {
                abort(os, e);
            }
        }
        try {
            os.close();
        } catch (Exception e) {
            clientGone(e);
        }
    }

    private static Optional<byte[]> take(DumpPipe pipe) {
        try {
            return pipe.take(WIND_DOWN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    private static void write(OutputStream os, byte[] chunk) {
        try {
            os.write(chunk);
        } catch (Exception e) { // IOException, or Helidon's runtime exceptions for a closed socket
            clientGone(e);
        }
    }

    private static void clientGone(Exception e) {
        log.debug("dump client went away: {}", e.toString());
        throw new CloseConnectionException("the dump's client went away", e);
    }

    /**
     * The dump failed after the response began: say why in the text, and end it with a ROLLBACK, so
     * that loading what arrived loads nothing (sqlite3 rolls back; Shoal's dump seeds refuse it);
     * then cut the connection.
     */
    private static void abort(OutputStream os, RuntimeException failure) {
        ShoalException e = ErrorBodies.classify(failure);
        log.info("a dump was cut off after its response began: {}: {}", e.wireCode(), ErrorBodies.message(e));
        // Chunks end at statement ends, so these lines stand on their own.
        String why = "-- the dump did not finish: " + e.wireCode() + ": " + ErrorBodies.message(e).replace('\n', ' ')
                + "\nROLLBACK;\n";
        try {
            os.write(why.getBytes(StandardCharsets.UTF_8));
            os.flush();
        } catch (Exception ignored) {
            // the client may be gone too; the connection is closed either way
        }
        throw new CloseConnectionException("dump failed: " + e.wireCode());
    }
}

package dev.shoal.server.hrana;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.db.UsageMeter;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlDatabases;
import dev.shoal.core.sql.StatementOutcome;
import dev.shoal.server.DatabaseAddressing;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.http.Bearer;
import dev.shoal.server.http.ErrorBodies;
import dev.shoal.server.http.HttpIo;
import dev.shoal.server.http.SqlWorkers;
import dev.shoal.server.hrana.HranaParser.Cursor;
import dev.shoal.server.hrana.HranaParser.Pipeline;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL API: Hrana over HTTP ({@code /v2/pipeline}, {@code /v3/pipeline}, {@code /v3/cursor}
 * and the version probes) and sqld's {@code GET /dump} ({@link DumpRoute}), at the bare URL and
 * under {@code /db/<org>/<db>/}.
 * Errors leave here as {@code {"message","code"}} typed exactly {@code application/json}.
 */
public final class HranaService implements HttpService, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HranaService.class);
    private static final int FLUSH_EVERY_ROWS = 1000;
    private static final int CURSOR_PIPE_CHUNKS = 4;

    private final DatabaseAddressing addressing;
    private final SqlWorkers workers;
    private final HttpIo io;
    private final JsonFactory json;
    private final HranaParser parser;
    private final StreamRegistry streams;
    private final StreamExecutor executor;
    private final String version;
    private final SqlAuth auth;
    private final TenantAdmission admission;
    private final DumpRoute dumps;
    private final QuickReads quickReads = new QuickReads(QuickReads.carriers());

    public HranaService(DatabaseAddressing addressing, SqlDatabases databases, SqlWorkers workers, HttpIo io,
            ObjectMapper mapper, ServerConfig config, String version, SqlAuth auth, UsageMeter usage) {
        this.addressing = addressing;
        this.auth = auth;
        this.workers = workers;
        this.io = io;
        this.json = mapper.getFactory();
        this.parser = new HranaParser(mapper);
        this.streams = new StreamRegistry(databases, new StreamLimits(config.streamIdleTimeout(), config.maxStreams(),
                config.maxStreamsPerOrganization(), config.maxStreamConnections()));
        this.executor = new StreamExecutor(config.maxResponseBytes(), usage);
        this.version = version;
        this.admission = new TenantAdmission(config.maxRunningPerDatabase(), config.maxRunningPerOrganization(),
                config.admissionWait());
        this.dumps = new DumpRoute(databases, workers, auth, admission, usage, config.storage().statementTimeout());
    }

    @Override
    public void routing(HttpRules rules) {
        UrlForms.forEachForm(addressing, (prefix, target) -> {
            rules.post(prefix + "/v2/pipeline", (req, res) -> guard(res, () -> pipeline(req, res, target, 2)));
            rules.post(prefix + "/v3/pipeline", (req, res) -> guard(res, () -> pipeline(req, res, target, 3)));
            rules.post(prefix + "/v3/cursor", (req, res) -> guard(res, () -> cursor(req, res, target)));
            rules.get(prefix + "/v2", (req, res) -> guard(res, () -> probe(req, res, target)));
            rules.get(prefix + "/v3", (req, res) -> guard(res, () -> probe(req, res, target)));
            rules.get(prefix + "/dump", (req, res) -> guard(res, () -> dumps.serve(req, res, target)));
            // No protobuf encoding: 404 makes hrana-client fall back to JSON (see hrana-protocol.md §2.1).
            rules.get(prefix + "/v3-protobuf", (req, res) -> res.status(Status.NOT_FOUND_404).send());
        });
        rules.get("/health", (req, res) -> res.send());
        rules.get("/version", (req, res) -> HttpIo.text(res, 200, version));
    }

    /** A turn for the request; none for the one stream that holds the database's writer slot (it ends the wait). */
    private TenantAdmission.Turn turnFor(Optional<String> baton, DatabaseRecord db) {
        return streams.holdsWriter(baton) ? TenantAdmission.Turn.NONE : admission.enter(db);
    }

    private void probe(ServerRequest req, ServerResponse res, Function<ServerRequest, DatabaseRecord> target) {
        auth.authorize(Bearer.token(req), target.apply(req));
        HttpIo.text(res, 200, "Hello, this is Shoal " + version + " (Hrana over HTTP, JSON)");
    }

    private void pipeline(ServerRequest req, ServerResponse res, Function<ServerRequest, DatabaseRecord> target,
            int version) {
        DatabaseRecord db = target.apply(req);
        ConnectionOptions options = auth.authorize(Bearer.token(req), db);
        Pipeline p = parser.pipeline(io.body(req), version);
        PipelineShape shape = PipelineShape.of(p);
        boolean lane = shape == PipelineShape.LANE_WRITE;
        Optional<byte[]> quick;
        try (TenantAdmission.Turn turn = lane ? admission.enterLane(db) : turnFor(p.baton(), db)) {
            Optional<QuickReads.Slot> slot = quickReads.enter(shape, db);
            quick = slot.flatMap(s -> runQuickly(s, db, p, options));
            if (quick.isEmpty()) {
                handOff(res, db, p, options, slot.isPresent(), lane, turn);
                return;
            }
        }
        // Sent after the turn and the slot are free: a client slow to read its answer holds neither.
        HttpIo.json(res, 200, quick.get());
    }

    /**
     * Runs the pipeline on a SQL thread (in its database's write lane if {@code lane}), which gives
     * the turn back when the SQL is done, before the answer is written; {@code again}: after a quick
     * run over its budget (timed, for QuickReads).
     */
    private void handOff(ServerResponse res, DatabaseRecord db, Pipeline p, ConnectionOptions options, boolean again,
            boolean lane, TenantAdmission.Turn turn) {
        PipelineWatch watch = new PipelineWatch();
        Callable<byte[]> work = () -> {
            long start = System.nanoTime();
            try (turn) {
                return runPipeline(db, p, options, watch);
            } finally {
                if (again) {
                    quickReads.ranAgain(db.organization(), System.nanoTime() - start);
                }
            }
        };
        SqlWorkers.Task<byte[]> task = lane
                ? workers.submitInLane(db.id(), work, () -> admission.enterOrganization(db))
                : workers.submit(work);
        watch.respond(res, workers, task, p.requests().size(), json);
    }

    /** The pipeline run on this thread; empty if it went over its budget (it then runs on a SQL thread). */
    private Optional<byte[]> runQuickly(QuickReads.Slot slot, DatabaseRecord db, Pipeline p, ConnectionOptions options) {
        PipelineWatch watch = new PipelineWatch();
        try (slot) {
            slot.watch(watch);
            return Optional.of(runPipeline(db, p, options, watch));
        } catch (PipelineWatch.OverBudget e) {
            return Optional.empty(); // only SELECTs on a new stream, now discarded: running them again is safe
        } catch (IOException e) {
            throw new IllegalStateException(e); // as SqlWorkers.await reports it (a memory buffer: cannot happen)
        }
    }

    private byte[] runPipeline(DatabaseRecord db, Pipeline p, ConnectionOptions options, PipelineWatch watch)
            throws IOException {
        HranaStream stream = streams.take(p.baton(), db, options);
        watch.watch(stream);
        try {
            StreamExecutor.checkSqlIds(stream, p.requests());
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            try (JsonGenerator g = json.createGenerator(buf)) {
                g.writeStartObject();
                g.writeArrayFieldStart("results");
                for (HranaRequest r : p.requests()) {
                    watch.checkStillWanted();
                    executor.run(stream, r, g);
                }
                g.writeEndArray();
                watch.seal();
                Optional<String> next = streams.release(stream);
                g.writeFieldName("baton");
                if (next.isPresent()) {
                    g.writeString(next.get());
                } else {
                    g.writeNull();
                }
                g.writeNullField("base_url");
                g.writeEndObject();
            }
            return buf.toByteArray();
        } catch (RuntimeException | IOException | Error e) {
            streams.discard(stream); // a request that failed as a whole ends its stream, as in sqld
            throw e;
        }
    }

    private void cursor(ServerRequest req, ServerResponse res, Function<ServerRequest, DatabaseRecord> target) {
        DatabaseRecord db = target.apply(req);
        ConnectionOptions options = auth.authorize(Bearer.token(req), db);
        Cursor c = parser.cursor(io.body(req));
        try (TenantAdmission.Turn turn = turnFor(c.baton(), db)) {
            CursorPipe pipe = new CursorPipe(CURSOR_PIPE_CHUNKS);
            workers.submit(() -> {
                produceCursor(db, options, c, pipe);
                return null;
            });
            sendCursor(res, pipe);
        }
    }

    /**
     * On a SQL thread: runs the cursor's batch and encodes its entries into the pipe, which the
     * request's thread writes to the socket meanwhile ({@link CursorPipe}).
     */
    private void produceCursor(DatabaseRecord db, ConnectionOptions options, Cursor c, CursorPipe pipe) {
        HranaStream stream;
        try {
            stream = streams.take(c.baton(), db, options);
        } catch (RuntimeException e) {
            pipe.fail(e); // answered as an error response: nothing was sent yet
            return;
        }
        try {
            StreamExecutor.checkSqlIds(stream, c.batch().steps().stream()
                    .<HranaRequest>map(s -> new HranaRequest.Execute(s.stmt())).toList());
        } catch (RuntimeException e) {
            streams.discard(stream);
            pipe.fail(e);
            return;
        }
        pipe.onCancel(() -> stream.interrupt("the client went away"));
        // From here on the response is streaming: nothing may reach the error handler, which could
        // no longer set a status or headers.
        try (OutputStream os = pipe.output(); JsonGenerator g = json.createGenerator(os)) {
            g.setRootValueSeparator(null);
            try {
                streamCursor(stream, c, g, os);
                pipe.onCancel(() -> { }); // done with the stream: a reader leaving now must not interrupt its next user
                streams.publish(stream);
            } catch (StreamExecutor.ClientGone e) {
                throw e;
            } catch (RuntimeException e) {
                streams.discard(stream);
                writeBatchError(g, ErrorBodies.classify(e));
            }
        } catch (IOException | RuntimeException e) {
            if (!pipe.cancelled()) { // else the request's thread has said so already
                log.debug("cursor client went away: {}", e.toString());
            }
            streams.discard(stream);
        } finally {
            pipe.finish();
        }
    }

    /** On the request's thread: writes what the SQL thread encodes, as it comes. */
    private static void sendCursor(ServerResponse res, CursorPipe pipe) {
        Optional<byte[]> chunk = takeChunk(pipe); // a failure before the first line becomes the error response
        res.header(HeaderNames.CONTENT_TYPE, "text/plain");
        try (OutputStream os = res.outputStream()) {
            while (chunk.isPresent()) {
                os.write(chunk.get());
                os.flush(); // a piece is a flush of the SQL side (a step's end) or 64 kB: send it now
                chunk = takeChunk(pipe);
            }
        } catch (IOException | RuntimeException e) {
            // Helidon reports a closed socket as a RuntimeException; a client leaving is worth one line
            log.debug("cursor client went away: {}", e.toString());
            pipe.cancel();
        }
    }

    private static Optional<byte[]> takeChunk(CursorPipe pipe) {
        try {
            return pipe.take();
        } catch (InterruptedException e) {
            pipe.cancel();
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    private void streamCursor(HranaStream stream, Cursor c, JsonGenerator g, OutputStream os) throws IOException {
        Runnable lineEnd = () -> {
            try {
                g.writeRaw('\n');
            } catch (IOException e) {
                throw new StreamExecutor.ClientGone(e);
            }
        };
        g.writeStartObject();
        g.writeStringField("baton", streams.reserveBaton(stream));
        g.writeNullField("base_url");
        g.writeEndObject();
        lineEnd.run();
        g.flush();
        var steps = c.batch().steps();
        Object[] results = new Object[steps.size()];
        Object[] errors = new Object[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            HranaRequest.Step step = steps.get(i);
            if (step.condition().isPresent() && !StreamExecutor.holds(step.condition().get(), results, errors, stream)) {
                continue;
            }
            int[] rowsSinceFlush = {0};
            StreamExecutor.StreamingSink sink = new StreamExecutor.StreamingSink(g, os, () -> {
                if (++rowsSinceFlush[0] >= FLUSH_EVERY_ROWS) {
                    rowsSinceFlush[0] = 0;
                    flush(g);
                }
            }, i);
            try {
                StatementOutcome out = stream.connection().execute(
                        StreamExecutor.sql(stream, step.stmt().sql()), step.stmt().args(), step.stmt().wantRows(), sink);
                results[i] = out;
                executor.recordUsage(stream, out);
                g.writeStartObject();
                g.writeStringField("type", "step_end");
                g.writeNumberField("affected_row_count", out.affectedRowCount());
                g.writeFieldName("last_insert_rowid");
                if (out.lastInsertRowid().isPresent()) {
                    g.writeNumber(out.lastInsertRowid().getAsLong());
                } else {
                    g.writeNull();
                }
                g.writeEndObject();
            } catch (ShoalException e) {
                errors[i] = e;
                g.writeStartObject();
                g.writeStringField("type", "step_error");
                g.writeNumberField("step", i);
                g.writeFieldName("error");
                HranaWriter.error(g, e);
                g.writeEndObject();
            }
            lineEnd.run();
            g.flush();
        }
    }

    /** The cursor's last entry when the batch fails as a whole: {@code {"type":"error","error":{…}}}. */
    private static void writeBatchError(JsonGenerator g, ShoalException e) {
        try {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeFieldName("error");
            HranaWriter.error(g, e);
            g.writeEndObject();
            g.writeRaw('\n');
            g.flush();
        } catch (IOException | RuntimeException ignored) {
            // The client is gone too; the stream is already discarded.
        }
    }

    private static void flush(JsonGenerator g) {
        try {
            g.flush();
        } catch (IOException e) {
            throw new StreamExecutor.ClientGone(e);
        }
    }

    /** The one place Hrana errors become HTTP responses. */
    private static void guard(ServerResponse res, Runnable handler) {
        try {
            handler.run();
        } catch (UncheckedIOException e) {
            log.debug("client connection failed: {}", e.toString()); // the client's doing: no stack trace
        } catch (RuntimeException e) {
            ErrorBodies.hrana(res, ErrorBodies.classify(e));
        }
    }

    /**
     * Read-only pipelines so far that ran on their request's thread ({@code "quick"}, {@code "over_budget"}:
     * interrupted and run again on a SQL thread) or were handed to a SQL thread although eligible
     * ({@code "no_slot"}, {@code "benched"}); see {@link QuickReads}.
     */
    public long quickReads(String outcome) {
        return quickReads.count(QuickReads.Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT)));
    }

    /** Hrana streams open now. */
    public int openStreams() {
        return streams.openStreams();
    }

    /** SQL requests (pipelines, cursors, dumps) waiting for their tenant's turn now. */
    public int waitingForTurn() {
        return admission.waiting();
    }

    /** SQL requests refused (BUSY) so far after waiting for a turn: of their database, or else of their organization. */
    public long refusedTurns(boolean database) {
        return admission.refusals(database);
    }

    @Override
    public void close() {
        quickReads.close();
        admission.close();
        streams.close();
    }
}

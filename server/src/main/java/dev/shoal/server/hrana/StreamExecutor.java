package dev.shoal.server.hrana;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.shoal.core.db.UsageMeter;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.Description;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.StatementOutcome;
import dev.shoal.core.sql.Value;
import dev.shoal.server.hrana.HranaRequest.Batch;
import dev.shoal.server.hrana.HranaRequest.Condition;
import dev.shoal.server.hrana.HranaRequest.SqlRef;
import dev.shoal.server.hrana.HranaRequest.Stmt;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs Hrana stream requests on a stream and writes each result. Statement failures become
 * per-request error results (HTTP 200, the stream stays usable); shape problems were rejected
 * earlier by {@link HranaParser} and {@link #checkSqlIds}.
 */
final class StreamExecutor {
    private final long maxResponseBytes;
    private final UsageMeter usage;

    StreamExecutor(long maxResponseBytes, UsageMeter usage) {
        this.maxResponseBytes = maxResponseBytes;
        this.usage = usage;
    }

    void recordUsage(HranaStream stream, StatementOutcome outcome) {
        usage.record(stream.databaseId(), outcome.rowsRead(), outcome.rowsWritten());
    }

    /**
     * Checks, before anything runs, that every {@code sql_id} a pipeline uses is stored by then,
     * replaying its store_sql/close_sql requests in order, so a bad id fails the whole request.
     */
    static void checkSqlIds(HranaStream stream, List<HranaRequest> requests) {
        if (requests.stream().noneMatch(StreamExecutor::involvesSqlIds)) {
            return; // the usual pipeline: SQL given as text only
        }
        Set<Integer> added = new HashSet<>();
        Set<Integer> removed = new HashSet<>();
        for (HranaRequest r : requests) {
            switch (r) {
                case HranaRequest.StoreSql s -> {
                    boolean present = added.contains(s.sqlId()) || (stream.hasSql(s.sqlId()) && !removed.contains(s.sqlId()));
                    if (present) {
                        throw HranaParser.protocol("store_sql: SQL text with id " + s.sqlId() + " is already stored");
                    }
                    added.add(s.sqlId());
                    removed.remove(s.sqlId());
                }
                case HranaRequest.CloseSql c -> {
                    added.remove(c.sqlId());
                    removed.add(c.sqlId());
                }
                case HranaRequest.Execute e -> checkRef(e.stmt().sql(), stream, added, removed);
                case HranaRequest.Sequence s -> checkRef(s.sql(), stream, added, removed);
                case HranaRequest.Describe d -> checkRef(d.sql(), stream, added, removed);
                case HranaRequest.RunBatch b -> b.batch().steps().forEach(st -> checkRef(st.stmt().sql(), stream, added, removed));
                default -> { }
            }
        }
    }

    private static boolean involvesSqlIds(HranaRequest r) {
        return switch (r) {
            case HranaRequest.StoreSql s -> true;
            case HranaRequest.CloseSql c -> true;
            case HranaRequest.Execute e -> e.stmt().sql().sqlId().isPresent();
            case HranaRequest.Sequence s -> s.sql().sqlId().isPresent();
            case HranaRequest.Describe d -> d.sql().sqlId().isPresent();
            case HranaRequest.RunBatch b -> b.batch().steps().stream().anyMatch(st -> st.stmt().sql().sqlId().isPresent());
            default -> false;
        };
    }

    private static void checkRef(SqlRef ref, HranaStream stream, Set<Integer> added, Set<Integer> removed) {
        if (ref.sqlId().isPresent()) {
            int id = ref.sqlId().get();
            if (!added.contains(id) && (removed.contains(id) || !stream.hasSql(id))) {
                throw HranaParser.protocol("no SQL text is stored with id " + id);
            }
        }
    }

    /** Runs one request and writes its {@code {"type":"ok"|"error", ...}} entry. */
    void run(HranaStream stream, HranaRequest request, JsonGenerator g) throws IOException {
        try {
            switch (request) {
                case HranaRequest.Execute e -> {
                    StmtRun run = execute(stream, e.stmt());
                    okStart(g, "execute");
                    g.writeFieldName("result");
                    HranaWriter.stmtResult(g, run.rows, run.outcome, run.micros);
                    okEnd(g);
                }
                case HranaRequest.RunBatch b -> batch(stream, b.batch(), g);
                case HranaRequest.Sequence s -> {
                    stream.connection().executeScript(sql(stream, s.sql()));
                    okStart(g, "sequence");
                    okEnd(g);
                }
                case HranaRequest.Describe d -> describe(stream, d, g);
                case HranaRequest.StoreSql s -> {
                    stream.storeSql(s.sqlId(), s.sql());
                    okStart(g, "store_sql");
                    okEnd(g);
                }
                case HranaRequest.CloseSql c -> {
                    stream.closeSql(c.sqlId());
                    okStart(g, "close_sql");
                    okEnd(g);
                }
                case HranaRequest.Close c -> {
                    stream.close();
                    okStart(g, "close");
                    okEnd(g);
                }
                case HranaRequest.GetAutocommit a -> {
                    boolean auto = stream.isClosed() || stream.isAutocommit();
                    okStart(g, "get_autocommit");
                    g.writeBooleanField("is_autocommit", auto);
                    okEnd(g);
                }
            }
        } catch (ShoalException e) {
            g.writeStartObject();
            g.writeStringField("type", "error");
            g.writeFieldName("error");
            HranaWriter.error(g, e);
            g.writeEndObject();
        }
    }

    private record StmtRun(CollectedRows rows, StatementOutcome outcome, long micros) {}

    private StmtRun execute(HranaStream stream, Stmt stmt) {
        long start = System.nanoTime();
        CollectedRows rows = new CollectedRows(maxResponseBytes);
        StatementOutcome outcome = stream.connection().execute(sql(stream, stmt.sql()), stmt.args(), stmt.wantRows(), rows);
        recordUsage(stream, outcome);
        return new StmtRun(rows, outcome, (System.nanoTime() - start) / 1000);
    }

    private void batch(HranaStream stream, Batch batch, JsonGenerator g) throws IOException {
        int n = batch.steps().size();
        StmtRun[] results = new StmtRun[n];
        ShoalException[] errors = new ShoalException[n];
        for (int i = 0; i < n; i++) {
            HranaRequest.Step step = batch.steps().get(i);
            if (step.condition().isPresent() && !holds(step.condition().get(), results, errors, stream)) {
                continue;
            }
            try {
                results[i] = execute(stream, step.stmt());
            } catch (ShoalException e) {
                errors[i] = e;
            }
        }
        okStart(g, "batch");
        g.writeObjectFieldStart("result");
        g.writeArrayFieldStart("step_results");
        for (StmtRun r : results) {
            if (r == null) {
                g.writeNull();
            } else {
                HranaWriter.stmtResult(g, r.rows, r.outcome, r.micros);
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("step_errors");
        for (ShoalException e : errors) {
            if (e == null) {
                g.writeNull();
            } else {
                HranaWriter.error(g, e);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
        okEnd(g);
    }

    /** Evaluates a batch condition; steps that were skipped count as neither ok nor error. */
    static boolean holds(Condition c, Object[] results, Object[] errors, HranaStream stream) {
        return switch (c) {
            case Condition.Ok ok -> results[ok.step()] != null;
            case Condition.Error err -> errors[err.step()] != null;
            case Condition.Not not -> !holds(not.cond(), results, errors, stream);
            case Condition.And and -> and.conds().stream().allMatch(x -> holds(x, results, errors, stream));
            case Condition.Or or -> or.conds().stream().anyMatch(x -> holds(x, results, errors, stream));
            case Condition.IsAutocommit a -> stream.isAutocommit();
        };
    }

    private static void describe(HranaStream stream, HranaRequest.Describe d, JsonGenerator g) throws IOException {
        Description desc = stream.connection().describe(sql(stream, d.sql()));
        okStart(g, "describe");
        g.writeObjectFieldStart("result");
        g.writeArrayFieldStart("params");
        for (Optional<String> name : desc.parameterNames()) {
            g.writeStartObject();
            g.writeFieldName("name");
            if (name.isPresent()) {
                g.writeString(name.get());
            } else {
                g.writeNull();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("cols");
        HranaWriter.columns(g, desc.columns());
        g.writeBooleanField("is_explain", desc.explain());
        g.writeBooleanField("is_readonly", desc.readOnly());
        g.writeEndObject();
        okEnd(g);
    }

    static String sql(HranaStream stream, SqlRef ref) {
        if (ref.sql().isPresent()) {
            return ref.sql().get();
        }
        int id = ref.sqlId().orElseThrow();
        return stream.storedSql(id).orElseThrow(() ->
                new ShoalException(ErrorCode.PROTOCOL_ERROR, "no SQL text is stored with id " + id));
    }

    private static void okStart(JsonGenerator g, String type) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "ok");
        g.writeObjectFieldStart("response");
        g.writeStringField("type", type);
    }

    private static void okEnd(JsonGenerator g) throws IOException {
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * A sink that writes cursor entries straight to the response as rows are produced: the step's
     * {@code step_begin} line through the generator, each row's line as {@link RowLine}'s bytes
     * straight to {@code out} (the generator's buffer is drained first, so the order holds), then
     * {@code afterRow}.
     */
    static final class StreamingSink implements RowSink {
        private final JsonGenerator g;
        private final OutputStream out;
        private final Runnable afterRow;
        private final int step;
        private final RowLine line = new RowLine();
        boolean begun;

        StreamingSink(JsonGenerator g, OutputStream out, Runnable afterRow, int step) {
            this.g = g;
            this.out = out;
            this.afterRow = afterRow;
            this.step = step;
        }

        @Override
        public void columns(List<Column> columns) {
            try {
                g.writeStartObject();
                g.writeStringField("type", "step_begin");
                g.writeNumberField("step", step);
                g.writeFieldName("cols");
                HranaWriter.columns(g, columns);
                g.writeEndObject();
                g.writeRaw('\n');
                // Into `out`, not through it: the rows that follow are written to `out` directly.
                g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
                g.flush();
                g.enable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
                begun = true;
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        @Override
        public void row(Value[] row) {
            try {
                line.encode(row);
                line.writeTo(out); // the generator's bytes for it, without its per-value work
                out.write('\n');
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            afterRow.run();
        }
    }

    /** The client stopped reading a streamed response; the statement is abandoned. */
    static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }
}

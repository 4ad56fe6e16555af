package dev.shoal.server.hrana;

import dev.shoal.core.db.UsageMeter;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.StatementOutcome;
import dev.shoal.core.sql.Value;
import dev.shoal.core.sql.dump.DumpOutput;
import dev.shoal.core.sql.dump.DumpSource;
import dev.shoal.core.sql.dump.SqlDump;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One database dumped by core's {@link SqlDump} on one connection, inside one read transaction, so
 * the whole text shows one snapshot however long it takes; the text goes into a {@link DumpPipe} in
 * chunks of about {@link #CHUNK_CHARS}. Every query goes through the connection like any tenant
 * statement (the SQL policy, the block flags, the statement time limit, usage counters).
 */
final class SnapshotDump implements DumpSource<RuntimeException>, DumpOutput<RuntimeException> {
    static final int CHUNK_CHARS = 32 * 1024;

    private final SqlConnection connection;
    private final DumpPipe pipe;
    private final UsageMeter usage;
    private final UUID databaseId;
    private final StringBuilder buffer = new StringBuilder(CHUNK_CHARS + 1024);

    private SnapshotDump(SqlConnection connection, DumpPipe pipe, UsageMeter usage, UUID databaseId) {
        this.connection = connection;
        this.pipe = pipe;
        this.usage = usage;
        this.databaseId = databaseId;
    }

    /**
     * Dumps the database {@code connection} is on into {@code pipe}. The caller closes the
     * connection, which ends the read transaction and gives the connection back.
     */
    static void run(SqlConnection connection, DumpPipe pipe, UsageMeter usage, UUID databaseId) {
        pipe.onCancel(() -> connection.interrupt(DumpPipe.CLIENT_GONE));
        // Deferred: the snapshot is taken at the first read, and every later query sees the same one.
        connection.execute("BEGIN", Arguments.NONE, false, RowSink.DISCARD);
        SnapshotDump dump = new SnapshotDump(connection, pipe, usage, databaseId);
        new SqlDump<>(dump, dump).dump(Optional.empty());
        dump.handOver();
    }

    @Override
    public List<List<Value>> rows(String sql, List<Value> args) {
        List<List<Value>> rows = new ArrayList<>();
        execute(sql, new Arguments(args, List.of()), rows::add);
        return rows;
    }

    /** Shoal's SQLite has every pragma function the dump uses: a failure here is a real one. */
    @Override
    public Optional<List<List<Value>>> rowsIfSupported(String sql, List<Value> args) {
        return Optional.of(rows(sql, args));
    }

    @Override
    public void stream(String sql, RowConsumer<RuntimeException> rows) {
        execute(sql, Arguments.NONE, rows::row);
    }

    private void execute(String sql, Arguments args, java.util.function.Consumer<List<Value>> each) {
        StatementOutcome out = connection.execute(sql, args, true, new RowSink() {
            @Override
            public void columns(List<Column> columns) {}

            @Override
            public void row(Value[] row) {
                each.accept(Arrays.asList(row));
            }
        });
        usage.record(databaseId, out.rowsRead(), out.rowsWritten());
    }

    @Override
    public void print(CharSequence text) {
        buffer.append(text);
        if (buffer.length() >= CHUNK_CHARS) {
            handOver();
        }
    }

    /** Chunks go over when full, and the rest at the end: a small dump is sent (or fails) whole. */
    @Override
    public void flush() {}

    private void handOver() {
        if (!buffer.isEmpty()) {
            pipe.put(buffer.toString().getBytes(StandardCharsets.UTF_8));
            buffer.setLength(0);
        }
    }

    @Override
    public void checkStillWanted() {
        pipe.checkStillWanted();
    }
}

package dev.shoal.storage.engine;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.Description;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.StatementOutcome;
import dev.shoal.core.sql.Value;
import dev.shoal.core.migration.MigrationProgram;
import dev.shoal.core.migration.SchemaCommits;
import dev.shoal.core.policy.AttachStatement;
import dev.shoal.core.policy.Judgement;
import dev.shoal.core.sql.lexer.Parameter;
import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.StatementKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

/**
 * A pooled SQLite connection serving one client stream at a time. It knows whether it is inside
 * an explicit transaction (tracked from the statements it runs, and re-checked with SQLite after
 * anything that may have ended a transaction behind its back), and it holds its database's
 * {@link WriteGate} from its first write until that transaction ends.
 */
final class SqliteConnection implements SqlConnection {
    private static final int STATEMENT_CACHE = 64;
    /**
     * A writer to a schema database waits this long for the migration ahead of it (which holds the
     * writer slot until every child is done), instead of the ordinary busy timeout.
     */
    static final java.time.Duration SCHEMA_WRITER_WAIT = java.time.Duration.ofSeconds(60);
    /** SQLite's own bound, what a fresh connection has: a database without a size limit keeps it. */
    private static final long SQLITE_MAX_PAGE_COUNT = 4294967294L;

    private final OpenDatabase owner;
    private final MigrationRecorder recorder = new MigrationRecorder();
    private final SQLiteConnection conn;
    private final DB db;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > STATEMENT_CACHE) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private ConnectionOptions options = ConnectionOptions.DEFAULT;
    private boolean queryOnly;
    private long maxPageCount = SQLITE_MAX_PAGE_COUNT;
    private boolean applied;
    /** The size limit {@link #apply} last turned into {@code max_page_count}. */
    private java.util.OptionalLong appliedMaxSize = java.util.OptionalLong.empty();
    private boolean inTransaction;
    private boolean holdsWriter;
    private boolean broken;
    /** Set when a statement may have left per-connection state (temp objects, pragmas) behind. */
    private boolean dirty;
    private final RunningStatement statement;
    private final Attachments attachments;
    private final boolean utf8;

    /** {@code utf8}: the database's text encoding is UTF-8 (see {@link StatementResults#read}). */
    SqliteConnection(OpenDatabase owner, SQLiteConnection conn, boolean utf8) {
        this.owner = owner;
        this.conn = conn;
        this.db = conn.getDatabase();
        this.statement = new RunningStatement(db);
        this.attachments = new Attachments(conn, owner);
        this.utf8 = utf8;
    }

    /** Sets the stream's rules on this (possibly reused) connection; SQLite enforces them too. */
    void apply(ConnectionOptions opts) {
        this.options = opts;
        boolean ro = opts.writes() != ConnectionOptions.Writes.ALLOWED;
        if (applied && ro == queryOnly && opts.maxSizeBytes().equals(appliedMaxSize)) {
            return; // the common case: a pooled connection reused with the same limits (no SQL to run)
        }
        try (Statement st = conn.createStatement()) {
            if (ro != queryOnly) {
                st.execute("PRAGMA query_only = " + (ro ? 1 : 0));
                queryOnly = ro;
            }
            long pages = SQLITE_MAX_PAGE_COUNT;
            if (opts.maxSizeBytes().isPresent()) {
                try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                    pages = Math.max(1, opts.maxSizeBytes().getAsLong() / (rs.next() ? rs.getLong(1) : 4096));
                }
            }
            if (pages != maxPageCount) {
                st.execute("PRAGMA max_page_count = " + pages);
                maxPageCount = pages;
            }
            applied = true;
            appliedMaxSize = opts.maxSizeBytes();
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }

    @Override
    public StatementOutcome execute(String sql, Arguments args, boolean wantRows, RowSink sink) {
        return run(single(sql), args, wantRows, sink, true);
    }

    @Override
    public void executeScript(String script) {
        for (SqlStatement stmt : SqlLexer.split(script)) {
            run(stmt, Arguments.NONE, false, RowSink.DISCARD, false);
        }
    }

    @Override
    public Description describe(String sql) {
        SqlStatement stmt = single(sql);
        Judgement judged = judge(stmt); // preparing a pragma already applies it: judge before SQLite sees it
        try {
            PreparedStatement ps = prepared(judged.sql());
            List<Optional<String>> names = new ArrayList<>();
            for (int i = 1; i <= stmt.parameterCount(); i++) {
                names.add(Optional.empty());
            }
            for (Parameter p : stmt.parameters()) {
                names.set(p.index() - 1, p.name());
            }
            boolean readOnly = stmt.explain() || !judged.writes();
            return new Description(names, StatementResults.columns(ps), stmt.explain(), readOnly);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        } finally {
            if (judged.leavesState()) {
                dirty = true;
                verifyManagedSettings(false);
            }
        }
    }

    @Override
    public boolean holdsWriter() {
        return holdsWriter;
    }

    @Override
    public boolean isAutocommit() {
        return !inTransaction;
    }

    @Override
    public void close() {
        rollbackQuietly();
        if (!attachments.detachAll()) { // an attachment must never reach the next stream
            broken = true;
        }
        releaseWriterIfIdle();
        if (holdsWriter) { // a transaction we could not end: never hand this connection out again
            releaseWriter();
            broken = true;
        }
        owner.giveBack(this);
    }

    /** Whether the pool may hand this connection to another stream: no leftovers from this one. */
    boolean reusable() {
        return !broken && !statement.failed() && !inTransaction && !dirty && attachments.isEmpty();
    }

    void closePhysically() {
        statements.values().forEach(SqliteConnection::closeQuietly);
        statements.clear();
        try {
            conn.close();
        } catch (SQLException ignored) {
            // Closing is best effort: the handle is being discarded either way.
        }
    }

    private SqlStatement single(String sql) {
        List<SqlStatement> parts = SqlLexer.split(sql);
        if (parts.isEmpty()) {
            throw new ShoalException(ErrorCode.SQL_NO_STATEMENT, "SQL string does not contain any statement");
        }
        if (parts.size() > 1) {
            throw new ShoalException(ErrorCode.SQL_MANY_STATEMENTS, "SQL string contains more than one statement");
        }
        return parts.get(0);
    }

    private StatementOutcome run(SqlStatement stmt, Arguments args, boolean wantRows, RowSink sink, boolean strictArgs) {
        if (owner.watchdog().refusing()) {
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down; retry on another server");
        }
        Judgement judged = judge(stmt);
        if (judged.attachment().isPresent()) {
            return attachment(judged.attachment().get(), judged.sql(), sink);
        }
        if (options.role() == ConnectionOptions.Role.SCHEMA && !stmt.explain()) {
            if (judged.writes() && !inTransaction && stmt.kind() != StatementKind.BEGIN
                    && !MigrationRecorder.isMaintenance(stmt)) {
                return implicitMigration(stmt, args, wantRows, sink, strictArgs);
            }
            if (stmt.kind() == StatementKind.COMMIT && inTransaction && recorder.wrote()) {
                return commitMigration(stmt, judged);
            }
        }
        StatementOutcome out = step(stmt, judged, args, wantRows, sink, strictArgs);
        if (options.role() == ConnectionOptions.Role.SCHEMA) {
            track(stmt, judged, args);
        }
        return out;
    }

    /** ATTACH and DETACH, which Shoal runs itself (see {@link Attachments}). */
    private StatementOutcome attachment(AttachStatement a, String sql, RowSink sink) {
        switch (a) {
            case AttachStatement.Attach attach -> attachments.attach(attach, sql, options.attach());
            case AttachStatement.Detach detach -> attachments.detach(detach, sql);
        }
        sink.columns(List.of());
        return new StatementOutcome(0, OptionalLong.empty(), 0, 0);
    }

    // ---------------------------------------------------------------------------------------
    // Schema databases: a transaction that wrote becomes a migration at its COMMIT

    private void track(SqlStatement stmt, Judgement judged, Arguments args) {
        if (stmt.explain()) {
            return;
        }
        if (stmt.kind() == StatementKind.BEGIN) {
            recorder.begin(Pragmas.read(conn, "foreign_keys") == 1, Pragmas.read(conn, "schema_version"),
                    totalChanges());
        } else if (!inTransaction) {
            recorder.clear(); // ROLLBACK, COMMIT of a read-only transaction, or SQLite ended it
        } else {
            recorder.succeeded(stmt, judged, args);
        }
    }

    /** A write outside a transaction: a one-statement migration, in a transaction of its own. */
    private StatementOutcome implicitMigration(SqlStatement stmt, Arguments args, boolean wantRows, RowSink sink,
            boolean strictArgs) {
        SqlStatement begin = single("BEGIN IMMEDIATE");
        run(begin, Arguments.NONE, false, RowSink.DISCARD, false);
        StatementOutcome out;
        try {
            out = run(stmt, args, wantRows, sink, strictArgs);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        run(single("COMMIT"), Arguments.NONE, false, RowSink.DISCARD, false);
        return out;
    }

    /**
     * COMMIT of a schema database's transaction that wrote: every child first (dry run on all, then
     * each applied), then this database, with its version moved in the same transaction. If the
     * fan-out fails, this transaction is rolled back and the COMMIT fails with the migration's error.
     */
    private StatementOutcome commitMigration(SqlStatement commit, Judgement judged) {
        if (recorder.changedNothing(Pragmas.read(conn, "schema_version"), totalChanges())) {
            recorder.clear();
            return step(commit, judged, Arguments.NONE, false, RowSink.DISCARD, false);
        }
        MigrationProgram program = recorder.program();
        recorder.clear();
        SchemaCommits.Completion done;
        try {
            long version = ChildVersion.read(conn) + 1;
            done = owner.schemaCommits().fanOut(owner.id(), version, program, options.sender());
            ChildVersion.write(conn, version);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        try {
            StatementOutcome out = step(commit, judged, Arguments.NONE, false, RowSink.DISCARD, false);
            if (!inTransaction) {
                done.parentCommitted();
                return out;
            }
            throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR, "the schema database did not commit");
        } catch (RuntimeException e) {
            rollbackQuietly();
            done.parentFailed(e);
            throw e;
        }
    }

    private long totalChanges() {
        try {
            return db.total_changes();
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }

    private void rollbackQuietly() {
        if (inTransaction) {
            try (Statement st = conn.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException e) {
                refreshTransactionState();
            }
            inTransaction = false;
            releaseWriterIfIdle();
        }
        recorder.clear();
    }

    private void checkNotBlocked(Judgement judged) {
        if (judged.writes() && options.role() != ConnectionOptions.Role.MIGRATION) {
            owner.writeBlocks().blockedBy(owner.id()).ifPresent(job -> {
                throw new ShoalException(ErrorCode.BLOCKED,
                        "Operation was blocked: schema migration " + job + " in progress");
            });
        }
    }

    /** One statement as SQLite runs it, with the writer slot, the time limit and the statement cache. */
    private StatementOutcome step(SqlStatement stmt, Judgement judged, Arguments args, boolean wantRows, RowSink sink,
            boolean strictArgs) {
        checkNotBlocked(judged);
        if (judged.writes() && !holdsWriter) {
            owner.gate().acquire(options.role() == ConnectionOptions.Role.SCHEMA
                    ? SCHEMA_WRITER_WAIT : owner.settings().busyTimeout());
            holdsWriter = true;
            try {
                checkNotBlocked(judged); // a job may have blocked writes while this one waited its turn
            } catch (RuntimeException e) {
                releaseWriterIfIdle();
                throw e;
            }
        }
        boolean ok = false;
        boolean started = false;
        try {
            PreparedStatement ps = prepared(judged.sql());
            bind(ps, stmt, args, strictArgs);
            long totalBefore = db.total_changes();
            started = true;
            beginRunning();
            boolean hasRows = executeStatement(ps, judged);
            long rows = StatementResults.read(ps, hasRows, wantRows, sink, utf8);
            long written = db.total_changes() - totalBefore;
            long affected = stmt.kind().changesRows() && !stmt.explain() ? db.changes() : 0;
            OptionalLong rowid = stmt.kind() == StatementKind.INSERT && !stmt.explain()
                    ? OptionalLong.of(lastInsertRowid()) : OptionalLong.empty();
            ok = true;
            return new StatementOutcome(affected, rowid, rows, written);
        } catch (SQLException e) {
            throw statement.interruption(e).orElseGet(() -> SqliteErrors.translate(e));
        } finally {
            if (started) {
                endRunning();
            }
            if (!ok && started) {
                // sqlite-jdbc closes a statement that failed while stepping; a cached closed statement
                // would fail every later use of the same text ("statement is not executing").
                forget(judged.sql());
            }
            afterStatement(stmt, judged, ok);
        }
    }

    private Judgement judge(SqlStatement stmt) {
        return owner.policy().judge(stmt, options);
    }

    /** VACUUM attaches a scratch database internally, so it alone gets one more attach slot. */
    private boolean executeStatement(PreparedStatement ps, Judgement judged) throws SQLException {
        if (!judged.scratchAttach()) {
            return ps.execute();
        }
        db.limit(OpenDatabase.SQLITE_LIMIT_ATTACHED, attachments.slotsForVacuum());
        try {
            return ps.execute();
        } finally {
            db.limit(OpenDatabase.SQLITE_LIMIT_ATTACHED, 0);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Time limit: the watchdog interrupts a statement that runs past its deadline

    /** This connection's place in the watchdog while a statement runs (begin and end run on one thread). */
    private int watchTicket;

    private void beginRunning() {
        statement.begin(owner.settings().statementTimeout());
        watchTicket = owner.watchdog().started(this);
    }

    private void endRunning() {
        owner.watchdog().ended(this, watchTicket);
        statement.end();
    }

    /** Called by the watchdog thread. */
    boolean interruptIfOverdue(long nowNanos) {
        return statement.interruptIfOverdue(nowNanos, owner.settings().statementTimeout());
    }

    @Override
    public void interrupt(String reason) {
        statement.interruptNow(reason);
    }

    /** Interrupts the running statement, if any, saying why (shutdown, a client that went away). */
    void interruptNow(String reason) {
        statement.interruptNow(reason);
    }

    /**
     * After anything that may have changed a connection setting: the settings Shoal manages must
     * still be as Shoal set them. The policy refuses every statement that changes them; this is the
     * check with SQLite itself behind it. A mismatch closes the connection for good.
     */
    private void verifyManagedSettings(boolean failLoudly) {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT q.query_only, t.trusted_schema, w.writable_schema, "
                        + "m.max_page_count, j.journal_mode FROM pragma_query_only AS q, pragma_trusted_schema AS t, "
                        + "pragma_writable_schema AS w, pragma_max_page_count AS m, pragma_journal_mode AS j")) {
            boolean same = rs.next() && rs.getBoolean(1) == queryOnly && !rs.getBoolean(2) && !rs.getBoolean(3)
                    && rs.getLong(4) == maxPageCount && "wal".equalsIgnoreCase(rs.getString(5));
            if (!same) {
                broken = true;
                org.slf4j.LoggerFactory.getLogger(SqliteConnection.class)
                        .warn("a statement changed a managed setting; connection discarded");
            }
            if (!same && failLoudly) {
                throw ShoalException.sqlite("SQLITE_AUTH",
                        "the statement changed a setting Shoal manages; the connection was closed", null);
            }
        } catch (SQLException e) {
            broken = true;
            if (failLoudly) {
                throw SqliteErrors.translate(e);
            }
        }
    }

    private void bind(PreparedStatement ps, SqlStatement stmt, Arguments args, boolean strict) throws SQLException {
        ps.clearParameters();
        int count = stmt.parameterCount();
        List<Value> positional = args.positional();
        if (positional.size() > count) {
            throw new ShoalException(ErrorCode.ARGS_INVALID, "statement has " + count + " parameter"
                    + (count == 1 ? "" : "s") + " but " + positional.size() + " values were given");
        }
        boolean[] bound = new boolean[count + 1];
        for (int i = 0; i < positional.size(); i++) {
            setValue(ps, i + 1, positional.get(i));
            bound[i + 1] = true;
        }
        for (Arguments.Named named : args.named()) {
            int index = resolveName(stmt, named.name());
            setValue(ps, index, named.value());
            bound[index] = true;
        }
        for (int i = 1; i <= count; i++) {
            if (!bound[i]) {
                ps.setNull(i, Types.NULL);
            }
        }
        if (strict) {
            for (Parameter p : stmt.parameters()) {
                if (!bound[p.index()]) {
                    throw new ShoalException(ErrorCode.ARGS_INVALID, "parameter "
                            + p.name().orElse("?" + p.index()) + " has no value");
                }
            }
        }
    }

    private static int resolveName(SqlStatement stmt, String name) {
        Optional<Integer> index = stmt.indexOf(name);
        if (index.isEmpty() && !name.isEmpty() && ":@$".indexOf(name.charAt(0)) < 0) {
            for (String prefix : new String[] {":", "@", "$"}) {
                index = stmt.indexOf(prefix + name);
                if (index.isPresent()) {
                    break;
                }
            }
        }
        return index.orElseThrow(() -> new ShoalException(ErrorCode.ARGS_INVALID,
                "statement has no parameter named `" + name + "`"));
    }

    private static void setValue(PreparedStatement ps, int index, Value v) throws SQLException {
        switch (v) {
            case Value.Null n -> ps.setNull(index, Types.NULL);
            case Value.Integer i -> ps.setLong(index, i.value());
            case Value.Real r -> ps.setDouble(index, r.value());
            case Value.Text t -> ps.setString(index, t.value());
            case Value.Blob b -> ps.setBytes(index, b.value());
        }
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private long lastInsertRowid() throws SQLException {
        try (ResultSet rs = prepared("SELECT last_insert_rowid()").executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void afterStatement(SqlStatement stmt, Judgement judged, boolean ok) {
        if (judged.leavesState()) {
            dirty = true; // a fresh connection for the next stream costs little
        }
        if (ok && !stmt.explain()) {
            switch (stmt.kind()) {
                case BEGIN -> inTransaction = true;
                case COMMIT, ROLLBACK -> inTransaction = false;
                case SAVEPOINT -> inTransaction = true;
                case RELEASE -> refreshTransactionState();
                default -> { }
            }
        } else if (!ok && (inTransaction || stmt.kind() == StatementKind.COMMIT)) {
            // Some errors make SQLite roll the whole transaction back; ask rather than guess.
            refreshTransactionState();
        }
        releaseWriterIfIdle();
        if (judged.leavesState() && stmt.kind() == StatementKind.PRAGMA) {
            verifyManagedSettings(ok);
        }
    }

    /** Asks SQLite whether a transaction is open: BEGIN fails inside one and is undone outside. */
    private void refreshTransactionState() {
        try (Statement st = conn.createStatement()) {
            try {
                st.execute("BEGIN");
            } catch (SQLException inside) {
                inTransaction = true;
                return;
            }
            st.execute("ROLLBACK");
            inTransaction = false;
        } catch (SQLException e) {
            broken = true;
        }
    }

    private void releaseWriterIfIdle() {
        if (holdsWriter && !inTransaction) {
            releaseWriter();
        }
    }

    private void releaseWriter() {
        holdsWriter = false;
        owner.gate().release();
    }

    private void forget(String sql) {
        PreparedStatement ps = statements.remove(sql);
        if (ps != null) {
            closeQuietly(ps);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // Evicted statements are discarded; a failed finalize changes nothing for the caller.
        }
    }
}

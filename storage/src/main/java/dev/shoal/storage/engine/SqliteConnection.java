package dev.shoal.storage.engine;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.Description;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.StatementOutcome;
import dev.shoal.core.sql.Value;
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
    private static final long SQLITE_MAX_PAGE_COUNT = 4294967294L;
    private static final RowSink DISCARD = new RowSink() {
        @Override
        public void columns(List<Column> columns) {}

        @Override
        public void row(Value[] row) {}
    };

    private final OpenDatabase owner;
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
    private long maxPageCount = -1;
    private boolean inTransaction;
    private boolean holdsWriter;
    private boolean broken;
    /** Set when a statement may have left per-connection state (temp objects, pragmas) behind. */
    private boolean dirty;

    SqliteConnection(OpenDatabase owner, SQLiteConnection conn) {
        this.owner = owner;
        this.conn = conn;
        this.db = conn.getDatabase();
    }

    /** Sets the stream's rules on this (possibly reused) connection; SQLite enforces them too. */
    void apply(ConnectionOptions opts) {
        if (opts.equals(options) && maxPageCount != -1) {
            return; // the common case: a pooled connection reused with the same rules
        }
        this.options = opts;
        try (Statement st = conn.createStatement()) {
            boolean ro = opts.writes() != ConnectionOptions.Writes.ALLOWED;
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
            run(stmt, Arguments.NONE, false, DISCARD, false);
        }
    }

    @Override
    public Description describe(String sql) {
        SqlStatement stmt = single(sql);
        try {
            PreparedStatement ps = prepared(stmt.sql());
            List<Optional<String>> names = new ArrayList<>();
            for (int i = 1; i <= stmt.parameterCount(); i++) {
                names.add(Optional.empty());
            }
            for (Parameter p : stmt.parameters()) {
                names.set(p.index() - 1, p.name());
            }
            boolean readOnly = stmt.explain() || !stmt.needsWriter() || isReadOnlyPragma(stmt);
            return new Description(names, columns(ps), stmt.explain(), readOnly);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }

    @Override
    public boolean isAutocommit() {
        return !inTransaction;
    }

    @Override
    public void close() {
        if (inTransaction) {
            try (Statement st = conn.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException e) {
                refreshTransactionState();
            }
            inTransaction = false;
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
        return !broken && !inTransaction && !dirty;
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
        checkAllowed(stmt);
        if (stmt.needsWriter() && !holdsWriter) {
            owner.gate().acquire(owner.settings().busyTimeout());
            holdsWriter = true;
        }
        boolean ok = false;
        try {
            PreparedStatement ps = prepared(stmt.sql());
            bind(ps, stmt, args, strictArgs);
            long totalBefore = db.total_changes();
            boolean hasRows = executeStatement(ps, stmt);
            sink.columns(columns(ps));
            long rows = hasRows ? readRows(ps, wantRows, sink) : 0;
            long written = db.total_changes() - totalBefore;
            long affected = stmt.kind().changesRows() && !stmt.explain() ? db.changes() : 0;
            OptionalLong rowid = stmt.kind() == StatementKind.INSERT && !stmt.explain()
                    ? OptionalLong.of(lastInsertRowid()) : OptionalLong.empty();
            ok = true;
            return new StatementOutcome(affected, rowid, rows, written);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        } finally {
            afterStatement(stmt, ok);
        }
    }

    /** VACUUM attaches a scratch database internally, so it alone gets one attach slot. */
    private boolean executeStatement(PreparedStatement ps, SqlStatement stmt) throws SQLException {
        if (stmt.kind() != StatementKind.VACUUM) {
            return ps.execute();
        }
        db.limit(OpenDatabase.SQLITE_LIMIT_ATTACHED, 1);
        try {
            return ps.execute();
        } finally {
            db.limit(OpenDatabase.SQLITE_LIMIT_ATTACHED, 0);
        }
    }

    /**
     * Settings Shoal manages for the tenant (durability, size limit, read-only tokens, file
     * layout): a tenant may read them but not change them.
     */
    private static final java.util.Set<String> MANAGED_PRAGMAS = java.util.Set.of("journal_mode", "max_page_count",
            "query_only", "locking_mode", "synchronous", "temp_store_directory", "data_store_directory",
            "writable_schema", "mmap_size", "journal_size_limit", "wal_autocheckpoint");

    /** Refuses what the stream's options forbid before SQLite sees it (query_only is the backstop). */
    private void checkAllowed(SqlStatement stmt) {
        if (stmt.kind() == StatementKind.VACUUM && INTO.matcher(stmt.sql()).find()) {
            throw ShoalException.sqlite("SQLITE_AUTH", "VACUUM INTO is not allowed: it writes a file on the server; "
                    + "use `shoal db create --from-db` to copy a database", null);
        }
        if (stmt.kind() == StatementKind.PRAGMA && !isReadOnlyPragma(stmt)) {
            String name = pragmaName(stmt.sql());
            if (MANAGED_PRAGMAS.contains(name)) {
                throw ShoalException.sqlite("SQLITE_AUTH", "PRAGMA " + name + " is managed by Shoal and cannot be changed", null);
            }
        }
        if (options.blockReads()) {
            throw new ShoalException(ErrorCode.BLOCKED, "Operation was blocked: reads are blocked on this database");
        }
        boolean writes = stmt.needsWriter() && !isReadOnlyPragma(stmt);
        if (writes && options.writes() == ConnectionOptions.Writes.BLOCKED) {
            throw new ShoalException(ErrorCode.BLOCKED, "Operation was blocked: writes are blocked on this database");
        }
        if (writes && options.writes() == ConnectionOptions.Writes.READ_ONLY_TOKEN) {
            throw ShoalException.sqlite("SQLITE_READONLY",
                    "this token is read-only: writes are not allowed (mint a full-access token to write)", null);
        }
    }

    private long readRows(PreparedStatement ps, boolean wantRows, RowSink sink) throws SQLException {
        CoreStatement core = (CoreStatement) ps;
        long count = 0;
        try (ResultSet rs = ps.getResultSet()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                count++;
                if (wantRows) {
                    sink.row(core.pointer.safeRun((d, ptr) -> readRow(d, ptr, n)));
                }
            }
        }
        return count;
    }

    private static Value[] readRow(DB d, long ptr, int n) throws SQLException {
        Value[] row = new Value[n];
        for (int i = 0; i < n; i++) {
            row[i] = switch (d.column_type(ptr, i)) {
                case 1 -> new Value.Integer(d.column_long(ptr, i));
                case 2 -> new Value.Real(d.column_double(ptr, i));
                case 3 -> new Value.Text(d.column_text(ptr, i));
                case 4 -> new Value.Blob(blob(d.column_blob(ptr, i)));
                default -> Value.NULL;
            };
        }
        return row;
    }

    private static byte[] blob(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    private List<Column> columns(PreparedStatement ps) throws SQLException {
        CoreStatement core = (CoreStatement) ps;
        return core.pointer.safeRun((d, ptr) -> {
            int n = d.column_count(ptr);
            List<Column> cols = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                cols.add(new Column(d.column_name(ptr, i), Optional.ofNullable(d.column_decltype(ptr, i))));
            }
            return cols;
        });
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

    private void afterStatement(SqlStatement stmt, boolean ok) {
        if ((stmt.kind() == StatementKind.PRAGMA && !isReadOnlyPragma(stmt)) || stmt.kind() == StatementKind.OTHER
                || (stmt.kind() == StatementKind.DDL && TEMP.matcher(stmt.sql()).find())) {
            dirty = true; // conservative: a fresh connection for the next stream costs little
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

    private static final java.util.regex.Pattern TEMP =
            java.util.regex.Pattern.compile("\\btemp(orary)?\\b", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern INTO =
            java.util.regex.Pattern.compile("\\binto\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The pragma's name, lowercased, without a schema prefix: {@code PRAGMA main.Foo = 1} is {@code foo}. */
    static String pragmaName(String sql) {
        String rest = sql.trim().substring("pragma".length()).trim();
        int end = 0;
        while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_'
                || rest.charAt(end) == '.')) {
            end++;
        }
        String name = rest.substring(0, end);
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isReadOnlyPragma(SqlStatement stmt) {
        return stmt.kind() == StatementKind.PRAGMA && stmt.sql().indexOf('=') < 0;
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // Evicted statements are discarded; a failed finalize changes nothing for the caller.
        }
    }
}

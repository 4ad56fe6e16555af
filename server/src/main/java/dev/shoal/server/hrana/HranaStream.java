package dev.shoal.server.hrana;

import dev.shoal.core.concurrent.SweepSet;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A Hrana stream: one SQL connection (opened on first use, counted against the
 * {@link ConnectionBudget} until the stream ends) and the SQL texts stored on it.
 * Used by one request at a time; {@link StreamRegistry} hands it over with batons.
 */
final class HranaStream {
    static final int MAX_STORED_SQL = 1000;
    static final int MAX_STORED_SQL_CHARS = 256 * 1024;

    private final UUID databaseId;
    private final String organization;
    private final SqlDatabases databases;
    private final ConnectionOptions options;
    private final ConnectionBudget budget;
    private final Map<Integer, String> storedSql = new HashMap<>();
    private volatile SqlConnection connection;
    private boolean closed;
    /** The baton a cursor response announced before it finished (see {@link StreamRegistry#publish}). */
    volatile String reservedBaton;
    /** Its place in the registry's live streams ({@link StreamRegistry}), set when it is opened. */
    volatile int liveTicket = SweepSet.OVERFLOWED;

    HranaStream(UUID databaseId, String organization, SqlDatabases databases, ConnectionOptions options,
            ConnectionBudget budget) {
        this.databaseId = databaseId;
        this.organization = organization;
        this.databases = databases;
        this.options = options;
        this.budget = budget;
    }

    UUID databaseId() {
        return databaseId;
    }

    String organization() {
        return organization;
    }

    SqlConnection connection() {
        if (closed) {
            throw new ShoalException(ErrorCode.STREAM_CLOSED, "the stream is closed");
        }
        if (connection == null) {
            budget.acquire();
            try {
                connection = databases.connect(databaseId, options);
            } catch (RuntimeException | Error e) {
                budget.release();
                throw e;
            }
        }
        return connection;
    }

    /**
     * Interrupts the statement running on this stream now, if any; callable from any thread. Under
     * the stream's lock, which {@link #close} takes to let go of the connection: an interrupt can
     * never reach the connection once it is back in the pool, serving another stream.
     */
    synchronized void interrupt(String reason) {
        SqlConnection c = connection;
        if (c != null) {
            c.interrupt(reason);
        }
    }

    /** Whether the stream holds its database's writer slot (read by other threads: a hint, not a lock). */
    boolean holdsWriter() {
        SqlConnection c = connection;
        return c != null && c.holdsWriter();
    }

    boolean isAutocommit() {
        return connection == null || connection.isAutocommit();
    }

    boolean isClosed() {
        return closed;
    }

    void storeSql(int id, String sql) {
        if (storedSql.containsKey(id)) {
            throw new ShoalException(ErrorCode.PROTOCOL_ERROR, "SQL text with id " + id + " is already stored");
        }
        if (storedSql.size() >= MAX_STORED_SQL) {
            throw new ShoalException(ErrorCode.SQL_STORE_TOO_MANY,
                    "a stream may store at most " + MAX_STORED_SQL + " SQL texts; close some with close_sql");
        }
        if (sql.length() > MAX_STORED_SQL_CHARS) {
            throw new ShoalException(ErrorCode.SQL_STORE_TOO_LARGE,
                    "a stored SQL text may be at most " + MAX_STORED_SQL_CHARS + " characters");
        }
        storedSql.put(id, sql);
    }

    void closeSql(int id) {
        storedSql.remove(id);
    }

    boolean hasSql(int id) {
        return storedSql.containsKey(id);
    }

    Optional<String> storedSql(int id) {
        return Optional.ofNullable(storedSql.get(id));
    }

    /** Ends the stream: rolls back any open transaction and returns the connection. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        SqlConnection c;
        synchronized (this) { // no interrupt after this (see interrupt)
            c = connection;
            connection = null;
        }
        if (c != null) {
            try {
                c.close();
            } finally {
                budget.release();
            }
        }
    }
}

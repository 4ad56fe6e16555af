package dev.shoal.core.sql;

/**
 * One SQLite connection to one tenant database, held by one client stream at a time.
 * Not thread-safe: callers run one operation at a time. Statement failures throw
 * {@link dev.shoal.core.error.ShoalException} and leave the connection usable.
 */
public interface SqlConnection extends AutoCloseable {
    /**
     * Runs exactly one statement, feeding its columns and (when {@code wantRows}) its rows to
     * {@code sink}. Fails with SQL_NO_STATEMENT / SQL_MANY_STATEMENTS for zero or several.
     */
    StatementOutcome execute(String sql, Arguments args, boolean wantRows, RowSink sink);

    /** Runs every statement of a script in order, discarding rows; stops at the first failure. */
    void executeScript(String script);

    /** Prepares one statement without running it. */
    Description describe(String sql);

    /**
     * Interrupts the statement running on this connection now, if any (it fails with
     * SQLITE_INTERRUPT and {@code reason}); a no-op between statements. Callable from any thread.
     */
    void interrupt(String reason);

    /** Whether this connection holds its database's writer slot (an open write transaction). */
    boolean holdsWriter();

    /** Whether the connection is outside an explicit transaction. */
    boolean isAutocommit();

    /** Rolls back any open transaction and returns the connection to its database's pool. */
    @Override
    void close();
}

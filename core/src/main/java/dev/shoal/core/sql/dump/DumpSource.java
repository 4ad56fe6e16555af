package dev.shoal.core.sql.dump;

import dev.shoal.core.sql.Value;
import java.util.List;
import java.util.Optional;

/**
 * What {@link SqlDump} needs from a database: run a query and hand back its rows. The CLI answers
 * over Hrana (HTTP), the server over a {@link dev.shoal.core.sql.SqlConnection}; {@code E} is what
 * their failures are (the CLI's checked shell error, or an unchecked one on the server).
 *
 * @param <E> the failure a query may end with
 */
public interface DumpSource<E extends Exception> {
    /** Runs a small query (the schema, a table's columns) and returns all its rows. */
    List<List<Value>> rows(String sql, List<Value> args) throws E;

    /**
     * The same for a query an older server may not understand ({@code pragma_table_list}):
     * empty when the query failed as a statement, so the dump can do without it.
     */
    Optional<List<List<Value>>> rowsIfSupported(String sql, List<Value> args) throws E;

    /** Runs a query that may return any number of rows, passing each to {@code rows} as it comes. */
    void stream(String sql, RowConsumer<E> rows) throws E;

    /** Receives one row of a streamed query. */
    interface RowConsumer<E extends Exception> {
        void row(List<Value> values) throws E;
    }
}

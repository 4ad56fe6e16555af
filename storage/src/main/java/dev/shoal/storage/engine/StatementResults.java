package dev.shoal.storage.engine;

import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.Value;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.core.CoreResultSet;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

/**
 * Columns and rows of a prepared statement read straight from SQLite through the driver's
 * statement pointer: exact declared types and storage classes, which JDBC's own accessors blur.
 */
final class StatementResults {
    private StatementResults() {}

    /**
     * {@code utf8}: the database's text encoding is UTF-8, so a text value's bytes are read as they
     * are stored ({@code sqlite3_column_blob}, one byte array) and decoded here, as the driver would
     * decode them; its own {@code column_text} makes a direct byte buffer per value through JNI, a fifth
     * of a cursor's time in a profile. A UTF-16 database (an uploaded file may be one) converts in SQLite.
     * The sink gets the columns first, then the rows ({@code hasRows}: the statement made a result
     * set); returns how many rows it made.
     */
    static long read(PreparedStatement ps, boolean hasRows, boolean wantRows, RowSink sink, boolean utf8)
            throws SQLException {
        if (!hasRows) { // no result set, so no names read yet
            sink.columns(columns(ps));
            return 0;
        }
        CoreStatement core = (CoreStatement) ps;
        long count = 0;
        try (ResultSet rs = ps.getResultSet()) {
            // The driver read the names making the result set: take those, not a second JNI call each.
            String[] names = ((CoreResultSet) rs).cols;
            sink.columns(columns(ps, names));
            int n = names.length;
            while (rs.next()) {
                count++;
                if (wantRows) {
                    sink.row(core.pointer.safeRun((d, ptr) -> readRow(d, ptr, n, utf8)));
                }
            }
        }
        return count;
    }

    private static Value[] readRow(DB d, long ptr, int n, boolean utf8) throws SQLException {
        Value[] row = new Value[n];
        for (int i = 0; i < n; i++) {
            row[i] = switch (d.column_type(ptr, i)) {
                case 1 -> new Value.Integer(d.column_long(ptr, i));
                case 2 -> new Value.Real(d.column_double(ptr, i));
                case 3 -> new Value.Text(utf8
                        ? new String(blob(d.column_blob(ptr, i)), StandardCharsets.UTF_8)
                        : d.column_text(ptr, i));
                case 4 -> new Value.Blob(blob(d.column_blob(ptr, i)));
                default -> Value.NULL;
            };
        }
        return row;
    }

    private static byte[] blob(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    /** The columns of a prepared statement, names and declared types read from SQLite. */
    static List<Column> columns(PreparedStatement ps) throws SQLException {
        return columns(ps, null);
    }

    /** {@code names}: the column names as the driver read them, or null to read them here. */
    private static List<Column> columns(PreparedStatement ps, String[] names) throws SQLException {
        CoreStatement core = (CoreStatement) ps;
        return core.pointer.safeRun((d, ptr) -> {
            int n = names == null ? d.column_count(ptr) : names.length;
            List<Column> cols = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = names == null ? d.column_name(ptr, i) : names[i];
                cols.add(new Column(name, Optional.ofNullable(d.column_decltype(ptr, i))));
            }
            return cols;
        });
    }

}

package dev.shoal.storage.engine;

import dev.shoal.core.error.ShoalException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns driver exceptions into {@link ShoalException}s that carry SQLite's <em>primary</em> result
 * code name (SQLITE_CONSTRAINT, not SQLITE_CONSTRAINT_UNIQUE), as libSQL clients expect, and
 * SQLite's own message without the driver's decoration.
 */
final class SqliteErrors {
    private SqliteErrors() {}

    static ShoalException translate(SQLException e) {
        if (e instanceof SQLiteException se) {
            int primary = se.getResultCode().code & 0xff;
            SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(primary);
            String name = code == SQLiteErrorCode.UNKNOWN_ERROR ? "SQLITE_ERROR" : code.name();
            return ShoalException.sqlite(name, sqliteMessage(se), e);
        }
        return ShoalException.sqlite("SQLITE_ERROR", String.valueOf(e.getMessage()), e);
    }

    /** sqlite-jdbc formats "[CODE] description (sqlite3_errmsg)"; keep the errmsg part. */
    static String sqliteMessage(SQLiteException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("[")) {
            int open = m.indexOf(" (");
            if (open > 0 && m.endsWith(")")) {
                return m.substring(open + 2, m.length() - 1);
            }
            int close = m.indexOf("] ");
            if (close > 0) {
                return m.substring(close + 2);
            }
        }
        return m;
    }
}

package dev.shoal.storage.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/** Shoal's own reads of a connection's integer pragmas (outside the tenant policy: never tenant text). */
final class Pragmas {
    private Pragmas() {}

    /** {@code PRAGMA <name>}'s value, 0 when it has none; {@code name} is one of Shoal's constants. */
    static long read(SQLiteConnection conn, String name) {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }
}

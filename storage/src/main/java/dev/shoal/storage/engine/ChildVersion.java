package dev.shoal.storage.engine;

import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;

/**
 * The version a schema family member is at: SQLite's {@code user_version} header field, which
 * Shoal owns for schema databases and children (the policy lets tenants read it, not set it). It
 * lives in the database's own first page, so moving it commits atomically with the migration.
 */
final class ChildVersion {
    private ChildVersion() {}

    static long read(SQLiteConnection conn) {
        return Pragmas.read(conn, "user_version");
    }

    static void write(SQLiteConnection conn, long version) {
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA user_version = " + version);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }
}

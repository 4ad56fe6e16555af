package dev.shoal.storage.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Brings the catalog schema up to date: numbered SQL scripts (resources beside this class) applied
 * once each, in order, each in its own transaction, recorded in {@code schema_history}. A catalog
 * newer than this code is refused rather than guessed at. (Why not Flyway: see docs/decisions.md.)
 */
final class CatalogMigrations {
    /** In order; append only. Never edit a script that has shipped: add the next version. */
    static final List<String> SCRIPTS = List.of("V1__catalog.sql", "V2__migration_jobs.sql",
            "V3__child_parent_id.sql", "V4__streamed_tasks.sql", "V5__fleet_control.sql");

    private CatalogMigrations() {}

    static void apply(Connection conn) throws SQLException {
        apply(conn, SCRIPTS.size());
    }

    /** Brings the catalog up to {@code target} only: tests build an older catalog with it, to upgrade it. */
    static void apply(Connection conn, int target) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_history ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL)");
        }
        int current = currentVersion(conn);
        if (current > SCRIPTS.size()) {
            throw new IllegalStateException("catalog schema is at version " + current
                    + " but this Shoal knows only up to " + SCRIPTS.size() + "; upgrade Shoal");
        }
        for (int v = current + 1; v <= target; v++) {
            applyOne(conn, v, SCRIPTS.get(v - 1));
        }
    }

    private static int currentVersion(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_history")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void applyOne(Connection conn, int version, String script) throws SQLException {
        String sql = load(script);
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            for (String part : sql.split(";\\s*(\\n|$)")) {
                if (!part.replaceAll("(?m)^\\s*--.*$", "").isBlank()) {
                    st.executeUpdate(part);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO schema_history(version, script, applied_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, version);
                ps.setString(2, script);
                ps.setString(3, Instant.now().toString());
                ps.executeUpdate();
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    private static String load(String script) {
        try (InputStream in = CatalogMigrations.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("missing catalog migration " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read catalog migration " + script, e);
        }
    }
}

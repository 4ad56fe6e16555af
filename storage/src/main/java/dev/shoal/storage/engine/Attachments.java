package dev.shoal.storage.engine;

import dev.shoal.core.error.ShoalException;
import dev.shoal.core.policy.AttachStatement;
import dev.shoal.core.sql.AttachRights;
import dev.shoal.core.sql.AttachRights.AttachTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.sqlite.SQLiteConnection;

/**
 * The databases one connection has attached for its stream. Shoal runs ATTACH itself: the name the
 * tenant wrote is resolved by the stream's {@link AttachRights} to a database id, and the file of
 * that id is attached read-only through a bound SQLite URI ({@code file:<path>?mode=ro}); SQLite's
 * attach limit is raised to the server's maximum for that one statement and is 0 otherwise. When
 * the stream gives the connection back, everything is detached (and the connection retired if that
 * fails), so no attachment outlives its stream.
 */
final class Attachments {
    private final SQLiteConnection conn;
    private final OpenDatabase owner;
    /** alias (lower case, as SQLite compares schema names) → attached database. */
    private final Map<String, AttachTarget> byAlias = new LinkedHashMap<>();

    Attachments(SQLiteConnection conn, OpenDatabase owner) {
        this.conn = conn;
        this.owner = owner;
    }

    int count() {
        return byAlias.size();
    }

    boolean isEmpty() {
        return byAlias.isEmpty();
    }

    void attach(AttachStatement.Attach a, String sql, AttachRights rights) {
        int max = owner.settings().maxAttached();
        if (byAlias.containsKey(a.alias())) {
            throw error("database " + a.alias() + " is already in use: DETACH " + a.alias() + " first or choose another alias");
        }
        if (byAlias.size() >= max) {
            throw error("too many attached databases: at most " + max + " can be attached to one stream on this "
                    + "server (setting max-attached); DETACH one first");
        }
        AttachTarget target = rights.resolve(a.target());
        if (target.id().equals(owner.id())) {
            throw refused("database " + target.name() + " is this stream's own database (main); it cannot be "
                    + "attached to itself");
        }
        byAlias.forEach((alias, t) -> {
            if (t.id().equals(target.id())) {
                throw refused("database " + target.name() + " is already attached as " + alias);
            }
        });
        Path file = owner.fileOf(target.id());
        if (!Files.exists(file)) {
            throw AttachRights.deleted(target.name());
        }
        run(sql, uri(file), max);
        if (!rights.exists(target.id())) { // deleted while we attached: the catalog row goes first
            detachQuietly(a.alias());
            throw AttachRights.deleted(target.name());
        }
        byAlias.put(a.alias(), target);
    }

    void detach(AttachStatement.Detach d, String sql) {
        if (!byAlias.containsKey(d.alias())) {
            throw error("no database is attached as " + d.alias());
        }
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e); // "database x is locked" inside a transaction that read it
        }
        byAlias.remove(d.alias());
    }

    /** Limit for VACUUM, which attaches a scratch database of its own beside the stream's. */
    int slotsForVacuum() {
        return byAlias.size() + 1;
    }

    /**
     * Detaches everything (the stream is done). Returns whether the connection is back to its own
     * database alone, checked with SQLite; if not, it must not be reused.
     */
    boolean detachAll() {
        if (byAlias.isEmpty()) {
            return true;
        }
        for (String alias : new ArrayList<>(byAlias.keySet())) {
            detachQuietly(alias);
        }
        byAlias.clear();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pragma_database_list WHERE name NOT IN ('main', 'temp')")) {
            return rs.next() && rs.getLong(1) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private void run(String sql, String uri, int slots) {
        var db = conn.getDatabase();
        try {
            db.limit(OpenDatabase.SQLITE_LIMIT_ATTACHED, slots);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setString(1, uri);
                ps.execute();
            } finally {
                db.limit(OpenDatabase.SQLITE_LIMIT_ATTACHED, 0);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }

    private void detachQuietly(String alias) {
        try (Statement st = conn.createStatement()) {
            st.execute("DETACH DATABASE " + quoted(alias));
        } catch (SQLException ignored) {
            // detachAll checks with SQLite afterwards; attach throws its own error
        }
    }

    /** A SQLite URI for a file Shoal chose: every byte outside the unreserved set percent-encoded. */
    static String uri(Path file) {
        StringBuilder b = new StringBuilder("file:");
        for (byte x : file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.append("?mode=ro").toString();
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static ShoalException error(String message) {
        return ShoalException.sqlite("SQLITE_ERROR", message, null);
    }

    private static ShoalException refused(String message) {
        return ShoalException.sqlite("SQLITE_AUTH", message, null);
    }
}

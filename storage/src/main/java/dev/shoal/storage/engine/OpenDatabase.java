package dev.shoal.storage.engine;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.policy.SqlPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * One tenant database while it is in use: a few idle connections ready for the next stream, and
 * the database's {@link WriteGate}. Retired when the handle cache evicts it: idle connections
 * close at once, leased ones when their stream gives them back.
 */
final class OpenDatabase {
    static final int SQLITE_LIMIT_LENGTH = 0;
    static final int SQLITE_LIMIT_ATTACHED = 7;
    static final int SQLITE_LIMIT_WORKER_THREADS = 11;
    private final UUID id;
    private final Path file;
    private final WriteGate gate;
    private final StorageSettings settings;
    private final SqlPolicy policy;
    private final StatementWatchdog watchdog;
    private final dev.shoal.core.migration.SchemaCommits schemaCommits;
    private final dev.shoal.core.migration.WriteBlocks writeBlocks;
    private final ConcurrentLinkedDeque<SqliteConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean retired;

    OpenDatabase(UUID id, Path file, WriteGate gate, StorageSettings settings, SqlPolicy policy,
            StatementWatchdog watchdog, dev.shoal.core.migration.SchemaCommits schemaCommits,
            dev.shoal.core.migration.WriteBlocks writeBlocks) {
        this.schemaCommits = schemaCommits;
        this.writeBlocks = writeBlocks;
        this.id = id;
        this.file = file;
        this.gate = gate;
        this.settings = settings;
        this.policy = policy;
        this.watchdog = watchdog;
    }

    UUID id() {
        return id;
    }

    /** The file of another database on this server (one an ATTACH resolved to), beside this one's. */
    Path fileOf(UUID other) {
        return DatabasePaths.of(file).file(other);
    }

    dev.shoal.core.migration.SchemaCommits schemaCommits() {
        return schemaCommits;
    }

    dev.shoal.core.migration.WriteBlocks writeBlocks() {
        return writeBlocks;
    }

    SqlPolicy policy() {
        return policy;
    }

    StatementWatchdog watchdog() {
        return watchdog;
    }

    WriteGate gate() {
        return gate;
    }

    StorageSettings settings() {
        return settings;
    }

    SqliteConnection lease() {
        SqliteConnection c = idle.pollFirst();
        if (c != null) {
            idleCount.decrementAndGet();
            return c;
        }
        SQLiteConnection physical = openPhysical();
        return new SqliteConnection(this, physical, textIsUtf8(physical));
    }

    /** The database's text encoding (fixed once it has content; attached databases must share it). */
    private static boolean textIsUtf8(SQLiteConnection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA encoding")) {
            return rs.next() && "UTF-8".equalsIgnoreCase(rs.getString(1));
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }

    void giveBack(SqliteConnection c) {
        if (retired || !c.reusable()) {
            c.closePhysically();
            return;
        }
        if (idleCount.incrementAndGet() > settings.maxIdlePerDatabase()) {
            idleCount.decrementAndGet();
            c.closePhysically();
            return;
        }
        idle.addFirst(c);
        if (retired && idle.remove(c)) { // retired while we were adding: do not leave it behind
            idleCount.decrementAndGet();
            c.closePhysically();
        }
    }

    void retire() {
        retired = true;
        SqliteConnection c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            c.closePhysically();
        }
    }

    /**
     * What SQLite itself enforces on every tenant connection, behind the policy: no ATTACH (Shoal's
     * own read-only ATTACH and VACUUM's internal scratch database get slots for that statement only), no extension loading (off by default; kept off), values no
     * larger than the cap, no sorter helper threads, and schema code (views, triggers, defaults)
     * that may call only functions SQLite marks innocuous.
     */
    private void harden(SQLiteConnection c) throws SQLException {
        var db = c.getDatabase();
        db.limit(SQLITE_LIMIT_ATTACHED, 0);
        db.limit(SQLITE_LIMIT_LENGTH, settings.maxValueBytes());
        db.limit(SQLITE_LIMIT_WORKER_THREADS, 0);
        try (var st = c.createStatement()) {
            st.execute("PRAGMA trusted_schema = OFF");
        }
    }

    private SQLiteConnection openPhysical() {
        if (!Files.exists(file)) {
            throw new ShoalException(ErrorCode.NOT_FOUND, "database " + id + " has no file; it was deleted");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // never create a file by connecting to it
        // SQLite's own per-connection mutex, taken on every call (a cursor makes ten per row), guards
        // nothing here: a connection is leased to one thread at a time, and the driver serializes
        // its calls on it anyway (sqlite3_interrupt, the only call from other threads, needs no mutex).
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous()));
        // New databases start as empty files; the first connection makes them WAL (a no-op after).
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // The driver's generated-keys support leaves a result set open after INSERTs (which makes
        // VACUUM fail); Shoal asks for last_insert_rowid() itself.
        config.setGetGeneratedKeys(false);
        try {
            SQLiteConnection c = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            harden(c);
            return c;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }
}

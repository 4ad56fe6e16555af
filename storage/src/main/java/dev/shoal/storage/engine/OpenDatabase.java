package dev.shoal.storage.engine;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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
    static final int SQLITE_LIMIT_ATTACHED = 7;
    private final UUID id;
    private final Path file;
    private final WriteGate gate;
    private final StorageSettings settings;
    private final ConcurrentLinkedDeque<SqliteConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean retired;

    OpenDatabase(UUID id, Path file, WriteGate gate, StorageSettings settings) {
        this.id = id;
        this.file = file;
        this.gate = gate;
        this.settings = settings;
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
        return new SqliteConnection(this, openPhysical());
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

    private SQLiteConnection openPhysical() {
        if (!Files.exists(file)) {
            throw new ShoalException(ErrorCode.NOT_FOUND, "database " + id + " has no file; it was deleted");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // never create a file by connecting to it
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous()));
        // New databases start as empty files; the first connection makes them WAL (a no-op after).
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // The driver's generated-keys support leaves a result set open after INSERTs (which makes
        // VACUUM fail); Shoal asks for last_insert_rowid() itself.
        config.setGetGeneratedKeys(false);
        try {
            SQLiteConnection c = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            // A tenant's SQL must not reach other files: no ATTACH at all (controlled ATTACH comes
            // with permissions), and no extension loading (off by default; kept off).
            c.getDatabase().limit(SQLITE_LIMIT_ATTACHED, 0);
            return c;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        }
    }
}

package dev.shoal.storage.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import java.util.UUID;

/**
 * The bounded cache of open tenant databases (Caffeine, least recently used evicted), so memory
 * follows the number of <em>active</em> databases, not the total. Write gates live in a separate
 * weak-valued map: an evicted database that still has a stream writing keeps the same gate when it
 * is reopened, so two handles for one file never admit two writers.
 */
public final class OpenDatabases implements SqlDatabases, AutoCloseable {
    private final DatabasePaths paths;
    private final StorageSettings settings;
    private final LoadingCache<UUID, WriteGate> gates = Caffeine.newBuilder().weakValues().build(id -> new WriteGate());
    private final Cache<UUID, OpenDatabase> open;
    /**
     * Closes evicted databases off the request path: closing SQLite handles checkpoints the WAL
     * and deletes files, which must not happen while Caffeine holds its eviction lock (every
     * other connect would wait behind it).
     */
    private final java.util.concurrent.ExecutorService closer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shoal-db-closer");
        t.setDaemon(true);
        return t;
    });

    public OpenDatabases(DatabasePaths paths, StorageSettings settings) {
        this.paths = paths;
        this.settings = settings;
        this.open = Caffeine.newBuilder()
                .maximumSize(settings.maxOpenDatabases())
                .executor(Runnable::run)
                .evictionListener((UUID id, OpenDatabase db, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (db != null) {
                        closer.execute(db::retire);
                    }
                })
                .build();
    }

    @Override
    public SqlConnection connect(UUID databaseId, ConnectionOptions options) {
        SqliteConnection c = open.get(databaseId, id -> new OpenDatabase(id, paths.file(id), gates.get(id), settings))
                .lease();
        try {
            c.apply(options);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Closes the idle handles of one database now (before its files are deleted or settings change). */
    public void evict(UUID databaseId) {
        OpenDatabase db = open.asMap().remove(databaseId);
        if (db != null) {
            db.retire();
        }
    }

    /** Number of databases with open handles now (for metrics and the memory benchmark). */
    public long openCount() {
        open.cleanUp();
        return open.estimatedSize();
    }

    @Override
    public void close() {
        closer.shutdown();
        try {
            closer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (UUID id : java.util.List.copyOf(open.asMap().keySet())) {
            evict(id);
        }
    }
}

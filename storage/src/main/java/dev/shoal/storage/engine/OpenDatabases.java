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

    public OpenDatabases(DatabasePaths paths, StorageSettings settings) {
        this.paths = paths;
        this.settings = settings;
        this.open = Caffeine.newBuilder()
                .maximumSize(settings.maxOpenDatabases())
                .executor(Runnable::run)
                .removalListener((UUID id, OpenDatabase db, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (db != null) {
                        db.retire();
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

    /** Closes the idle handles of one database (before its files are deleted). */
    public void evict(UUID databaseId) {
        open.invalidate(databaseId);
    }

    /** Number of databases with open handles now (for metrics and the memory benchmark). */
    public long openCount() {
        open.cleanUp();
        return open.estimatedSize();
    }

    @Override
    public void close() {
        open.invalidateAll();
        open.cleanUp();
    }
}

package dev.shoal.storage.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Storage settings, validated once at start.
 *
 * @param dataDir            holds {@code catalog.db} and {@code dbs/}
 * @param maxOpenDatabases   databases whose handles stay open (least recently used are closed)
 * @param maxIdlePerDatabase idle connections kept per open database
 * @param busyTimeout        how long a writer waits for another writer's transaction to end
 * @param synchronous        SQLite {@code synchronous} for tenant databases: NORMAL or FULL
 */
public record StorageSettings(
        Path dataDir, int maxOpenDatabases, int maxIdlePerDatabase, Duration busyTimeout, String synchronous) {

    public StorageSettings {
        if (maxOpenDatabases < 1) {
            throw new IllegalArgumentException("max open databases must be at least 1, got " + maxOpenDatabases);
        }
        if (maxIdlePerDatabase < 0) {
            throw new IllegalArgumentException("max idle connections must be 0 or more, got " + maxIdlePerDatabase);
        }
        if (busyTimeout.isNegative()) {
            throw new IllegalArgumentException("busy timeout must not be negative");
        }
        if (!synchronous.equals("NORMAL") && !synchronous.equals("FULL")) {
            throw new IllegalArgumentException("synchronous must be NORMAL or FULL, got " + synchronous);
        }
    }

    public static StorageSettings defaults(Path dataDir) {
        return new StorageSettings(dataDir, 1000, 4, Duration.ofSeconds(5), "NORMAL");
    }

    public Path catalogFile() {
        return dataDir.resolve("catalog.db");
    }

    public Path databasesDir() {
        return dataDir.resolve("dbs");
    }
}

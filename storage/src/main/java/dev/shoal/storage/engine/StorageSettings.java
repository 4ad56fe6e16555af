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
 * @param statementTimeout   how long one tenant statement may run before it is interrupted
 * @param maxValueBytes      the largest string or blob a statement may make ({@code SQLITE_LIMIT_LENGTH})
 * @param maxAttached        databases one stream may ATTACH at once (SQLite allows at most {@link #SQLITE_MAX_ATTACHED})
 */
public record StorageSettings(
        Path dataDir, int maxOpenDatabases, int maxIdlePerDatabase, Duration busyTimeout, String synchronous,
        Duration statementTimeout, int maxValueBytes, int maxAttached) {

    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_VALUE_BYTES = 64 << 20;
    /** SQLite's own default, and libSQL's. */
    public static final int DEFAULT_MAX_ATTACHED = 10;
    /** The bundled SQLite's compile-time ceiling ({@code SQLITE_MAX_ATTACHED}). */
    public static final int SQLITE_MAX_ATTACHED = 125;

    /** Settings with the default statement time limit and value size cap. */
    public StorageSettings(Path dataDir, int maxOpenDatabases, int maxIdlePerDatabase, Duration busyTimeout,
            String synchronous) {
        this(dataDir, maxOpenDatabases, maxIdlePerDatabase, busyTimeout, synchronous, DEFAULT_STATEMENT_TIMEOUT,
                DEFAULT_MAX_VALUE_BYTES);
    }

    /** Settings with the default attach limit. */
    public StorageSettings(Path dataDir, int maxOpenDatabases, int maxIdlePerDatabase, Duration busyTimeout,
            String synchronous, Duration statementTimeout, int maxValueBytes) {
        this(dataDir, maxOpenDatabases, maxIdlePerDatabase, busyTimeout, synchronous, statementTimeout, maxValueBytes,
                DEFAULT_MAX_ATTACHED);
    }

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
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statement timeout must be positive, got " + statementTimeout);
        }
        if (maxValueBytes < 1024) {
            throw new IllegalArgumentException("max value size must be at least 1024 bytes, got " + maxValueBytes);
        }
        if (maxAttached < 0 || maxAttached > SQLITE_MAX_ATTACHED) {
            throw new IllegalArgumentException("max attached databases must be from 0 to " + SQLITE_MAX_ATTACHED
                    + ", got " + maxAttached);
        }
    }

    /** The caps the tenant SQL policy enforces, derived from these settings. */
    public dev.shoal.core.policy.PolicySettings policy() {
        return new dev.shoal.core.policy.PolicySettings(busyTimeout.toMillis(),
                dev.shoal.core.policy.PolicySettings.defaults().maxCacheBytes());
    }

    /** The same settings with another attach limit. */
    public StorageSettings withMaxAttached(int max) {
        return new StorageSettings(dataDir, maxOpenDatabases, maxIdlePerDatabase, busyTimeout, synchronous,
                statementTimeout, maxValueBytes, max);
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

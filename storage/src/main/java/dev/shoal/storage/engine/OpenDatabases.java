package dev.shoal.storage.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.shoal.core.policy.SqlPolicy;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.SqlDatabases;
import java.util.Optional;
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
    private final SqlPolicy policy;
    private final StatementWatchdog watchdog = new StatementWatchdog();
    private final LoadingCache<UUID, WriteGate> gates = Caffeine.newBuilder().weakValues().build(id -> new WriteGate());
    private final Cache<UUID, OpenDatabase> open;
    /**
     * Evicted databases waiting to be closed. Closing SQLite handles checkpoints the WAL and
     * deletes files, which must not happen while Caffeine holds its eviction lock (every other
     * connect would wait behind it), so eviction only queues them here and each {@link #connect}
     * closes what is queued, outside the lock. Closing keeps pace with opening: the number of open
     * files stays bounded however fast databases are cycled.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<OpenDatabase> retiring =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final dev.shoal.core.migration.SchemaCommits schemaCommits;
    private final dev.shoal.core.migration.WriteBlocks writeBlocks;

    /** Storage without schema migrations (writes to a schema database are refused). */
    public OpenDatabases(DatabasePaths paths, StorageSettings settings) {
        this(paths, settings, dev.shoal.core.migration.SchemaCommits.NONE, new dev.shoal.core.migration.WriteBlocks());
    }

    /**
     * @param schemaCommits called at the COMMIT of a schema database's writing transaction
     * @param writeBlocks   databases whose writes a running migration refuses
     */
    public OpenDatabases(DatabasePaths paths, StorageSettings settings,
            dev.shoal.core.migration.SchemaCommits schemaCommits, dev.shoal.core.migration.WriteBlocks writeBlocks) {
        this.schemaCommits = schemaCommits;
        this.writeBlocks = writeBlocks;
        this.paths = paths;
        this.settings = settings;
        this.policy = new SqlPolicy(settings.policy());
        this.open = Caffeine.newBuilder()
                .maximumSize(settings.maxOpenDatabases())
                .executor(Runnable::run)
                .evictionListener((UUID id, OpenDatabase db, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (db != null) {
                        retiring.add(db);
                    }
                })
                .build();
    }

    @Override
    public SqlConnection connect(UUID databaseId, ConnectionOptions options) {
        OpenDatabase db = options.role() == ConnectionOptions.Role.MIGRATION
                ? Optional.ofNullable(open.getIfPresent(databaseId)).orElseGet(() -> transientDatabase(databaseId))
                : open.get(databaseId, this::openDatabase);
        closeRetired();
        return lease(db, options);
    }

    private OpenDatabase openDatabase(UUID id) {
        return new OpenDatabase(id, paths.file(id), gates.get(id), settings, policy, watchdog, schemaCommits, writeBlocks);
    }

    /**
     * A migration task on a database nobody has open: a handle of its own, closed when the task
     * gives it back, so a fan-out over 10,000 children neither evicts the handles of the databases
     * tenants are using nor pays for evicting its own. It shares the database's write gate.
     */
    private OpenDatabase transientDatabase(UUID id) {
        OpenDatabase db = openDatabase(id);
        db.retire();
        return db;
    }

    private SqlConnection lease(OpenDatabase db, ConnectionOptions options) {
        SqliteConnection c = db.lease();
        try {
            c.apply(options);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void closeRetired() {
        OpenDatabase db;
        while ((db = retiring.poll()) != null) {
            db.retire();
        }
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
        closeRetired();
        return open.estimatedSize();
    }

    /** The tenant SQL policy every connection here enforces (also used to check uploads). */
    public SqlPolicy policy() {
        return policy;
    }

    public StorageSettings settings() {
        return settings;
    }

    /** Interrupts every tenant statement running now (shutdown: nothing may keep the server up). */
    public void interruptAll(String reason) {
        watchdog.interruptAll(reason);
    }

    /** Shutdown: statements still running after {@code grace} are interrupted; later ones are refused. */
    public void stopAfter(java.time.Duration grace) {
        watchdog.stopAfter(grace);
    }

    /** Tenant statements running now. */
    public int runningStatements() {
        return watchdog.runningCount();
    }

    /** Tenant statements interrupted so far for running past the statement time limit. */
    public long statementsInterrupted() {
        return watchdog.overdueInterrupts();
    }

    @Override
    public void close() {
        watchdog.interruptAll("the server is shutting down");
        watchdog.close();
        closeRetired();
        for (UUID id : java.util.List.copyOf(open.asMap().keySet())) {
            evict(id);
        }
    }
}

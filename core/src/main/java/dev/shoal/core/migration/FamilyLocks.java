package dev.shoal.core.migration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One lock per schema family: a migration job holds it exclusively from listing the children to
 * its end; creating a child holds it shared while it copies the schema database. So a job never
 * misses a child, and a child is never born between a job's list and its end on the old version.
 */
public final class FamilyLocks {
    private final LoadingCache<UUID, ReentrantReadWriteLock> locks =
            Caffeine.newBuilder().weakValues().build(id -> new ReentrantReadWriteLock(true));
    private final Duration wait;

    public FamilyLocks(Duration wait) {
        this.wait = wait;
    }

    /** The family's lock for a job (exclusive); release it with {@link Lock#unlock()} on the same thread. */
    public Lock forJob(UUID schemaId, String schemaName) {
        return acquire(locks.get(schemaId).writeLock(), "a migration of " + schemaName + " waited");
    }

    /** The family's lock for creating a child (shared). */
    public Lock forNewChild(UUID schemaId, String schemaName) {
        return acquire(locks.get(schemaId).readLock(), "creating a child of " + schemaName + " waited");
    }

    private Lock acquire(Lock lock, String what) {
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ShoalException(ErrorCode.BUSY, what + " " + wait.toSeconds()
                        + " s for a running migration of the same schema; retry when it has finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
        return lock;
    }
}

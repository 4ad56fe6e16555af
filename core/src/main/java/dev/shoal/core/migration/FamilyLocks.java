package dev.shoal.core.migration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;

/**
 * One lock per schema family: a migration job holds it exclusively from listing the children to
 * its end; creating a child holds it shared while it copies the schema database. So a job never
 * misses a child, and a child is never born between a job's list and its end on the old version.
 * Not tied to a thread: a job that outlives the request which started it releases it itself.
 */
public final class FamilyLocks {
    private final LoadingCache<UUID, StampedLock> locks = Caffeine.newBuilder().weakValues().build(id -> new StampedLock());
    private final Duration wait;
    private final Duration birthWait;

    /** Jobs, deletions and births all wait up to {@code wait} for the family. */
    public FamilyLocks(Duration wait) {
        this(wait, wait);
    }

    /**
     * @param wait      how long a job or a deletion waits for the family
     * @param birthWait how long creating a child waits for a running job (a child is born after it):
     *                  long enough to outlast the jobs of a large family
     */
    public FamilyLocks(Duration wait, Duration birthWait) {
        this.wait = wait;
        this.birthWait = birthWait;
    }

    /** A hold on a family's lock; release it exactly once. */
    public interface Held extends AutoCloseable {
        void release();

        @Override
        default void close() {
            release();
        }
    }

    /** The family's lock for a job (exclusive). */
    public Held forJob(UUID schemaId, String schemaName) {
        return exclusive(schemaId, "a migration of " + schemaName + " waited");
    }

    /** The family's lock for deleting the schema database (exclusive: no child is being born from it). */
    public Held forDeletion(UUID schemaId, String schemaName) {
        return exclusive(schemaId, "deleting " + schemaName + " waited");
    }

    private Held exclusive(UUID schemaId, String what) {
        StampedLock lock = locks.get(schemaId);
        long stamp = acquire(() -> lock.tryWriteLock(wait.toMillis(), TimeUnit.MILLISECONDS), what, wait);
        return once(() -> lock.unlockWrite(stamp), lock);
    }

    /** The family's lock for creating a child (shared). */
    public Held forNewChild(UUID schemaId, String schemaName) {
        StampedLock lock = locks.get(schemaId);
        long stamp = acquire(() -> lock.tryReadLock(birthWait.toMillis(), TimeUnit.MILLISECONDS),
                "creating a child of " + schemaName + " waited", birthWait);
        return once(() -> lock.unlockRead(stamp), lock);
    }

    private interface Attempt {
        long stamp() throws InterruptedException;
    }

    private static long acquire(Attempt attempt, String what, Duration wait) {
        try {
            long stamp = attempt.stamp();
            if (stamp == 0) {
                throw new ShoalException(ErrorCode.BUSY, what + " " + wait.toSeconds()
                        + " s for a running migration of the same schema; retry when it has finished");
            }
            return stamp;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    /** {@code lock} is kept referenced so the weak-valued map keeps it while it is held. */
    private static Held once(Runnable unlock, StampedLock lock) {
        return new Held() {
            private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
            @SuppressWarnings("unused")
            private final StampedLock keep = lock;

            @Override
            public void release() {
                if (released.compareAndSet(false, true)) {
                    unlock.run();
                }
            }
        };
    }
}

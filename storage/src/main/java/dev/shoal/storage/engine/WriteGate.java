package dev.shoal.storage.engine;

import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The writer discipline of one database file: at most one connection at a time may run writes,
 * from its first write (or {@code BEGIN IMMEDIATE}) until its transaction ends. Others queue here,
 * fairly and in Java, instead of spinning in SQLite's busy handler: a waiting thread costs
 * nothing, and SQLite never answers SQLITE_BUSY to writers Shoal itself serializes.
 */
final class WriteGate {
    private final Semaphore permit = new Semaphore(1, true);

    void acquire(Duration timeout) {
        boolean got;
        try {
            got = permit.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShoalException.sqlite("SQLITE_INTERRUPT", "interrupted while waiting for the write lock", e);
        }
        if (!got) {
            throw ShoalException.sqlite("SQLITE_BUSY", "database is locked: another transaction held the write lock"
                    + " for more than " + timeout.toMillis() + " ms", null);
        }
    }

    void release() {
        permit.release();
    }
}

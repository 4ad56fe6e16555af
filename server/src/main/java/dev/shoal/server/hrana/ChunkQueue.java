package dev.shoal.server.hrana;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What {@link DumpPipe} and {@link CursorPipe} share: a SQL thread hands pieces of a response body
 * to the request's thread, at most {@code capacity} waiting, so a slow reader slows the SQL side
 * down and memory stays bounded. Either side may stop it: the SQL side ends it (complete, or failed
 * before the body began), the request side cancels it when its client is gone, which runs the SQL
 * side's {@link #onCancel} action (interrupting its statement) unless the SQL side has ended.
 * Deadlines are {@link System#nanoTime} values; {@link #NO_DEADLINE} for none.
 */
final class ChunkQueue {
    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** What became of a {@link #put}. */
    enum Put { ADDED, CANCELLED, LATE }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>(); // guarded by lock
    private boolean finished; // guarded by lock
    private RuntimeException failure; // guarded by lock
    private boolean cancelled; // guarded by lock
    private Runnable onCancel = () -> { }; // guarded by lock

    ChunkQueue(int capacity) {
        this.capacity = capacity;
    }

    // ---- the SQL side

    /** What to do when the reader goes away; runs at once if it already has. */
    void onCancel(Runnable action) {
        lock.lock();
        try {
            onCancel = action;
            if (cancelled) {
                action.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code chunk}, waiting while the reader is behind, until the reader leaves or {@code deadline} passes. */
    Put put(byte[] chunk, long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (chunks.size() >= capacity && !cancelled) {
                if (deadline == NO_DEADLINE) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
            }
            Put state = state(deadline);
            if (state == Put.ADDED) {
                chunks.add(chunk);
                changed.signalAll();
            }
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader is still there and {@code deadline} not passed ({@link Put#ADDED}: both). */
    Put state(long deadline) {
        lock.lock();
        try {
            if (cancelled) {
                return Put.CANCELLED;
            }
            if (deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0) {
                return Put.LATE;
            }
            return Put.ADDED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the body: complete if {@code e} is null; else failed, and chunks not yet taken are dropped
     * (the text is incomplete anyway, and a reader that stopped reading should not keep them).
     */
    void end(RuntimeException e) {
        lock.lock();
        try {
            finished = true;
            failure = e;
            if (e != null) {
                chunks.clear();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- the request side

    /** The next chunk, waiting for it however long; empty once the body is complete. Throws the failure it ended with. */
    Optional<byte[]> take() throws InterruptedException {
        return take(NO_DEADLINE, () -> {
            throw new AssertionError("no deadline to pass");
        });
    }

    /**
     * The next chunk, waiting for it; empty once the body is complete. Throws the failure it ended
     * with, or {@code late}'s exception once {@code deadline} passes with nothing to take.
     */
    Optional<byte[]> take(long deadline, Supplier<RuntimeException> late) throws InterruptedException {
        lock.lock();
        try {
            while (chunks.isEmpty() && !finished) {
                if (deadline == NO_DEADLINE) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw late.get();
                    }
                    changed.awaitNanos(left);
                }
            }
            byte[] chunk = chunks.poll();
            if (chunk != null) {
                changed.signalAll();
                return Optional.of(chunk);
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** The reader is gone: the SQL side stops at its next chunk, and its running statement is interrupted. */
    void cancel() {
        lock.lock();
        try {
            if (!cancelled && !finished) {
                cancelled = true;
                chunks.clear();
                changed.signalAll();
                onCancel.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader has gone away. */
    boolean cancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }
}

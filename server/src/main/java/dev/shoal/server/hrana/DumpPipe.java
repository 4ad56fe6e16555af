package dev.shoal.server.hrana;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between a dump's SQL thread (which writes chunks of text) and the request's thread
 * (which sends them). It holds a few chunks at most, so a large database dumps in constant memory
 * and a slow reader slows the dump down. It also bounds the dump: past its deadline the SQL side
 * fails at its next chunk, and a reader that stopped reading cannot keep the SQL side, and so the
 * read transaction and the connection, waiting beyond that deadline. When the reader goes away the
 * SQL side fails at its next chunk, and the statement it runs is interrupted.
 */
final class DumpPipe {
    static final String CLIENT_GONE = "the client went away";

    private final int capacity;
    private final long deadlineNanos;
    private final Duration limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>(); // guarded by lock
    private boolean finished; // guarded by lock
    private RuntimeException failure; // guarded by lock
    private boolean cancelled; // guarded by lock
    private Runnable onCancel = () -> { }; // guarded by lock

    /** @param limit how long the whole dump may take, from now */
    DumpPipe(int capacity, Duration limit) {
        this.capacity = capacity;
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    // ---- the SQL side

    /** What to do when the reader goes away (interrupt the running statement); runs at once if it already has. */
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

    /** Hands over a chunk, waiting while the reader is behind; fails if the reader is gone or time is up. */
    void put(byte[] chunk) {
        lock.lock();
        try {
            while (chunks.size() >= capacity && !cancelled) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            checkStillWanted();
            chunks.add(chunk);
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        } finally {
            lock.unlock();
        }
    }

    /** Fails if the reader is gone or the dump is past its time limit. */
    void checkStillWanted() {
        lock.lock();
        try {
            if (cancelled) {
                throw new ShoalException(ErrorCode.PROTOCOL_ERROR, "dump abandoned: " + CLIENT_GONE);
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                throw ShoalException.sqlite("SQLITE_INTERRUPT", "dump interrupted: a whole dump must finish "
                        + "within the statement time limit of " + shown(limit) + " (server setting statement-timeout)",
                        null);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The dump is complete (called after its connection was given back). */
    void finish() {
        end(null);
    }

    /**
     * The dump failed (called after its connection was given back). Chunks not yet taken are
     * dropped: the text is incomplete anyway, and a reader that stopped reading should not keep
     * them in memory.
     */
    void fail(RuntimeException e) {
        end(e);
    }

    private void end(RuntimeException e) {
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

    /**
     * The next chunk; empty once the dump is complete. Throws the dump's failure. Waits at most
     * {@code patience} past the deadline (the SQL side always ends by then: the statement time
     * limit interrupts whatever it runs).
     */
    Optional<byte[]> take(Duration patience) throws InterruptedException {
        lock.lock();
        try {
            long until = deadlineNanos + patience.toNanos();
            while (chunks.isEmpty() && !finished) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new ShoalException(ErrorCode.INTERNAL, "the dump did not end within its time limit");
                }
                changed.awaitNanos(left);
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

    private static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

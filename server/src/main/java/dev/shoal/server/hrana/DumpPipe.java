package dev.shoal.server.hrana;

import dev.shoal.core.error.Durations;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.Optional;

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

    private final ChunkQueue queue;
    private final long deadlineNanos;
    private final Duration limit;

    /** @param limit how long the whole dump may take, from now */
    DumpPipe(int capacity, Duration limit) {
        this.queue = new ChunkQueue(capacity);
        this.limit = limit;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    // ---- the SQL side

    /** What to do when the reader goes away (interrupt the running statement); runs at once if it already has. */
    void onCancel(Runnable action) {
        queue.onCancel(action);
    }

    /** Hands over a chunk, waiting while the reader is behind; fails if the reader is gone or time is up. */
    void put(byte[] chunk) {
        try {
            check(queue.put(chunk, deadlineNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    /** Fails if the reader is gone or the dump is past its time limit. */
    void checkStillWanted() {
        check(queue.state(deadlineNanos));
    }

    private void check(ChunkQueue.Put state) {
        switch (state) {
            case ADDED -> { }
            case CANCELLED -> throw new ShoalException(ErrorCode.PROTOCOL_ERROR, "dump abandoned: " + CLIENT_GONE);
            case LATE -> throw ShoalException.sqlite("SQLITE_INTERRUPT", "dump interrupted: a whole dump must finish "
                    + "within the statement time limit of " + Durations.shown(limit) + " (server setting statement-timeout)", null);
        }
    }

    /** The dump is complete (called after its connection was given back). */
    void finish() {
        queue.end(null);
    }

    /**
     * The dump failed (called after its connection was given back). Chunks not yet taken are
     * dropped: the text is incomplete anyway, and a reader that stopped reading should not keep
     * them in memory.
     */
    void fail(RuntimeException e) {
        queue.end(e);
    }

    // ---- the request side

    /**
     * The next chunk; empty once the dump is complete. Throws the dump's failure. Waits at most
     * {@code patience} past the deadline (the SQL side always ends by then: the statement time
     * limit interrupts whatever it runs).
     */
    Optional<byte[]> take(Duration patience) throws InterruptedException {
        return queue.take(deadlineNanos + patience.toNanos(),
                () -> new ShoalException(ErrorCode.INTERNAL, "the dump did not end within its time limit"));
    }

    /** The reader is gone: the SQL side stops at its next chunk, and its running statement is interrupted. */
    void cancel() {
        queue.cancel();
    }

}

package dev.shoal.server.http;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many request-body bytes all requests together may hold at once. Each body takes its share
 * as its bytes arrive and gives all of it back when its request ends (the body, or what was
 * parsed from it, lives that long), so a crowd of clients each sending an 8 MiB pipeline cannot
 * exhaust the heap: past the budget, a body waits a moment for room, then gets {@code BUSY}.
 * Counted in KiB so the semaphore's int permits cover any sensible budget.
 */
final class BodyBudget {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Semaphore kib;
    private final long bytes;

    BodyBudget(long bytes) {
        if (bytes < 1 << 20) {
            throw new IllegalArgumentException("the request body budget must be at least 1 MiB, got " + bytes);
        }
        this.bytes = bytes;
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, bytes >> 10), true);
    }

    /** One request body's share. Not thread-safe: one request's reads come from one thread. */
    final class Share implements AutoCloseable {
        private long read;
        private int held;

        /** Notes {@code n} more bytes of this body; waits for room, or fails with BUSY. */
        void grow(int n) {
            read += n;
            int need = (int) Math.min(Integer.MAX_VALUE, (read + 1023) >> 10) - held;
            if (need <= 0) {
                return;
            }
            try {
                if (!kib.tryAcquire(need, WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new ShoalException(ErrorCode.BUSY, "the server is receiving too much request data at once "
                            + "(" + (bytes >> 20) + " MiB in all); retry shortly");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
            }
            held += need;
        }

        @Override
        public void close() {
            kib.release(held);
            held = 0;
        }
    }

    Share share() {
        return new Share();
    }
}

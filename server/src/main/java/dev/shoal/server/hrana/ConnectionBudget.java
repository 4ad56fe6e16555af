package dev.shoal.server.hrana;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of database connections streams may hold at once. A stream takes a connection on
 * its first statement and keeps it until it ends, so without this bound idle streams could hold
 * thousands of SQLite handles (three open files each) the handle cache knows nothing about.
 */
final class ConnectionBudget {
    private final int limit;
    private final AtomicInteger held = new AtomicInteger();

    ConnectionBudget(int limit) {
        this.limit = limit;
    }

    /** Takes one connection's share, or fails with {@code BUSY} naming the limit. */
    void acquire() {
        if (held.incrementAndGet() > limit) {
            held.decrementAndGet();
            throw new ShoalException(ErrorCode.BUSY, "too many streams hold a database connection (limit " + limit
                    + "); close idle streams (or finish their transactions) and retry");
        }
    }

    void release() {
        held.decrementAndGet();
    }

    int held() {
        return held.get();
    }
}

package dev.shoal.server.hrana;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fairness between tenants: at most so many SQL requests of one database, and of one organization,
 * run at once; the rest wait their turn (FIFO) for a bounded time, then get {@code BUSY}. So one
 * tenant sending hundreds of runaway statements occupies a few SQL threads, not all of them, and
 * every other tenant keeps its latency. Semaphores live in weak-valued maps: a database nobody is
 * using costs nothing here.
 */
final class TenantAdmission {
    private final int perDatabase;
    private final int perOrganization;
    private final Duration maxWait;
    private final LoadingCache<UUID, Semaphore> databases;
    private final LoadingCache<String, Semaphore> organizations;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder databaseRefusals = new LongAdder();
    private final LongAdder organizationRefusals = new LongAdder();

    TenantAdmission(int perDatabase, int perOrganization, Duration maxWait) {
        if (perDatabase < 1 || perOrganization < perDatabase) {
            throw new IllegalArgumentException("need 1 <= per-database (" + perDatabase + ") <= per-organization ("
                    + perOrganization + ")");
        }
        this.perDatabase = perDatabase;
        this.perOrganization = perOrganization;
        this.maxWait = maxWait;
        this.databases = Caffeine.newBuilder().weakValues().build(id -> new Semaphore(perDatabase, true));
        this.organizations = Caffeine.newBuilder().weakValues().build(org -> new Semaphore(perOrganization, true));
    }

    /** A turn to run SQL on {@code db}; close it when the request's SQL work is done. */
    Turn enter(DatabaseRecord db) {
        Semaphore d = databases.get(db.id());
        Semaphore o = organizations.get(db.organization());
        long deadline = System.nanoTime() + maxWait.toNanos();
        acquire(d, deadline, "database " + db.name(), perDatabase, databaseRefusals);
        try {
            acquire(o, deadline, "organization " + db.organization(), perOrganization, organizationRefusals);
        } catch (RuntimeException e) {
            d.release();
            throw e;
        }
        return new Turn(d, o);
    }

    private void acquire(Semaphore s, long deadline, String what, int limit, LongAdder refusals) {
        try {
            if (s.tryAcquire(0, TimeUnit.NANOSECONDS)) { // (the timed form keeps the semaphore's FIFO order)
                return;
            }
            waiting.incrementAndGet();
            boolean turn;
            try {
                turn = s.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
            if (!turn) {
                refusals.increment();
                throw new ShoalException(ErrorCode.BUSY, "too many SQL requests running on " + what + " (limit "
                        + limit + " at once; waited " + maxWait.toSeconds() + " s for a turn); retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    /** Requests waiting for a turn now. */
    int waiting() {
        return waiting.get();
    }

    /** Requests refused so far after waiting for a turn of their database ({@code false}: of their organization). */
    long refusals(boolean database) {
        return (database ? databaseRefusals : organizationRefusals).sum();
    }

    /** One request's turn; holds strong references so its semaphores stay alive while in use. */
    static final class Turn implements AutoCloseable {
        /** No turn: for the one stream per database that holds the writer slot. */
        static final Turn NONE = new Turn(null, null);

        private final Semaphore database;
        private final Semaphore organization;
        private boolean closed;

        private Turn(Semaphore database, Semaphore organization) {
            this.database = database;
            this.organization = organization;
        }

        @Override
        public void close() {
            if (!closed && database != null) {
                closed = true;
                organization.release();
                database.release();
            }
        }
    }
}

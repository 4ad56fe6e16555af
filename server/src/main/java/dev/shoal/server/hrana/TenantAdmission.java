package dev.shoal.server.hrana;

import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.Durations;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Fairness between tenants: at most so many SQL requests of one database, and of one organization,
 * run at once; the rest wait their turn (FIFO) for a bounded time, then get {@code BUSY}. So one
 * tenant sending hundreds of runaway statements occupies a few SQL threads, not all of them, and
 * every other tenant keeps its latency.
 *
 * <p>A request waits on every busy database, so waiting must be cheap: a waiter parks without a
 * timeout and is woken by the request that hands it its turn; one timer thread looks through the
 * waiters at a fixed {@link #TICK} and refuses those past their deadline (so a refusal comes between
 * the wait and one tick after it). A timed park would put a timer task in the virtual-thread
 * scheduler's delay queue, and wake its thread, for nearly every request of a busy database.
 * A database's gate exists while requests use it: the last one out removes it, so a database
 * nobody is using costs nothing here.
 */
final class TenantAdmission implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(50);

    private final int perDatabase;
    private final int perOrganization;
    private final Duration maxWait;
    private final ConcurrentHashMap<UUID, Gate> databases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Gate> laneDatabases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Gate> organizations = new ConcurrentHashMap<>();
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final LongAdder databaseRefusals = new LongAdder();
    private final LongAdder organizationRefusals = new LongAdder();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-admission-timer");
        t.setDaemon(true);
        return t;
    });

    TenantAdmission(int perDatabase, int perOrganization, Duration maxWait) {
        if (perDatabase < 1 || perOrganization < perDatabase) {
            throw new IllegalArgumentException("need 1 <= per-database (" + perDatabase + ") <= per-organization ("
                    + perOrganization + ")");
        }
        this.perDatabase = perDatabase;
        this.perOrganization = perOrganization;
        this.maxWait = maxWait;
        timer.scheduleWithFixedDelay(this::refuseLate, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A turn to run SQL on {@code db}; close it when the request's SQL work is done. */
    Turn enter(DatabaseRecord db) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Gate d = take(databases, db.id(), perDatabase, deadline, "database " + db.name(), databaseRefusals);
        try {
            return new Turn(d, take(organizations, db.organization(), perOrganization, deadline,
                    "organization " + db.organization(), organizationRefusals));
        } catch (RuntimeException e) {
            d.release();
            throw e;
        }
    }

    /**
     * A place in {@code db}'s write lane (see {@link PipelineShape#LANE_WRITE}) for one pipeline, up to
     * {@code per-organization} of them at once. Lane writes wait for one another on the single SQL
     * thread their lane runs on, so they are counted apart from the database's other requests, and
     * only the lane counts against the organization ({@link #enterOrganization}, held by the lane
     * while it runs): one database's writes then take one of its organization's turns and one SQL
     * thread however many are queued, and the lane stays full while answers travel to clients.
     */
    Turn enterLane(DatabaseRecord db) {
        return new Turn(take(laneDatabases, db.id(), perOrganization, System.nanoTime() + maxWait.toNanos(),
                "database " + db.name() + "'s write lane", databaseRefusals), null);
    }

    /** A turn of {@code db}'s organization alone: for a write lane while it runs. */
    Turn enterOrganization(DatabaseRecord db) {
        return new Turn(null, take(organizations, db.organization(), perOrganization,
                System.nanoTime() + maxWait.toNanos(), "organization " + db.organization(), organizationRefusals));
    }

    /** A turn of {@code key}'s gate, waiting until {@code deadline} (then BUSY, counted in {@code refusals}). */
    private <K> Gate take(ConcurrentHashMap<K, Gate> gates, K key, int limit, long deadline, String what,
            LongAdder refusals) {
        Gate g = retain(gates, key, limit);
        try {
            g.acquire(deadline, what, refusals);
            return g;
        } catch (RuntimeException e) {
            g.drop();
            throw e;
        }
    }

    /** The gate of {@code key}, with one more user: made if there is none, or if the one found is being removed. */
    private <K> Gate retain(ConcurrentHashMap<K, Gate> gates, K key, int limit) {
        while (true) {
            Gate g = gates.get(key);
            if (g == null) {
                Gate made = new Gate(gates, key, limit);
                g = gates.putIfAbsent(key, made);
                if (g == null) {
                    g = made;
                }
            }
            if (g.retain()) {
                return g;
            }
            gates.remove(key, g); // its last user is removing it: help, then make a new one
        }
    }

    /** Requests waiting for a turn now. */
    int waiting() {
        return waiters.size();
    }

    /** Requests refused so far after waiting for a turn of their database ({@code false}: of their organization). */
    long refusals(boolean database) {
        return (database ? databaseRefusals : organizationRefusals).sum();
    }

    /** Gates held now (tests: a database nobody uses has none). */
    int gates() {
        return databases.size() + laneDatabases.size() + organizations.size();
    }

    /** On the timer thread: wakes every waiter past its deadline, which then gives up its place. */
    private void refuseLate() {
        long now = System.nanoTime();
        for (Waiter w : waiters) {
            if (now - w.deadline >= 0) {
                w.gate.expire(w);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }


    /** A request waiting in a gate's queue. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final Gate gate;
        final long deadline;
        boolean granted; // guarded by gate
        boolean expired; // guarded by gate

        Waiter(Gate gate, long deadline) {
            this.gate = gate;
            this.deadline = deadline;
        }
    }

    /**
     * The turns of one database or organization: {@code limit} at once, the rest queued in order. A
     * turn given back goes straight to the first in the queue (no barging), as a fair semaphore would.
     */
    private final class Gate {
        private final ConcurrentHashMap<?, Gate> home;
        private final Object key;
        private final int limit;
        /** Users (holding or waiting); -1 once the last one left and the gate is being removed. */
        private final AtomicInteger users = new AtomicInteger();
        private final ArrayDeque<Waiter> queue = new ArrayDeque<>(); // guarded by this
        private int running; // guarded by this

        Gate(ConcurrentHashMap<?, Gate> home, Object key, int limit) {
            this.home = home;
            this.key = key;
            this.limit = limit;
        }

        boolean retain() {
            while (true) {
                int n = users.get();
                if (n < 0) {
                    return false;
                }
                if (users.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** One user fewer; the last removes the gate from its map. */
        void drop() {
            if (users.decrementAndGet() == 0 && users.compareAndSet(0, -1)) {
                home.remove(key, this);
            }
        }

        void acquire(long deadline, String what, LongAdder refusals) {
            Waiter w;
            synchronized (this) {
                if (running < limit && queue.isEmpty()) {
                    running++;
                    return;
                }
                w = new Waiter(this, deadline);
                queue.addLast(w);
            }
            waiters.add(w);
            boolean interrupted = false;
            try {
                while (true) {
                    synchronized (this) {
                        if (w.granted) {
                            break;
                        }
                        if (w.expired || interrupted) {
                            queue.remove(w);
                            if (interrupted) {
                                throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
                            }
                            refusals.increment();
                            throw new ShoalException(ErrorCode.BUSY, "too many SQL requests running on " + what
                                    + " (limit " + limit + " at once; waited " + Durations.shown(maxWait)
                                    + " for a turn); retry shortly");
                        }
                    }
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            } finally {
                waiters.remove(w);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Gives a turn back: to the first waiter if there is one. */
        void release() {
            Waiter next;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null) {
                    running--;
                } else {
                    next.granted = true; // the turn passes on: running stays as it is
                }
            }
            if (next != null) {
                LockSupport.unpark(next.thread);
            }
            drop();
        }

        /** The timer found {@code w} past its deadline. */
        void expire(Waiter w) {
            synchronized (this) {
                if (w.granted) {
                    return;
                }
                w.expired = true;
            }
            LockSupport.unpark(w.thread);
        }
    }

    /** One request's turn; closing it gives the turn back. */
    static final class Turn implements AutoCloseable {
        /** No turn: for the one stream per database that holds the writer slot (it ends the others' wait). */
        static final Turn NONE = new Turn(null, null);

        private final Gate database;
        private final Gate organization;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Turn(Gate database, Gate organization) {
            this.database = database;
            this.organization = organization;
        }

        /** Gives the turn back; only the first call counts (a SQL thread may close it before its request does). */
        @Override
        public void close() {
            if (this != NONE && closed.compareAndSet(false, true)) {
                if (organization != null) {
                    organization.release();
                }
                if (database != null) {
                    database.release();
                }
            }
        }
    }
}

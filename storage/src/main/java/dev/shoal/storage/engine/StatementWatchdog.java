package dev.shoal.storage.engine;

import dev.shoal.core.concurrent.SweepSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Interrupts tenant statements that run past the time limit, whoever is (or is no longer) waiting
 * for them. Running connections register for the length of one statement; one daemon thread looks
 * at them a few times a second. Registering takes a slot of a {@link SweepSet}, so the hot path pays no timer.
 */
final class StatementWatchdog implements AutoCloseable {
    private static final long TICK_MILLIS = 100;
    private static final String SHUTDOWN = "the server is shutting down";
    private final SweepSet<SqliteConnection> running = new SweepSet<>(1024);
    private final LongAdder overdue = new LongAdder();
    /** From this moment (System.nanoTime) on, statements are interrupted and new ones refused. */
    private volatile long stopAtNanos;
    private volatile boolean stopping;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shoal-statement-watchdog");
        t.setDaemon(true);
        return t;
    });

    StatementWatchdog() {
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Returns the ticket to pass to {@link #ended}. */
    int started(SqliteConnection c) {
        return running.add(c);
    }

    void ended(SqliteConnection c, int ticket) {
        running.remove(c, ticket);
    }

    /** Statements running now (for metrics and tests). */
    int runningCount() {
        return running.size();
    }

    /** Statements interrupted so far because they ran past the time limit (for metrics). */
    long overdueInterrupts() {
        return overdue.sum();
    }

    /**
     * Shutdown: statements running {@code grace} from now are interrupted, and none may start after
     * that, so no tenant statement can keep the server from stopping.
     */
    void stopAfter(java.time.Duration grace) {
        stopAtNanos = System.nanoTime() + grace.toNanos();
        stopping = true;
    }

    /** Whether new statements are refused because the server is stopping. */
    boolean refusing() {
        return stopping && System.nanoTime() - stopAtNanos >= 0;
    }

    /** Interrupts every running statement, e.g. at shutdown. */
    void interruptAll(String reason) {
        running.forEach(c -> c.interruptNow(reason));
    }

    private void tick() {
        if (refusing()) {
            interruptAll(SHUTDOWN);
            return;
        }
        long now = System.nanoTime();
        running.forEach(c -> {
            try {
                if (c.interruptIfOverdue(now)) {
                    overdue.increment();
                }
            } catch (RuntimeException e) {
                // One bad handle must not stop the watchdog for everyone else.
                org.slf4j.LoggerFactory.getLogger(StatementWatchdog.class).warn("interrupting a statement failed", e);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

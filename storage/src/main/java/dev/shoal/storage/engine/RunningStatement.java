package dev.shoal.storage.engine;

import dev.shoal.core.error.Durations;
import dev.shoal.core.error.ShoalException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.sqlite.core.DB;

/**
 * The statement one connection is running, as the watchdog sees it: its deadline, and an
 * interrupt that can only ever hit it. {@code sqlite3_interrupt} is safe from any thread while
 * the handle is open; the lock keeps it from landing on a later statement (a flag set between
 * statements is cleared by SQLite when the next one starts).
 */
final class RunningStatement {
    private final DB db;
    private final Object lock = new Object();
    private boolean running; // guarded by lock
    private long deadlineNanos; // guarded by lock
    private volatile String reason;
    private volatile boolean failed;

    RunningStatement(DB db) {
        this.db = db;
    }

    void begin(Duration limit) {
        synchronized (lock) {
            running = true;
            reason = null;
            deadlineNanos = System.nanoTime() + limit.toNanos();
        }
    }

    void end() {
        synchronized (lock) {
            running = false;
        }
    }

    /**
     * Called by the watchdog: interrupts the statement if it is past its deadline. True the first
     * time this statement is interrupted (the watchdog asks again at every tick until it stops).
     */
    boolean interruptIfOverdue(long nowNanos, Duration limit) {
        synchronized (lock) {
            if (running && nowNanos - deadlineNanos > 0) {
                boolean first = reason == null;
                signal("it ran longer than the statement time limit of " + Durations.shown(limit)
                        + " (server setting statement-timeout)");
                return first;
            }
            return false;
        }
    }

    /** Interrupts the running statement, if any, saying why (shutdown, a client that went away). */
    void interruptNow(String why) {
        synchronized (lock) {
            if (running) {
                signal(why);
            }
        }
    }

    /** Whether an interrupt could not be delivered (the handle must not be reused). */
    boolean failed() {
        return failed;
    }

    /** The clear error for a statement this class interrupted; empty for any other failure. */
    Optional<ShoalException> interruption(SQLException e) {
        String why = reason;
        if (why == null || !(e instanceof org.sqlite.SQLiteException se)
                || (se.getResultCode().code & 0xff) != 9 /* SQLITE_INTERRUPT */) {
            return Optional.empty();
        }
        return Optional.of(ShoalException.sqlite("SQLITE_INTERRUPT", "statement interrupted: " + why, e));
    }

    private void signal(String why) {
        reason = why;
        try {
            db.interrupt();
        } catch (SQLException e) {
            failed = true; // cannot happen for an open handle; never reuse one that says otherwise
        }
    }

}

package dev.shoal.server.http;

import dev.shoal.core.concurrent.SweepSet;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The read timeout for request bodies and the one timer thread that enforces it for a server.
 * Helidon's WebServer has no read timeout for the connections it accepts (its socket
 * {@code readTimeout} option applies to clients only), so a body that stops arriving would
 * otherwise hold its connection and thread until the client goes away.
 *
 * <p>Every body read arms an alarm, so arming must cost next to nothing: an alarm is one entry in a
 * {@link SweepSet}, which the timer thread looks through at a fixed tick (a tenth of the timeout, at
 * most 100 ms). A timer queue would wake its thread on almost every read (the new alarm is usually
 * the only one, hence the earliest), a context switch per request. An alarm therefore rings between
 * the timeout and one tick after it.
 */
final class ReadTimeouts implements AutoCloseable {
    /** A scheduled timeout that can be called off. */
    interface Alarm {
        void cancel();
    }

    private final class Pending implements Alarm {
        private final long deadlineNanos;
        private final Runnable onTimeout;
        private int ticket;

        Pending(long deadlineNanos, Runnable onTimeout) {
            this.deadlineNanos = deadlineNanos;
            this.onTimeout = onTimeout;
        }

        @Override
        public void cancel() {
            pending.remove(this, ticket);
        }
    }

    private final Duration timeout;
    private final SweepSet<Pending> pending = new SweepSet<>(1024);
    private final ScheduledExecutorService timer;

    ReadTimeouts(Duration timeout) {
        this.timeout = timeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shoal-read-timeout");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.clamp(timeout.toMillis() / 10, 1, 100);
        timer.scheduleWithFixedDelay(this::ring, tick, tick, TimeUnit.MILLISECONDS);
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code onTimeout} after the read timeout unless the returned alarm is cancelled first. */
    Alarm schedule(Runnable onTimeout) {
        Pending p = new Pending(System.nanoTime() + timeout.toNanos(), onTimeout);
        p.ticket = pending.add(p); // cancel() runs on this thread, after this write
        return p;
    }

    /** Runs (once) the alarms whose deadline has passed; on the timer thread. */
    private void ring() {
        long now = System.nanoTime();
        pending.drain(p -> now - p.deadlineNanos >= 0, p -> {
            try {
                p.onTimeout.run();
            } catch (RuntimeException e) {
                // one failed alarm must not stop the timer for every other read
                org.slf4j.LoggerFactory.getLogger(ReadTimeouts.class).warn("a read-timeout alarm failed", e);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

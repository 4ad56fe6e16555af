package dev.shoal.server.http;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The read timeout for request bodies and the one timer thread that enforces it for a server.
 * Helidon's WebServer has no read timeout for the connections it accepts (its socket
 * {@code readTimeout} option applies to clients only), so a body that stops arriving would
 * otherwise hold its connection and thread until the client goes away.
 */
final class ReadTimeouts implements AutoCloseable {
    /** A scheduled timeout that can be called off. */
    interface Alarm {
        void cancel();
    }

    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer;

    ReadTimeouts(Duration timeout) {
        this.timeout = timeout;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "shoal-read-timeout");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // most reads finish in time: do not keep their cancelled alarms
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code onTimeout} after the read timeout unless the returned alarm is cancelled first. */
    Alarm schedule(Runnable onTimeout) {
        try {
            ScheduledFuture<?> f = timer.schedule(onTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException shuttingDown) {
            return () -> {}; // the server is stopping; its connections are being closed anyway
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

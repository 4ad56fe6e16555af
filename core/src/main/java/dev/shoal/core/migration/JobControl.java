package dev.shoal.core.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What has been asked of one running job — pause, resume, cancel, promote — and the place its
 * job thread waits while it is paused or waiting for its promote. Tasks look at
 * {@link #stopping()} before they start: a stopping job starts no new task, and the ones in
 * flight finish. A staged job's first-wave failure halts it the same way.
 */
final class JobControl {
    enum Wake { RESUMED, PROMOTED, CANCELLED, SOAKED }

    private boolean pause;
    private boolean cancel;
    private boolean promote;
    private volatile boolean stopping;

    synchronized void requestPause() {
        pause = true;
        stopping = true;
    }

    /** Clears a pause (asked for or in effect); false if none was. */
    synchronized boolean resume() {
        if (!pause) {
            return false;
        }
        pause = false;
        stopping = cancel;
        notifyAll();
        return true;
    }

    synchronized void requestCancel() {
        cancel = true;
        stopping = true;
        notifyAll();
    }

    synchronized void promote() {
        promote = true;
        notifyAll();
    }

    /** A staged job's first wave failed: no new task starts. */
    void halt() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    synchronized boolean pauseRequested() {
        return pause;
    }

    synchronized boolean cancelRequested() {
        return cancel;
    }

    /** Waits while paused; returns RESUMED or CANCELLED. */
    synchronized Wake awaitResume() throws InterruptedException {
        while (pause && !cancel) {
            wait();
        }
        return cancel ? Wake.CANCELLED : Wake.RESUMED;
    }

    /** Waits for a promote, a cancel, or the end of the soak ({@code until}; empty: no end). */
    synchronized Wake awaitPromote(Optional<Instant> until) throws InterruptedException {
        while (!promote && !cancel) {
            if (until.isEmpty()) {
                wait();
                continue;
            }
            long ms = Duration.between(Instant.now(), until.get()).toMillis();
            if (ms <= 0) {
                return Wake.SOAKED;
            }
            wait(ms);
        }
        if (cancel) {
            return Wake.CANCELLED;
        }
        promote = false;
        return Wake.PROMOTED;
    }
}

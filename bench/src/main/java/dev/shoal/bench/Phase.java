package dev.shoal.bench;

/**
 * The clock of one time-bounded measurement: workers run while it is not {@link #done()} and
 * count only what they start during the measured window (after the warm-up).
 */
final class Phase {
    private volatile int state; // 0 warm-up, 1 measuring, 2 done
    private long start;
    private long end;

    boolean measuring() {
        return state == 1;
    }

    boolean done() {
        return state == 2;
    }

    /** Sleeps through the warm-up, runs {@code atStart}, measures for the duration, runs {@code atEnd}. */
    void run(int warmupSeconds, int seconds, Runnable atStart, Runnable atEnd) throws InterruptedException {
        Thread.sleep(warmupSeconds * 1000L);
        atStart.run();
        start = System.nanoTime();
        state = 1;
        Thread.sleep(seconds * 1000L);
        state = 2;
        end = System.nanoTime();
        atEnd.run();
    }

    double seconds() {
        return (end - start) / 1e9;
    }
}

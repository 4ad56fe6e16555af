package dev.shoal.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class UsageMeterTest {
    private final UsageCatalogFake catalog = new UsageCatalogFake();
    private final UsageMeter meter = new UsageMeter(catalog);

    @Test
    void flushAddsCountsToTheCatalogOnce() {
        UUID db = catalog.add("notes");
        meter.record(db, 10, 2);
        meter.flush();
        meter.flush();
        assertThat(catalog.usage(db)).containsExactly(10, 2);
        assertThat(meter.current(db)).containsExactly(10, 2);
    }

    @Test
    void aFailedFlushKeepsTheCountsForTheNextOne() {
        UUID db = catalog.add("notes");
        meter.record(db, 10, 2);
        catalog.failAddUsage = true;
        assertThatThrownBy(meter::flush).hasMessageContaining("catalog is unavailable");
        assertThat(meter.current(db)).as("counts not yet written are still reported").containsExactly(10, 2);

        catalog.failAddUsage = false;
        meter.flush();
        assertThat(catalog.usage(db)).containsExactly(10, 2);
    }

    @Test
    void oneFailingDatabaseDoesNotHoldBackTheOthers() {
        UUID a = catalog.add("a");
        UUID b = catalog.add("b");
        meter.record(a, 1, 0);
        meter.record(b, 2, 0);
        AtomicBoolean failed = new AtomicBoolean();
        catalog.insideAddUsage = () -> {
            if (!failed.getAndSet(true)) {
                throw new IllegalStateException("catalog is unavailable");
            }
        };
        assertThatThrownBy(meter::flush).hasMessageContaining("catalog is unavailable");
        assertThat(catalog.usage(a)[0] + catalog.usage(b)[0]).as("the other database was written").isIn(1L, 2L);
        meter.flush();
        assertThat(catalog.usage(a)).containsExactly(1, 0);
        assertThat(catalog.usage(b)).containsExactly(2, 0);
    }

    @Test
    void countsRecordedWhileAFlushWritesAreKept() {
        UUID db = catalog.add("notes");
        meter.record(db, 10, 2);
        catalog.insideAddUsage = () -> {
            catalog.insideAddUsage = () -> { };
            meter.record(db, 5, 1);
        };
        meter.flush();
        assertThat(meter.current(db)).containsExactly(15, 3);
        meter.flush();
        assertThat(catalog.usage(db)).containsExactly(15, 3);
    }

    @Test
    void aFlushStartedDuringAnotherDoesNotWriteTheSameCountsTwice() throws Exception {
        UUID db = catalog.add("notes");
        meter.record(db, 10, 2);
        Thread[] second = new Thread[1];
        catalog.insideAddUsage = () -> {
            catalog.insideAddUsage = () -> { };
            second[0] = Thread.ofPlatform().start(meter::flush); // e.g. shutdown while the timer flushes
            try {
                second[0].join(200); // gives an unguarded second flush time to write the same snapshot
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        meter.flush();
        second[0].join(10_000);
        assertThat(catalog.usage(db)).containsExactly(10, 2);
        assertThat(meter.current(db)).containsExactly(10, 2);
    }

    @Test
    void countsOfADeletedDatabaseAreDropped() {
        UUID db = catalog.add("notes");
        meter.record(db, 10, 2);
        catalog.deleteDatabase(db);
        meter.flush();
        assertThat(catalog.usage(db)).containsExactly(0, 0);
    }

    /**
     * Recorders race a flusher that runs as often as it can; every count must end up in the
     * catalog exactly once. (A record that fetched its counters just before a flush removed them
     * used to add to counters nobody would flush again.)
     */
    @Test
    void concurrentRecordsAreNeverLost() throws Exception {
        UUID db = catalog.add("notes");
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> recorders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            recorders.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    meter.record(db, 1, 1);
                }
            }));
        }
        Thread flusher = Thread.ofPlatform().start(() -> {
            awaitQuietly(start);
            while (!done.get()) {
                meter.flush();
            }
        });
        start.countDown();
        for (Thread r : recorders) {
            r.join(30_000);
        }
        done.set(true);
        flusher.join(30_000);
        meter.flush();
        long expected = (long) threads * perThread;
        assertThat(catalog.usage(db)).containsExactly(expected, expected);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idle sweeper against streams being handed back: with a clock the test moves, and the
 * sweeper run by the test exactly while a request hands its stream back.
 */
class StreamRegistryExpiryTest {
    private static final DatabaseRecord DB = DatabaseRecord.create(UUID.randomUUID(), "notes", "acme", "default",
            Instant.now());
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final SqlDatabases NO_SQL = (id, options) -> {
        throw new AssertionError("these tests run no SQL");
    };

    private final AtomicLong now = new AtomicLong();
    /** Runs once, inside the next read of the clock. */
    private final AtomicReference<Runnable> onNextClockRead = new AtomicReference<>(() -> { });
    private final CountDownLatch sweeperChoseAStream = new CountDownLatch(1);
    private final CountDownLatch resumeSweeper = new CountDownLatch(1);
    private final StreamRegistry registry = new StreamRegistry(NO_SQL, new StreamLimits(IDLE, 100, 100, 100), this::clock, s -> {
        sweeperChoseAStream.countDown();
        await(resumeSweeper);
    }, false);

    private long clock() {
        onNextClockRead.getAndSet(() -> { }).run();
        return now.get();
    }

    @AfterEach
    void close() {
        resumeSweeper.countDown();
        registry.close();
    }

    @Test
    void aStreamIdleLongerThanTheTimeoutExpires() {
        String baton = registry.release(registry.take(Optional.empty(), DB, ConnectionOptions.DEFAULT)).orElseThrow();
        now.addAndGet(IDLE.toNanos() + 1);
        resumeSweeper.countDown();
        registry.expireIdle();
        assertThatThrownBy(() -> registry.take(Optional.of(baton), DB, ConnectionOptions.DEFAULT))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STREAM_EXPIRED));
    }

    @Test
    void aStreamInUseDoesNotExpire() {
        String baton = registry.release(registry.take(Optional.empty(), DB, ConnectionOptions.DEFAULT)).orElseThrow();
        HranaStream inUse = registry.take(Optional.of(baton), DB, ConnectionOptions.DEFAULT);
        now.addAndGet(IDLE.toNanos() + 1);
        resumeSweeper.countDown();
        registry.expireIdle();
        assertThat(inUse.isClosed()).isFalse();
    }

    /** A request that ran longer than the idle timeout hands its stream back while the sweeper runs. */
    @Test
    void aStreamHandedBackWhileTheSweeperRunsIsNotExpired() throws Exception {
        HranaStream stream = registry.take(Optional.empty(), DB, ConnectionOptions.DEFAULT);
        String first = registry.release(stream).orElseThrow();
        registry.take(Optional.of(first), DB, ConnectionOptions.DEFAULT);
        now.addAndGet(IDLE.toNanos() + 1);

        Thread sweeper = sweepDuringNextClockRead();
        String next = registry.release(stream).orElseThrow();
        resumeSweeper.countDown();
        sweeper.join(10_000);

        assertThat(registry.take(Optional.of(next), DB, ConnectionOptions.DEFAULT)).isSameAs(stream);
        assertThat(stream.isClosed()).isFalse();
    }

    /** The same for a cursor, whose baton is reserved when the response starts and published at its end. */
    @Test
    void aCursorStreamPublishedWhileTheSweeperRunsIsNotExpired() throws Exception {
        HranaStream stream = registry.take(Optional.empty(), DB, ConnectionOptions.DEFAULT);
        String first = registry.release(stream).orElseThrow();
        registry.take(Optional.of(first), DB, ConnectionOptions.DEFAULT);
        String baton = registry.reserveBaton(stream);
        now.addAndGet(IDLE.toNanos() + 1); // a long cursor

        Thread sweeper = sweepDuringNextClockRead();
        registry.publish(stream);
        resumeSweeper.countDown();
        sweeper.join(10_000);

        assertThat(registry.take(Optional.of(baton), DB, ConnectionOptions.DEFAULT)).isSameAs(stream);
    }

    /**
     * Arranges for the next clock read (the hand-back's) to start a sweep and wait until the
     * sweeper has chosen a stream to expire (it then waits for {@link #resumeSweeper}) or has finished.
     */
    private Thread sweepDuringNextClockRead() {
        Thread[] sweeper = new Thread[1];
        sweeper[0] = Thread.ofPlatform().unstarted(registry::expireIdle);
        onNextClockRead.set(() -> {
            sweeper[0].start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sweeperChoseAStream.getCount() > 0 && sweeper[0].isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        });
        return sweeper[0];
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.shoal.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lanes: one lane's work in order on one thread; lanes side by side; the lane's turn; refusals; timed waits. */
class SqlWorkersLaneTest {
    private static final AutoCloseable NO_TURN = () -> { };

    @Test
    void aLanesWorkRunsInOrderOneAtATimeAndTheLaneTurnIsHeldUntilItRunsDry() throws Exception {
        try (SqlWorkers w = new SqlWorkers(8)) {
            CountDownLatch gate = new CountDownLatch(1);
            AtomicInteger turnsTaken = new AtomicInteger();
            AtomicInteger turnsOpen = new AtomicInteger();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            Set<String> threads = Collections.synchronizedSet(new HashSet<>());
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<SqlWorkers.Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                tasks.add(w.submitInLane("db-1", () -> {
                    if (n == 0) {
                        gate.await(); // holds the lane while the rest queue behind it
                    }
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    order.add(n);
                    threads.add(Thread.currentThread().getName());
                    inside.decrementAndGet();
                    return n;
                }, () -> {
                    turnsTaken.incrementAndGet();
                    turnsOpen.incrementAndGet();
                    return turnsOpen::decrementAndGet;
                }));
            }
            assertThat(turnsTaken.get()).as("only the request that starts the lane takes its turn").isEqualTo(1);
            gate.countDown();
            for (SqlWorkers.Task<Integer> t : tasks) {
                SqlWorkers.await(t);
            }
            assertThat(order).hasSize(50).isSorted();
            assertThat(most.get()).isEqualTo(1);
            assertThat(threads).hasSize(1);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (turnsOpen.get() != 0 && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            assertThat(turnsOpen.get()).as("the lane gives its turn back once it is empty").isZero();
        }
    }

    @Test
    void otherLanesAreNotHeldUpByABusyOne() throws Exception {
        try (SqlWorkers w = new SqlWorkers(8)) {
            CountDownLatch release = new CountDownLatch(1);
            SqlWorkers.Task<Object> stuck = w.submitInLane("db-a", () -> release.await(30, TimeUnit.SECONDS), () -> NO_TURN);
            SqlWorkers.Task<String> other = w.submitInLane("db-b", () -> "b", () -> NO_TURN);
            assertThat(SqlWorkers.await(other)).isEqualTo("b");
            assertThat(stuck.isDone()).isFalse();
            release.countDown();
            SqlWorkers.await(stuck);
        }
    }

    @Test
    void aFailingTaskOrACancelledOneDoesNotReachTheNext() throws Exception {
        try (SqlWorkers w = new SqlWorkers(4)) {
            CountDownLatch started = new CountDownLatch(1);
            SqlWorkers.Task<Object> slow = w.submitInLane("db", () -> {
                started.countDown();
                Thread.sleep(30_000);
                return null;
            }, () -> NO_TURN);
            SqlWorkers.Task<Object> failing = w.submitInLane("db", () -> {
                throw new ShoalException(ErrorCode.PROTOCOL_ERROR, "boom");
            }, () -> NO_TURN);
            SqlWorkers.Task<Boolean> next = w.submitInLane("db", () -> Thread.currentThread().isInterrupted(),
                    () -> NO_TURN);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            slow.cancel(true);
            assertThatThrownBy(() -> SqlWorkers.await(failing)).hasMessage("boom");
            assertThat(SqlWorkers.await(next)).as("the cancel's interrupt stays with the cancelled work").isFalse();
        }
    }

    @Test
    void aLaneThatCannotGetAThreadIsRefusedWithBusyAndGivesItsTurnBack() throws Exception {
        try (SqlWorkers w = new SqlWorkers(1)) {
            CountDownLatch release = new CountDownLatch(1);
            SqlWorkers.Task<Object> hog = w.submit(() -> release.await(30, TimeUnit.SECONDS));
            AtomicInteger open = new AtomicInteger();
            SqlWorkers.Task<String> refused = w.submitInLane("db", () -> "never", () -> {
                open.incrementAndGet();
                return open::decrementAndGet;
            });
            assertThatThrownBy(() -> SqlWorkers.await(refused))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
            assertThat(open.get()).isZero();
            assertThat(w.refusals()).isEqualTo(1);
            release.countDown();
            SqlWorkers.await(hog);
            assertThat(SqlWorkers.await(w.submitInLane("db", () -> "later", () -> NO_TURN))).isEqualTo("later");
        }
    }

    @Test
    void aTimedWaitEndsAfterItsLimitOrAsSoonAsTheWorkIsDone() throws Exception {
        try (SqlWorkers w = new SqlWorkers(2)) {
            CountDownLatch release = new CountDownLatch(1);
            SqlWorkers.Task<String> t = w.submit(() -> {
                release.await(30, TimeUnit.SECONDS);
                return "done";
            });
            long start = System.nanoTime();
            assertThat(w.awaitFor(t, Duration.ofMillis(200))).isFalse();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waited).isBetween(200L, 200L + 5_000L);
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            });
            start = System.nanoTime();
            assertThat(w.awaitFor(t, Duration.ofSeconds(30))).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(20_000);
            assertThat(SqlWorkers.await(t)).isEqualTo("done");
        }
    }
}

package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.db.DatabaseConfig;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Turns per database and organization: the limit, FIFO hand-over, refusal after the wait, interruption, no leftovers. */
class TenantAdmissionTest {
    private static DatabaseRecord db(String name, String org) {
        return new DatabaseRecord(UUID.randomUUID(), name, org, "default", DatabaseKind.REGULAR, Optional.empty(),
                Optional.empty(), Instant.EPOCH, DatabaseConfig.DEFAULT, 0, Optional.empty());
    }

    private static void awaitWaiting(TenantAdmission a, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.waiting() != n) {
            assertThat(System.nanoTime()).as("waiting for %d waiters, have %d", n, a.waiting()).isLessThan(end);
            Thread.sleep(2);
        }
    }

    @Test
    void turnsAreHandedOverInArrivalOrderAndNothingIsLeftWhenAllAreDone() throws Exception {
        try (TenantAdmission a = new TenantAdmission(1, 4, Duration.ofSeconds(30))) {
            DatabaseRecord d = db("d", "acme");
            TenantAdmission.Turn first = a.enter(d);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try (TenantAdmission.Turn t = a.enter(d)) {
                        order.add(n);
                    }
                }));
                awaitWaiting(a, i + 1); // each queued before the next arrives
            }
            first.close();
            first.close(); // a second close gives nothing back twice
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertThat(order).containsExactly(0, 1, 2, 3, 4);
            assertThat(a.waiting()).isZero();
            assertThat(a.gates()).as("a database nobody uses keeps no gate").isZero();
        }
    }

    @Test
    void aWaiterPastItsWaitIsRefusedWithBusyAndTheOthersKeepTheirPlace() throws Exception {
        try (TenantAdmission a = new TenantAdmission(1, 4, Duration.ofMillis(200))) {
            DatabaseRecord d = db("busy-db", "acme");
            TenantAdmission.Turn held = a.enter(d);
            long start = System.nanoTime();
            assertThatThrownBy(() -> a.enter(d))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                    .hasMessageContaining("too many SQL requests running on database busy-db (limit 1 at once;"
                            + " waited 200 ms for a turn)");
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waitedMs).isGreaterThanOrEqualTo(200);
            assertThat(a.refusals(true)).isEqualTo(1);
            assertThat(a.waiting()).isZero();
            held.close();
            a.enter(d).close(); // the refused waiter left the queue: the turn is free at once
            assertThat(a.gates()).isZero();
        }
    }

    @Test
    void theOrganizationLimitHoldsAcrossItsDatabasesAndOtherOrganizationsAreNotHeldUp() throws Exception {
        try (TenantAdmission a = new TenantAdmission(2, 2, Duration.ofMillis(100))) {
            TenantAdmission.Turn t1 = a.enter(db("a1", "acme"));
            TenantAdmission.Turn t2 = a.enter(db("a2", "acme"));
            DatabaseRecord third = db("a3", "acme");
            assertThatThrownBy(() -> a.enter(third)).hasMessageContaining("organization acme (limit 2 at once");
            assertThat(a.refusals(false)).isEqualTo(1);
            a.enter(db("b1", "globex")).close();
            t1.close();
            t2.close();
            a.enter(third).close();
            assertThat(a.gates()).isZero();
        }
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueAndSaysTheServerIsShuttingDown() throws Exception {
        try (TenantAdmission a = new TenantAdmission(1, 4, Duration.ofSeconds(30))) {
            DatabaseRecord d = db("d", "acme");
            TenantAdmission.Turn held = a.enter(d);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    a.enter(d).close();
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            });
            awaitWaiting(a, 1);
            waiter.interrupt();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failure.get()).isInstanceOfSatisfying(ShoalException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
            held.close();
            a.enter(d).close();
            assertThat(a.gates()).isZero();
        }
    }

    @Test
    void manyThreadsNeverExceedTheLimitAndAllGetTheirTurn() throws Exception {
        try (TenantAdmission a = new TenantAdmission(3, 6, Duration.ofSeconds(30))) {
            DatabaseRecord d = db("d", "acme");
            java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger turns = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int k = 0; k < 500; k++) {
                        try (TenantAdmission.Turn t = a.enter(d)) {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                            inside.decrementAndGet();
                            turns.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertThat(turns.get()).isEqualTo(32 * 500);
            assertThat(most.get()).isLessThanOrEqualTo(3);
            assertThat(a.gates()).isZero();
        }
    }

    @Test
    void laneWritesHaveTheirOwnPlacesAndOnlyTheLaneCountsAgainstTheOrganization() throws Exception {
        try (TenantAdmission a = new TenantAdmission(1, 3, Duration.ofMillis(100))) {
            DatabaseRecord d = db("lane-db", "acme");
            List<TenantAdmission.Turn> places = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                places.add(a.enterLane(d)); // per-organization places in the lane, beyond the per-database limit of 1
            }
            assertThatThrownBy(() -> a.enterLane(d)).hasMessageContaining("database lane-db's write lane (limit 3 at once");
            TenantAdmission.Turn read = a.enter(d); // the lane's places are not the database's other turns
            TenantAdmission.Turn lane = a.enterOrganization(d);
            TenantAdmission.Turn other = a.enter(db("other", "acme"));
            assertThatThrownBy(() -> a.enterOrganization(d)).hasMessageContaining("organization acme (limit 3 at once");
            for (TenantAdmission.Turn t : places) {
                t.close();
            }
            read.close();
            lane.close();
            other.close();
            assertThat(a.gates()).isZero();
        }
    }
}

package dev.shoal.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SweepSetTest {
    private static final class Item {
        final int id;
        int ticket;
        final AtomicInteger handedOver = new AtomicInteger();

        Item(int id) {
            this.id = id;
        }
    }

    @Test
    void addedElementsAreSeenUntilRemovedEvenPastTheArraysCapacity() {
        SweepSet<Item> set = new SweepSet<>(4);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // 4 slots: most go to the overflow set
            Item it = new Item(i);
            it.ticket = set.add(it);
            items.add(it);
        }
        assertThat(set.size()).isEqualTo(50);
        List<Integer> seen = new ArrayList<>();
        set.forEach(it -> seen.add(it.id));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(items.stream().map(it -> it.id).toList());

        for (Item it : items.subList(0, 25)) {
            assertThat(set.remove(it, it.ticket)).isTrue();
            assertThat(set.remove(it, it.ticket)).as("a second remove finds nothing").isFalse();
        }
        assertThat(set.size()).isEqualTo(25);
        List<Integer> left = new ArrayList<>();
        set.forEach(it -> left.add(it.id));
        assertThat(left).containsExactlyInAnyOrderElementsOf(items.subList(25, 50).stream().map(it -> it.id).toList());
    }

    @Test
    void aRemoveWithAStaleTicketDoesNotTakeTheElementNowInThatSlot() {
        SweepSet<Item> set = new SweepSet<>(1);
        Item a = new Item(1);
        a.ticket = set.add(a);
        assertThat(a.ticket).isZero();
        assertThat(set.remove(a, a.ticket)).isTrue();
        Item b = new Item(2);
        b.ticket = set.add(b); // the same slot
        assertThat(set.remove(a, a.ticket)).isFalse();
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void drainHandsOverOnlyWhatIsDueAndNothingTheOwnerRemoved() {
        SweepSet<Item> set = new SweepSet<>(8);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Item it = new Item(i);
            it.ticket = set.add(it);
            items.add(it);
        }
        set.remove(items.get(0), items.get(0).ticket);
        set.drain(it -> it.id % 2 == 0, it -> it.handedOver.incrementAndGet());
        for (Item it : items) {
            assertThat(it.handedOver.get()).as("item " + it.id).isEqualTo(it.id % 2 == 0 && it.id != 0 ? 1 : 0);
        }
        assertThat(set.size()).isEqualTo(10);
    }

    /** Owners removing their elements while a sweeper drains: each element is claimed exactly once. */
    @Test
    void ownersAndASweeperNeverBothClaimAnElement() throws Exception {
        SweepSet<Item> set = new SweepSet<>(16);
        int threads = 4;
        int perThread = 20_000;
        AtomicInteger removedByOwner = new AtomicInteger();
        ConcurrentLinkedQueue<Item> all = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger drained = new AtomicInteger();
        Thread sweeper = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                set.drain(it -> it.id % 3 == 0, it -> {
                    it.handedOver.incrementAndGet();
                    drained.incrementAndGet();
                });
            }
        });
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    Item it = new Item(base + i);
                    all.add(it);
                    it.ticket = set.add(it);
                    if (set.remove(it, it.ticket)) {
                        it.handedOver.incrementAndGet();
                        removedByOwner.incrementAndGet();
                    }
                }
                done.countDown();
            });
        }
        done.await();
        stop.set(true);
        sweeper.join();
        set.drain(it -> true, it -> {
            it.handedOver.incrementAndGet();
            drained.incrementAndGet();
        });
        assertThat(all).hasSize(threads * perThread).allSatisfy(it -> assertThat(it.handedOver.get()).isEqualTo(1));
        assertThat(removedByOwner.get() + drained.get()).isEqualTo(threads * perThread);
        assertThat(set.size()).isZero();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new SweepSet<Item>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be at least 1");
    }
}

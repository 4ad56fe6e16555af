package dev.shoal.core.concurrent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The things a timer thread looks through at every tick (reads waiting for a body, statements
 * running, quick reads, live streams), each added and removed once per request on the hot path.
 *
 * <p>A {@code ConcurrentHashMap} key set did this at about 0.3 µs per add and remove pair on two
 * cores: every change updates the map's shared size counter and then sums its cells to decide on a
 * resize, so the request threads of both cores fight over the same cache lines, and each new key
 * needs its identity hash made. Here an element takes a free slot of a fixed array, probing a few
 * from a random start (so two threads rarely touch the same line), and gives it back with one
 * compare-and-set on the slot its ticket names; only when those slots are taken does it go to a
 * concurrent set beside the array. Nothing counts the elements: {@link #size} looks.
 *
 * <p>Removal is by identity and at most once: {@link #remove} and {@link #drain} both claim an
 * element with a compare-and-set, so a timer and the element's owner never both act on it.
 */
public final class SweepSet<T> {
    private static final int PROBES = 4;
    /** An add that found no free slot; such elements live in {@link #overflow}. */
    public static final int OVERFLOWED = -1;

    private final AtomicReferenceArray<T> slots;
    private final int mask;
    private final Set<T> overflow = ConcurrentHashMap.newKeySet();

    /** {@code capacity}: slots in the array (rounded up to a power of two); more elements still fit, slower. */
    public SweepSet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        int n = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        this.slots = new AtomicReferenceArray<>(n);
        this.mask = n - 1;
    }

    /** Adds {@code e} (which must not be in the set already); returns the ticket to remove it with. */
    public int add(T e) {
        int start = ThreadLocalRandom.current().nextInt();
        for (int i = 0; i < PROBES; i++) {
            int k = (start + i) & mask;
            if (slots.get(k) == null && slots.compareAndSet(k, null, e)) {
                return k;
            }
        }
        overflow.add(e);
        return OVERFLOWED;
    }

    /** Removes {@code e}, added with {@code ticket}; false if it is not there (removed already, or drained). */
    public boolean remove(T e, int ticket) {
        if (ticket == OVERFLOWED) {
            return overflow.remove(e);
        }
        return slots.compareAndSet(ticket, e, null);
    }

    /** Each element present now (elements added or removed meanwhile may or may not be seen). */
    public void forEach(Consumer<? super T> action) {
        for (int k = 0; k <= mask; k++) {
            T e = slots.get(k);
            if (e != null) {
                action.accept(e);
            }
        }
        overflow.forEach(action);
    }

    /**
     * Removes each element {@code due} accepts and hands it to {@code then}: an element removed by
     * its owner meanwhile is not handed over, and no element is handed over twice.
     */
    public void drain(Predicate<? super T> due, Consumer<? super T> then) {
        for (int k = 0; k <= mask; k++) {
            T e = slots.get(k);
            if (e != null && due.test(e) && slots.compareAndSet(k, e, null)) {
                then.accept(e);
            }
        }
        for (T e : overflow) {
            if (due.test(e) && overflow.remove(e)) {
                then.accept(e);
            }
        }
    }

    /** Elements present now (a scan: for metrics and tests, not the hot path). */
    public int size() {
        int n = overflow.size();
        for (int k = 0; k <= mask; k++) {
            n += slots.get(k) == null ? 0 : 1;
        }
        return n;
    }
}

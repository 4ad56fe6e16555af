package dev.shoal.core.db;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows read and written per database, counted in memory on the hot path and added to the
 * catalog by {@link #flush()} (every few seconds and at shutdown).
 *
 * <p>A flush writes a snapshot of each database's counts and subtracts exactly that snapshot
 * once the write succeeded, so a failed write leaves the counts for the next flush, and counts
 * recorded meanwhile stay. Counters are changed and dropped (when they reach zero) only inside
 * the map's per-key {@code compute}, so a record can never add to counters a flush has just
 * removed.
 */
public final class UsageMeter {
    private record Counts(AtomicLong read, AtomicLong written) {
        boolean isZero() {
            return read.get() == 0 && written.get() == 0;
        }
    }

    private final DatabaseCatalog catalog;
    private final ConcurrentHashMap<UUID, Counts> pending = new ConcurrentHashMap<>();

    public UsageMeter(DatabaseCatalog catalog) {
        this.catalog = catalog;
    }

    public void record(UUID database, long rowsRead, long rowsWritten) {
        if (rowsRead == 0 && rowsWritten == 0) {
            return;
        }
        pending.compute(database, (id, c) -> {
            Counts counts = c != null ? c : new Counts(new AtomicLong(), new AtomicLong());
            counts.read.addAndGet(rowsRead);
            counts.written.addAndGet(rowsWritten);
            return counts;
        });
    }

    /** {rows read, rows written} so far, flushed or not. */
    public long[] current(UUID database) {
        long[] stored = catalog.usage(database);
        Counts c = pending.get(database);
        if (c != null) {
            stored[0] += c.read.get();
            stored[1] += c.written.get();
        }
        return stored;
    }

    /**
     * Writes every database's pending counts. A database whose write fails keeps its counts (and
     * the others are still written); the first failure is thrown at the end, so the caller can
     * log it and try again later. Counts of databases that no longer exist are dropped. One flush
     * at a time: two at once would both write the same snapshot.
     */
    public synchronized void flush() {
        List<RuntimeException> failures = new ArrayList<>();
        for (UUID id : List.copyOf(pending.keySet())) {
            try {
                flushOne(id);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void flushOne(UUID id) {
        Counts c = pending.get(id);
        if (c == null) {
            return;
        }
        if (catalog.findDatabase(id).isEmpty()) {
            pending.remove(id);
            return;
        }
        long read = c.read.get();
        long written = c.written.get();
        catalog.addUsage(id, read, written);
        pending.computeIfPresent(id, (k, counts) -> {
            counts.read.addAndGet(-read);
            counts.written.addAndGet(-written);
            return counts.isZero() ? null : counts;
        });
    }
}

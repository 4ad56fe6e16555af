package dev.shoal.core.db;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rows read and written per database, counted in memory on the hot path and added to the
 * catalog by {@link #flush()} (every few seconds and at shutdown).
 */
public final class UsageMeter {
    private record Counts(LongAdder read, LongAdder written) {}

    private final DatabaseCatalog catalog;
    private final Map<UUID, Counts> pending = new ConcurrentHashMap<>();

    public UsageMeter(DatabaseCatalog catalog) {
        this.catalog = catalog;
    }

    public void record(UUID database, long rowsRead, long rowsWritten) {
        if (rowsRead == 0 && rowsWritten == 0) {
            return;
        }
        Counts c = pending.computeIfAbsent(database, k -> new Counts(new LongAdder(), new LongAdder()));
        c.read.add(rowsRead);
        c.written.add(rowsWritten);
    }

    /** {rows read, rows written} so far, flushed or not. */
    public long[] current(UUID database) {
        long[] stored = catalog.usage(database);
        Counts c = pending.get(database);
        if (c != null) {
            stored[0] += c.read.sum();
            stored[1] += c.written.sum();
        }
        return stored;
    }

    public void flush() {
        for (UUID id : pending.keySet()) {
            Counts c = pending.remove(id);
            if (c != null && catalog.findDatabase(id).isPresent()) {
                catalog.addUsage(id, c.read.sumThenReset(), c.written.sumThenReset());
            }
        }
    }
}

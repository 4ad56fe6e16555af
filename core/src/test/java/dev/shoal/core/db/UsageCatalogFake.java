package dev.shoal.core.db;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Just enough of a database catalog for {@link UsageMeter}: records by id and usage counters,
 * with a switch that makes {@link #addUsage} fail and a hook that runs inside it.
 */
final class UsageCatalogFake implements DatabaseCatalog {
    private final Map<UUID, DatabaseRecord> records = new ConcurrentHashMap<>();
    private final Map<UUID, long[]> usage = new ConcurrentHashMap<>();
    volatile boolean failAddUsage;
    volatile Runnable insideAddUsage = () -> { };

    UUID add(String name) {
        DatabaseRecord r = DatabaseRecord.create(UUID.randomUUID(), name, "acme", "default", java.time.Instant.now());
        records.put(r.id(), r);
        return r.id();
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(UUID id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public boolean deleteDatabase(UUID id) {
        return records.remove(id) != null;
    }

    @Override
    public void addUsage(UUID id, long rowsRead, long rowsWritten) {
        insideAddUsage.run();
        if (failAddUsage) {
            throw new IllegalStateException("catalog is unavailable");
        }
        usage.compute(id, (k, u) -> u == null ? new long[] {rowsRead, rowsWritten}
                : new long[] {u[0] + rowsRead, u[1] + rowsWritten});
    }

    @Override
    public long[] usage(UUID id) {
        return usage.getOrDefault(id, new long[2]).clone();
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(String organization, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<DatabaseRecord> listDatabases(String organization, DatabaseQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long countChildren(UUID schemaId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void insertDatabase(DatabaseRecord database) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateDatabaseConfig(UUID id, DatabaseConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long bumpTokenGeneration(UUID id) {
        throw new UnsupportedOperationException();
    }
}

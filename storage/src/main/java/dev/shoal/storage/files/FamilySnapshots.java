package dev.shoal.storage.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The bytes of a schema database as its children are born from it, one snapshot per version.
 * Every change to a schema database's content is a migration, which moves its version, and a child
 * is created under the family lock that migrations hold exclusively; so the pair (schema database,
 * version) names one content exactly, and a child costs one file write instead of a VACUUM INTO.
 * Bounded by total bytes; large schema databases are copied directly instead.
 */
final class FamilySnapshots {
    static final int MAX_SNAPSHOT_BYTES = 16 << 20;
    private record Key(UUID schema, long version) {}

    private final Cache<Key, byte[]> snapshots = Caffeine.newBuilder()
            .maximumWeight(256L << 20)
            .weigher((Key k, byte[] v) -> v.length)
            .build();

    byte[] get(UUID schema, long version, Supplier<byte[]> make) {
        return snapshots.get(new Key(schema, version), k -> make.get());
    }
}

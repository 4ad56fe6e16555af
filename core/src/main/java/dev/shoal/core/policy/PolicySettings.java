package dev.shoal.core.policy;

/**
 * Server-wide caps the policy enforces on per-connection settings a tenant may change.
 *
 * @param maxBusyTimeoutMillis the largest {@code PRAGMA busy_timeout} a tenant may set
 * @param maxCacheBytes        the largest page cache a tenant may ask for with {@code PRAGMA cache_size}
 *                             (positive values count pages of 4 KiB)
 */
public record PolicySettings(long maxBusyTimeoutMillis, long maxCacheBytes) {
    public PolicySettings {
        if (maxBusyTimeoutMillis < 0 || maxCacheBytes < 0) {
            throw new IllegalArgumentException("policy caps must not be negative");
        }
    }

    public static PolicySettings defaults() {
        return new PolicySettings(5_000, 64L << 20);
    }
}

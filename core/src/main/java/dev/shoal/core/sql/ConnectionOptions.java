package dev.shoal.core.sql;

import java.util.OptionalLong;

/**
 * How a stream may use its connection: decided from the caller's token and the database's
 * configuration when the stream opens.
 *
 * @param writes       whether writes are allowed, refused for a read-only token, or blocked by config
 * @param blockReads   every statement is refused (database configuration {@code block_reads})
 * @param maxSizeBytes the database may not grow beyond this (configuration {@code size_limit})
 */
public record ConnectionOptions(Writes writes, boolean blockReads, OptionalLong maxSizeBytes) {
    public enum Writes { ALLOWED, READ_ONLY_TOKEN, BLOCKED }

    public static final ConnectionOptions DEFAULT = new ConnectionOptions(Writes.ALLOWED, false, OptionalLong.empty());
}

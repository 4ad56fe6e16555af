package dev.shoal.core.db;

import java.util.Optional;

/**
 * A database's settings (Platform API "configuration").
 *
 * @param sizeLimit as given by the user, e.g. {@code 256mb}; enforced through SQLite's page count
 */
public record DatabaseConfig(boolean allowAttach, boolean blockReads, boolean blockWrites, boolean deleteProtection,
        Optional<String> sizeLimit) {
    public static final DatabaseConfig DEFAULT = new DatabaseConfig(false, false, false, false, Optional.empty());
}

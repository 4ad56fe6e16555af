package dev.shoal.core.db;

import java.util.Optional;

/**
 * A database's settings (Platform API "configuration").
 *
 * @param sizeLimit     as given by the user, e.g. {@code 256mb}; enforced through SQLite's page count
 * @param migrationMode how a schema database's migrations reach its children (strict unless changed)
 */
public record DatabaseConfig(boolean allowAttach, boolean blockReads, boolean blockWrites, boolean deleteProtection,
        Optional<String> sizeLimit, MigrationMode migrationMode) {
    public static final DatabaseConfig DEFAULT = new DatabaseConfig(false, false, false, false, Optional.empty(),
            MigrationMode.STRICT);

    public DatabaseConfig {
        java.util.Objects.requireNonNull(migrationMode, "migrationMode");
    }

    public DatabaseConfig withSizeLimit(Optional<String> limit) {
        return new DatabaseConfig(allowAttach, blockReads, blockWrites, deleteProtection, limit, migrationMode);
    }
}

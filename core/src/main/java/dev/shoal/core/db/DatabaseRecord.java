package dev.shoal.core.db;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A database as the catalog knows it.
 *
 * @param parent          for a child, the name of its schema database
 * @param branchedFrom    for a database seeded from another one, that database's id
 * @param tokenGeneration bumped by "rotate": database tokens minted before no longer verify
 */
public record DatabaseRecord(
        UUID id,
        String name,
        String organization,
        String group,
        DatabaseKind kind,
        Optional<String> parent,
        Instant createdAt,
        DatabaseConfig config,
        long tokenGeneration,
        Optional<UUID> branchedFrom) {

    /** A new regular database with default settings. */
    public static DatabaseRecord create(UUID id, String name, String organization, String group, Instant createdAt) {
        return new DatabaseRecord(id, name, organization, group, DatabaseKind.REGULAR, Optional.empty(), createdAt,
                DatabaseConfig.DEFAULT, 0, Optional.empty());
    }

    public DatabaseRecord withKind(DatabaseKind k, Optional<String> parentName) {
        return new DatabaseRecord(id, name, organization, group, k, parentName, createdAt, config, tokenGeneration,
                branchedFrom);
    }

    public DatabaseRecord withBranchedFrom(UUID source) {
        return new DatabaseRecord(id, name, organization, group, kind, parent, createdAt, config, tokenGeneration,
                Optional.of(source));
    }
}

package dev.shoal.core.db;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A database as the catalog knows it.
 *
 * @param parentId        for a child, the id of its schema database: the link itself (names can be
 *                        reused; ids are not)
 * @param parentName      for a child, its schema database's name, for messages and display only:
 *                        the catalog resolves it from {@code parentId} when it reads the record and
 *                        never stores it
 * @param branchedFrom    for a database seeded from another one, that database's id
 * @param tokenGeneration bumped by "rotate": database tokens minted before no longer verify
 */
public record DatabaseRecord(
        UUID id,
        String name,
        String organization,
        String group,
        DatabaseKind kind,
        Optional<UUID> parentId,
        Optional<String> parentName,
        Instant createdAt,
        DatabaseConfig config,
        long tokenGeneration,
        Optional<UUID> branchedFrom) {

    /** A new regular database with default settings. */
    public static DatabaseRecord create(UUID id, String name, String organization, String group, Instant createdAt) {
        return new DatabaseRecord(id, name, organization, group, DatabaseKind.REGULAR, Optional.empty(),
                Optional.empty(), createdAt, DatabaseConfig.DEFAULT, 0, Optional.empty());
    }

    /** This database as a schema database (the parent of a family). */
    public DatabaseRecord asSchema() {
        return new DatabaseRecord(id, name, organization, group, DatabaseKind.SCHEMA, Optional.empty(),
                Optional.empty(), createdAt, config, tokenGeneration, branchedFrom);
    }

    /** This database as a child of {@code schema}, linked by the schema database's id. */
    public DatabaseRecord asChildOf(DatabaseRecord schema) {
        return new DatabaseRecord(id, name, organization, group, DatabaseKind.CHILD, Optional.of(schema.id()),
                Optional.of(schema.name()), createdAt, config, tokenGeneration, branchedFrom);
    }

    public DatabaseRecord withConfig(DatabaseConfig c) {
        return new DatabaseRecord(id, name, organization, group, kind, parentId, parentName, createdAt, c,
                tokenGeneration, branchedFrom);
    }

    public DatabaseRecord withBranchedFrom(UUID source) {
        return new DatabaseRecord(id, name, organization, group, kind, parentId, parentName, createdAt, config,
                tokenGeneration, Optional.of(source));
    }
}

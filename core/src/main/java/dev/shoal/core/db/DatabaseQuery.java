package dev.shoal.core.db;

import java.util.Optional;
import java.util.UUID;

/**
 * Filters and paging for listing databases.
 *
 * @param schemaId children of the schema database with this id (a name given by a client is
 *                 resolved to the id first: {@link DatabaseService#listChildren})
 * @param parent   databases branched from the database with this id
 * @param after    page cursor: names after this one
 * @param namePrefix only names that start with this text (a range of the catalog's name index)
 */
public record DatabaseQuery(Optional<String> group, Optional<UUID> schemaId, Optional<DatabaseKind> kind,
        Optional<UUID> parent, int limit, Optional<String> after, Optional<String> namePrefix) {
    public static final int MAX_LIMIT = 1000;

    /** Every name, whatever it starts with. */
    public DatabaseQuery(Optional<String> group, Optional<UUID> schemaId, Optional<DatabaseKind> kind,
            Optional<UUID> parent, int limit, Optional<String> after) {
        this(group, schemaId, kind, parent, limit, after, Optional.empty());
    }

    public static DatabaseQuery all() {
        return new DatabaseQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), MAX_LIMIT,
                Optional.empty());
    }

    /** The same filters, narrowed to the children of the schema database {@code schema}. */
    public DatabaseQuery childrenOf(UUID schema) {
        return new DatabaseQuery(group, Optional.of(schema), kind, parent, limit, after, namePrefix);
    }
}

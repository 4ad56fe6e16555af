package dev.shoal.core.db;

import java.util.Optional;
import java.util.UUID;

/**
 * Filters and paging for listing databases.
 *
 * @param schema  children of the schema database with this name
 * @param parent  databases branched from the database with this id
 * @param after   page cursor: names after this one
 */
public record DatabaseQuery(Optional<String> group, Optional<String> schema, Optional<DatabaseKind> kind,
        Optional<UUID> parent, int limit, Optional<String> after) {
    public static final int MAX_LIMIT = 1000;

    public static DatabaseQuery all() {
        return new DatabaseQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), MAX_LIMIT,
                Optional.empty());
    }
}

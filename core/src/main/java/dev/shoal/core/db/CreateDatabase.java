package dev.shoal.core.db;

import java.util.Optional;

/**
 * What a client asks for when creating a database.
 *
 * @param schemaParent   create a child of this schema database
 * @param seedDatabase   start as a copy of this database (same organization)
 * @param seedDump       start from this SQL text
 */
public record CreateDatabase(String name, Optional<String> group, boolean isSchema, Optional<String> schemaParent,
        Optional<String> seedDatabase, Optional<String> seedDump, Optional<String> sizeLimit) {

    public static CreateDatabase named(String name) {
        return new CreateDatabase(name, Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}

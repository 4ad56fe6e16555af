package dev.shoal.core.db;

import java.util.Optional;

/**
 * What a client asks for when creating a database.
 *
 * @param schemaParent   create a child of this schema database
 * @param seedDatabase   start as a copy of this database (same organization)
 * @param seedUpload     start from this uploaded file: a SQLite database file, or SQL text
 */
public record CreateDatabase(String name, Optional<String> group, boolean isSchema, Optional<String> schemaParent,
        Optional<String> seedDatabase, Optional<java.nio.file.Path> seedUpload, Optional<String> sizeLimit) {}

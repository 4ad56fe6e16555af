package dev.shoal.core.migration;

import dev.shoal.core.sql.Arguments;

/** One statement of a migration, as it ran on the schema database: its SQL and the values bound to it. */
public record MigrationStatement(String sql, Arguments args) {}

package dev.shoal.core.db;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: databases. */
public interface DatabaseCatalog {
    Optional<DatabaseRecord> findDatabase(String organization, String name);

    Optional<DatabaseRecord> findDatabase(UUID id);

    /** Databases of an organization matching the query, ordered by name, at most {@code limit + 1}. */
    List<DatabaseRecord> listDatabases(String organization, DatabaseQuery query);

    /** How many children the schema database has. */
    long countChildren(UUID schemaId);

    /** Inserts a new database; throws ALREADY_EXISTS if the name is taken in its organization. */
    void insertDatabase(DatabaseRecord database);

    /** Removes the record; returns whether it existed. */
    boolean deleteDatabase(UUID id);

    void updateDatabaseConfig(UUID id, DatabaseConfig config);

    /** Increments and returns the database's token generation. */
    long bumpTokenGeneration(UUID id);

    /** Adds to the usage counters. */
    void addUsage(UUID id, long rowsRead, long rowsWritten);

    /** {rows_read, rows_written} as recorded (without counts not yet flushed). */
    long[] usage(UUID id);
}

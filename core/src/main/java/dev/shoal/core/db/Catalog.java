package dev.shoal.core.db;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: the durable record of organizations, groups and databases (storage implements it). */
public interface Catalog extends AutoCloseable {
    boolean organizationExists(String slug);

    /** Creates the organization if it does not exist yet. */
    void ensureOrganization(String slug, String displayName);

    boolean groupExists(String organization, String group);

    /** Creates the group if it does not exist yet. */
    void ensureGroup(String organization, String group);

    Optional<DatabaseRecord> findDatabase(String organization, String name);

    Optional<DatabaseRecord> findDatabase(UUID id);

    /** Databases of an organization, ordered by name. */
    List<DatabaseRecord> listDatabases(String organization);

    /** Inserts a new database; throws ALREADY_EXISTS if the name is taken in its organization. */
    void insertDatabase(DatabaseRecord database);

    /** Removes the record; returns whether it existed. */
    boolean deleteDatabase(UUID id);

    @Override
    void close();
}

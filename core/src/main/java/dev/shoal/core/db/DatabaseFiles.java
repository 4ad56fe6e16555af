package dev.shoal.core.db;

import java.util.UUID;

/** Port: the SQLite files behind databases (storage implements it). */
public interface DatabaseFiles {
    /** Creates an empty database file, ready for use (WAL mode). */
    void create(UUID id);

    /**
     * Creates a child of schema database {@code schema}: its current content and version. The caller
     * holds the family lock, so no migration changes the schema database meanwhile.
     */
    void copyFamily(UUID schema, UUID child);

    /** Creates {@code target} as a consistent copy of {@code source} (taken while it stays in use). */
    void copy(UUID source, UUID target);

    /**
     * Creates {@code target} from an uploaded file: a SQLite database file (checked, then used as
     * the database) or SQL text (a dump, run as tenant SQL in one transaction). Either way it goes
     * through the tenant policy and may not grow beyond {@code maxSizeBytes}. Bad or refused input is
     * INVALID_REQUEST naming the problem, and nothing is created.
     */
    void importFile(UUID target, java.nio.file.Path upload, java.util.OptionalLong maxSizeBytes);

    /** Closes every open handle and removes the file with its WAL and shared-memory files. */
    void delete(UUID id);

    /** Closes open handles so the next connections see changed settings. */
    void reopen(UUID id);

    /** Bytes on disk (database plus WAL), 0 if missing. */
    long sizeOnDisk(UUID id);
}

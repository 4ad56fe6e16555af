package dev.shoal.core.db;

import java.util.UUID;

/** Port: the SQLite files behind databases (storage implements it). */
public interface DatabaseFiles {
    /** Creates an empty database file, ready for use (WAL mode). */
    void create(UUID id);

    /** Closes every open handle and removes the file with its WAL and shared-memory files. */
    void delete(UUID id);

    /** Bytes on disk (database plus WAL), 0 if missing. */
    long sizeOnDisk(UUID id);
}

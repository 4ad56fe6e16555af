package dev.shoal.storage.engine;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where a database's file lives: {@code dbs/<2 hex>/<2 hex>/<id>.db}, so no folder holds more than
 * a few thousand entries even with millions of databases. Only ids reach the file system, never
 * names a user typed.
 */
public final class DatabasePaths {
    private final Path root;

    public DatabasePaths(Path databasesDir) {
        this.root = databasesDir;
    }

    /** The layout {@code file} (a database's file, as {@link #file} made it) belongs to. */
    static DatabasePaths of(Path file) {
        return new DatabasePaths(file.getParent().getParent().getParent());
    }

    public Path file(UUID id) {
        String s = id.toString();
        return root.resolve(s.substring(0, 2)).resolve(s.substring(2, 4)).resolve(s + ".db");
    }

    /** The database file and the files SQLite keeps beside it. */
    public Path[] allFiles(UUID id) {
        Path f = file(id);
        String n = f.getFileName().toString();
        return new Path[] {f, f.resolveSibling(n + "-wal"), f.resolveSibling(n + "-shm"), f.resolveSibling(n + "-journal")};
    }
}

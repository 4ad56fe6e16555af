package dev.shoal.storage.files;

import dev.shoal.core.db.DatabaseFiles;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.storage.engine.DatabasePaths;
import dev.shoal.storage.engine.OpenDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/** Creates and removes tenant database files. New files start in WAL mode. */
public final class DatabaseFileStore implements DatabaseFiles {
    private final DatabasePaths paths;
    private final OpenDatabases open;

    public DatabaseFileStore(DatabasePaths paths, OpenDatabases open) {
        this.paths = paths;
        this.open = open;
    }

    /**
     * A new database is a copy of a one-page template already in WAL mode, written without a
     * connection or an fsync: creating a database costs a small file write, and the catalog row
     * is what makes it exist. (An empty file would also be a valid database, but its first
     * connection would then pay the switch to WAL, fsyncs included.)
     */
    @Override
    public void create(UUID id) {
        Path file = paths.file(id);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, template(), java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ShoalException(ErrorCode.INTERNAL, "database file for " + id + " already exists");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database file for " + id, e);
        }
    }

    private volatile byte[] template;

    /** The bytes of an empty WAL-mode database, made once by SQLite itself. */
    private byte[] template() throws IOException {
        byte[] t = template;
        if (t == null) {
            Path dir = Files.createTempDirectory("shoal-template");
            Path f = dir.resolve("template.db");
            try {
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                try (Connection c = config.createConnection("jdbc:sqlite:" + f.toAbsolutePath());
                        Statement st = c.createStatement()) {
                    st.execute("PRAGMA user_version = 0"); // writes page 1; closing checkpoints the WAL into it
                }
                t = Files.readAllBytes(f);
                template = t;
            } catch (SQLException e) {
                throw new IOException("cannot make the database template: " + e.getMessage(), e);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
        return t;
    }

    private final FamilySnapshots snapshots = new FamilySnapshots();

    /**
     * A child of a schema database: the schema database's bytes at its current version, written as
     * the child's file (the caller holds the family lock, so that version cannot change meanwhile).
     */
    @Override
    public void copyFamily(UUID schema, UUID child) {
        Path from = paths.file(schema);
        try {
            if (Files.size(from) > FamilySnapshots.MAX_SNAPSHOT_BYTES) {
                copy(schema, child);
                return;
            }
            long version;
            try (dev.shoal.core.sql.SqlConnection c = open.connect(schema, dev.shoal.core.sql.ConnectionOptions.MIGRATION)) {
                version = dev.shoal.core.migration.SchemaVersion.of(c);
            }
            byte[] bytes = snapshots.get(schema, version, () -> snapshot(schema));
            Path to = paths.file(child);
            Files.createDirectories(to.getParent());
            Files.write(to, bytes, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
            delete(child);
            throw new UncheckedIOException("cannot create the database file for " + child, e);
        }
    }

    /** The schema database's committed state as one WAL-mode file's bytes (VACUUM INTO a scratch file). */
    private byte[] snapshot(UUID schema) {
        UUID scratch = UUID.randomUUID();
        try {
            copy(schema, scratch);
            return Files.readAllBytes(paths.file(scratch));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot schema database " + schema, e);
        } finally {
            delete(scratch);
        }
    }

    @Override
    public void copy(UUID source, UUID target) {
        Path from = paths.file(source);
        Path to = paths.file(target);
        try {
            Files.createDirectories(to.getParent());
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(10_000);
            // VACUUM INTO takes a consistent snapshot while writers go on (WAL), and compacts.
            try (Connection c = config.createConnection("jdbc:sqlite:" + from.toAbsolutePath());
                    PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, to.toAbsolutePath().toString());
                ps.execute();
            }
            setWal(to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create database directory for " + target, e);
        } catch (SQLException e) {
            delete(target);
            throw new ShoalException(ErrorCode.INTERNAL, "cannot copy database " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * A SQLite file is checked on a private copy (header, size, integrity, schema SQL) and moved
     * into place only when it passes; a dump runs through the tenant policy on a fresh file. Either
     * way a refusal leaves no file behind.
     */
    @Override
    public void importFile(UUID target, Path upload, OptionalLong maxSizeBytes) {
        Path to = paths.file(target);
        Path staging = to.resolveSibling(to.getFileName() + ".import");
        try {
            if (SqliteFileCheck.looksLikeSqlite(upload)) {
                Files.createDirectories(to.getParent());
                Files.copy(upload, staging, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                new SqliteFileCheck(open.policy(), open.settings().statementTimeout()).check(staging, maxSizeBytes);
                setWal(staging);
                Files.move(staging, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else {
                create(target);
                new SeedImporter(open).runDump(target, upload, maxSizeBytes);
            }
        } catch (SQLException e) {
            delete(target);
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "the seed failed to load: " + e.getMessage(), e);
        } catch (IOException e) {
            delete(target);
            throw new UncheckedIOException("cannot import the upload into " + target, e);
        } catch (RuntimeException e) {
            delete(target);
            throw e;
        } finally {
            try {
                Files.deleteIfExists(staging);
            } catch (IOException ignored) {
                // A leftover staging file is never served: only <id>.db is a database.
            }
        }
    }

    @Override
    public void reopen(UUID id) {
        open.evict(id);
    }

    private static void setWal(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
        }
    }

    @Override
    public void delete(UUID id) {
        open.evict(id);
        for (Path p : paths.allFiles(id)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p.getFileName(), e);
            }
        }
    }

    @Override
    public long sizeOnDisk(UUID id) {
        long total = 0;
        for (Path p : paths.allFiles(id)) {
            try {
                total += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                // A file removed between the check and the read counts as empty.
            }
        }
        return total;
    }
}

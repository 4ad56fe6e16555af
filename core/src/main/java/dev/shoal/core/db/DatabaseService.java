package dev.shoal.core.db;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creating, finding and deleting databases: keeps the catalog and the files in step. A database
 * exists for clients only once both its file and its catalog row exist; a failed create removes
 * the file it made.
 */
public final class DatabaseService {
    public static final String DEFAULT_GROUP = "default";

    private final Catalog catalog;
    private final DatabaseFiles files;
    private final Clock clock;

    public DatabaseService(Catalog catalog, DatabaseFiles files, Clock clock) {
        this.catalog = catalog;
        this.files = files;
        this.clock = clock;
    }

    public DatabaseRecord create(String organization, String name, Optional<String> group) {
        requireOrganization(organization);
        Names.check("database", name);
        String groupName = group.filter(g -> !g.isBlank()).orElse(DEFAULT_GROUP);
        if (groupName.equals(DEFAULT_GROUP)) {
            catalog.ensureGroup(organization, DEFAULT_GROUP);
        } else if (!catalog.groupExists(organization, groupName)) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "group not found");
        }
        if (catalog.findDatabase(organization, name).isPresent()) {
            throw alreadyExists(name);
        }
        DatabaseRecord db = new DatabaseRecord(newDatabaseId(), name, organization, groupName,
                DatabaseKind.REGULAR, Optional.empty(), clock.instant());
        files.create(db.id());
        try {
            catalog.insertDatabase(db);
        } catch (RuntimeException e) {
            files.delete(db.id());
            throw e;
        }
        return db;
    }

    public List<DatabaseRecord> list(String organization) {
        requireOrganization(organization);
        return catalog.listDatabases(organization);
    }

    public DatabaseRecord get(String organization, String name) {
        requireOrganization(organization);
        return catalog.findDatabase(organization, name).orElseThrow(() -> new ShoalException(ErrorCode.NOT_FOUND,
                "could not find database with name " + name + ": record not found"));
    }

    public Optional<DatabaseRecord> find(String organization, String name) {
        return catalog.findDatabase(organization, name);
    }

    /** Deletes the database and its files; the name is free again afterwards. */
    public DatabaseRecord delete(String organization, String name) {
        DatabaseRecord db = get(organization, name);
        catalog.deleteDatabase(db.id());
        files.delete(db.id());
        return db;
    }

    public static ShoalException alreadyExists(String name) {
        return new ShoalException(ErrorCode.ALREADY_EXISTS, "database with name " + name + " already exists");
    }

    private void requireOrganization(String organization) {
        if (!catalog.organizationExists(organization)) {
            throw new ShoalException(ErrorCode.NOT_FOUND, "organization not found");
        }
    }

    /**
     * A random UUID whose byte 5 is never 0x10: the turso CLI labels such ids as its own engine
     * ("Turso") in `db list`, and Shoal databases are SQLite files.
     */
    static UUID newDatabaseId() {
        while (true) {
            UUID id = UUID.randomUUID();
            int byte5 = (int) ((id.getMostSignificantBits() >>> 16) & 0xff);
            if (byte5 != 0x10) {
                return id;
            }
        }
    }
}

package dev.shoal.core.db;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.group.Group;
import dev.shoal.core.group.GroupService;
import dev.shoal.core.migration.FamilyLocks;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creating, finding, configuring and deleting databases: keeps the catalog and the files in step.
 * A database exists for clients only once both its file and its catalog row exist; a failed create
 * removes the file it made.
 */
public final class DatabaseService {
    public static final String DEFAULT_GROUP = GroupService.DEFAULT;

    private final DatabaseCatalog catalog;
    private final GroupService groups;
    private final DatabaseFiles files;
    private final Clock clock;

    private final FamilyLocks families;

    public DatabaseService(DatabaseCatalog catalog, GroupService groups, DatabaseFiles files, Clock clock) {
        this(catalog, groups, files, clock, new FamilyLocks(java.time.Duration.ofSeconds(60)));
    }

    /** {@code families}: shared with the migration service, so a child is never born mid-job. */
    public DatabaseService(DatabaseCatalog catalog, GroupService groups, DatabaseFiles files, Clock clock,
            FamilyLocks families) {
        this.catalog = catalog;
        this.groups = groups;
        this.files = files;
        this.clock = clock;
        this.families = families;
    }

    public DatabaseRecord create(String organization, String name, Optional<String> group) {
        return create(organization, new CreateDatabase(name, group, false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    public DatabaseRecord create(String organization, CreateDatabase req) {
        Names.check("database", req.name());
        Group group = resolveGroup(organization, req.group());
        if (req.isSchema() && req.schemaParent().isPresent()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "'is_schema' and 'schema' cannot both be provided");
        }
        if (req.seedDatabase().isPresent() && req.seedUpload().isPresent()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "only one seed can be used: a database or a dump");
        }
        req.sizeLimit().ifPresent(SizeLimit::bytes);
        if (catalog.findDatabase(organization, req.name()).isPresent()) {
            throw alreadyExists(req.name());
        }
        DatabaseRecord db = DatabaseRecord.create(newDatabaseId(), req.name(), organization, group.name(), clock.instant());
        if (req.isSchema()) {
            db = db.asSchema();
        }
        Optional<DatabaseRecord> parent = Optional.empty();
        if (req.schemaParent().isPresent()) {
            if (req.seedDatabase().isPresent() || req.seedUpload().isPresent()) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "a child of a schema database is born with the "
                        + "schema database's schema and rows; it cannot also have a seed (database, dump or file)");
            }
            parent = Optional.of(schemaParent(organization, req.schemaParent().get(), group));
            db = db.asChildOf(parent.get());
        }
        Optional<DatabaseRecord> source = req.seedDatabase().map(n -> catalog.findDatabase(organization, n)
                .orElseThrow(() -> new ShoalException(ErrorCode.INVALID_REQUEST, "seed database " + n + " not found")));
        if (source.isPresent()) {
            db = db.withBranchedFrom(source.get().id());
        }
        if (req.sizeLimit().isPresent()) {
            DatabaseConfig c = db.config();
            db = db.withConfig(c.withSizeLimit(req.sizeLimit()));
        }
        if (parent.isPresent()) {
            return createChild(db, parent.get());
        }
        makeFile(db.id(), source, req.seedUpload(), req.sizeLimit().map(SizeLimit::bytes).orElse(java.util.OptionalLong.empty()));
        try {
            catalog.insertDatabase(db);
        } catch (RuntimeException e) {
            files.delete(db.id());
            throw e;
        }
        return db;
    }

    /**
     * A child is a consistent copy of its schema database as it is now (schema, rows and version),
     * made under the family lock so that no migration job runs between the copy and the catalog row.
     */
    private DatabaseRecord createChild(DatabaseRecord child, DatabaseRecord parent) {
        try (FamilyLocks.Held lock = families.forNewChild(parent.id(), parent.name())) {
            if (catalog.findDatabase(parent.id()).isEmpty()) { // deleted while this request waited for the lock
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "schema database " + parent.name() + " not found");
            }
            files.copyFamily(parent.id(), child.id());
            try {
                catalog.insertDatabase(child);
            } catch (RuntimeException e) {
                files.delete(child.id());
                throw e;
            }
            return child;
        }
    }

    private void makeFile(UUID id, Optional<DatabaseRecord> source, Optional<java.nio.file.Path> upload,
            java.util.OptionalLong maxSizeBytes) {
        if (source.isPresent()) {
            files.copy(source.get().id(), id);
        } else if (upload.isPresent()) {
            files.importFile(id, upload.get(), maxSizeBytes);
        } else {
            files.create(id);
        }
    }

    private Group resolveGroup(String organization, Optional<String> group) {
        String name = group.filter(g -> !g.isBlank()).orElse(DEFAULT_GROUP);
        if (name.equals(DEFAULT_GROUP)) {
            return groups.ensureDefault(organization);
        }
        try {
            return groups.get(organization, name);
        } catch (ShoalException e) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "group not found");
        }
    }

    private DatabaseRecord schemaParent(String organization, String parentName, Group group) {
        DatabaseRecord parent = catalog.findDatabase(organization, parentName).orElseThrow(() ->
                new ShoalException(ErrorCode.INVALID_REQUEST, "schema database " + parentName + " not found"));
        if (parent.kind() != DatabaseKind.SCHEMA) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "database " + parentName
                    + " is not a schema database; create it with is_schema (--type schema)");
        }
        if (!parent.group().equals(group.name())) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "schema database " + parentName + " is in group "
                    + parent.group() + "; a child must be in the same group");
        }
        return parent;
    }

    public List<DatabaseRecord> list(String organization, DatabaseQuery query) {
        return catalog.listDatabases(organization, query);
    }

    /**
     * The children of the schema database named {@code schema} that match the rest of
     * {@code query}: the name is resolved to the database's id once, and children are selected by
     * that id. None when no database has that name.
     */
    public List<DatabaseRecord> listChildren(String organization, String schema, DatabaseQuery query) {
        return catalog.findDatabase(organization, schema)
                .map(parent -> catalog.listDatabases(organization, query.childrenOf(parent.id())))
                .orElse(List.of());
    }

    public List<DatabaseRecord> list(String organization) {
        return catalog.listDatabases(organization, DatabaseQuery.all());
    }

    public DatabaseRecord get(String organization, String name) {
        return catalog.findDatabase(organization, name).orElseThrow(() -> new ShoalException(ErrorCode.NOT_FOUND,
                "could not find database with name " + name + ": record not found"));
    }

    public Optional<DatabaseRecord> find(String organization, String name) {
        return catalog.findDatabase(organization, name);
    }

    public Optional<DatabaseRecord> find(UUID id) {
        return catalog.findDatabase(id);
    }

    /** Deletes the database and its files; the name is free again afterwards. */
    public DatabaseRecord delete(String organization, String name) {
        DatabaseRecord db = get(organization, name);
        if (db.config().deleteProtection()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "database " + name
                    + " has delete protection on; turn it off first");
        }
        if (db.kind() == DatabaseKind.SCHEMA) {
            // Exclusive on the family: no child is being born from it and no job runs on it meanwhile.
            try (FamilyLocks.Held lock = families.forDeletion(db.id(), db.name())) {
                refuseIfParent(db);
                return remove(db);
            }
        }
        return remove(db);
    }

    private DatabaseRecord remove(DatabaseRecord db) {
        catalog.deleteDatabase(db.id());
        files.delete(db.id());
        return db;
    }

    private void refuseIfParent(DatabaseRecord schema) {
        long count = catalog.countChildren(schema.id());
        if (count > 0) {
            String example = catalog.listDatabases(schema.organization(), new DatabaseQuery(Optional.empty(),
                    Optional.of(schema.id()), Optional.empty(), Optional.empty(), 1, Optional.empty())).get(0).name();
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "schema database " + schema.name() + " still has "
                    + count + " child database" + (count == 1 ? "" : "s") + " (e.g. " + example + "); delete them first");
        }
    }

    /** Deletes a group with all its databases (children before their schema databases). */
    public Group deleteGroup(String organization, String group) {
        return groups.delete(organization, group, g -> {
            List<DatabaseRecord> dbs = catalog.listDatabases(organization, new DatabaseQuery(Optional.of(g.name()),
                    Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE - 1, Optional.empty()));
            for (DatabaseRecord db : dbs) {
                if (db.config().deleteProtection()) {
                    throw new ShoalException(ErrorCode.INVALID_REQUEST, "database " + db.name()
                            + " in group " + group + " has delete protection on; turn it off first");
                }
            }
            dbs.stream().sorted((a, b) -> Boolean.compare(a.kind() == DatabaseKind.SCHEMA, b.kind() == DatabaseKind.SCHEMA))
                    .forEach(db -> {
                        catalog.deleteDatabase(db.id());
                        files.delete(db.id());
                    });
        });
    }

    /** Applies the non-empty fields of {@code change}; returns the new configuration. */
    public DatabaseConfig configure(String organization, String name, ConfigChange change) {
        DatabaseRecord db = get(organization, name);
        DatabaseConfig c = db.config();
        change.sizeLimit().ifPresent(s -> {
            if (!s.isEmpty()) {
                SizeLimit.bytes(s);
            }
        });
        DatabaseConfig updated = new DatabaseConfig(
                change.allowAttach().orElse(c.allowAttach()),
                change.blockReads().orElse(c.blockReads()),
                change.blockWrites().orElse(c.blockWrites()),
                change.deleteProtection().orElse(c.deleteProtection()),
                change.sizeLimit().isPresent() ? change.sizeLimit().filter(s -> !s.isEmpty()) : c.sizeLimit(),
                change.migrationMode().orElse(c.migrationMode()));
        if (updated.migrationMode() != c.migrationMode() && db.kind() != DatabaseKind.SCHEMA) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "migration_mode applies to schema databases only: "
                    + name + " is " + (db.kind() == DatabaseKind.CHILD ? "a child (its schema database's mode "
                    + "decides)" : "not a schema database"));
        }
        catalog.updateDatabaseConfig(db.id(), updated);
        files.reopen(db.id());
        return updated;
    }

    /** A configuration change: empty fields stay as they are; an empty size limit removes it. */
    public record ConfigChange(Optional<Boolean> allowAttach, Optional<Boolean> blockReads,
            Optional<Boolean> blockWrites, Optional<Boolean> deleteProtection, Optional<String> sizeLimit,
            Optional<MigrationMode> migrationMode) {}

    /** Invalidates every database token minted so far for this database. */
    public long rotateTokens(String organization, String name) {
        return catalog.bumpTokenGeneration(get(organization, name).id());
    }

    public long sizeOnDisk(UUID id) {
        return files.sizeOnDisk(id);
    }

    public static ShoalException alreadyExists(String name) {
        return new ShoalException(ErrorCode.ALREADY_EXISTS, "database with name " + name + " already exists");
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

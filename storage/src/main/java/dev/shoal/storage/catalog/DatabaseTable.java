package dev.shoal.storage.catalog;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseConfig;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.DatabaseService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Databases in the catalog. A child is linked to its schema database by id ({@code parent_id});
 * the schema database's name, which records carry for display, comes from a join in the same
 * query, so a listing costs one query however many children it shows.
 */
final class DatabaseTable implements DatabaseCatalog {
    private static final String COLUMNS = "SELECT d.id, d.name, d.organization, d.group_name, d.kind, d.parent_id, "
            + "p.name, d.created_at, d.allow_attach, d.block_reads, d.block_writes, d.delete_protection, d.size_limit, "
            + "d.token_generation, d.branched_from, d.migration_mode FROM databases d LEFT JOIN databases p ON p.id = d.parent_id ";
    private final CatalogDb db;

    DatabaseTable(CatalogDb db) {
        this.db = db;
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(String organization, String name) {
        return db.one(COLUMNS + "WHERE d.organization = ? AND d.name = ?", DatabaseTable::record, organization, name);
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(UUID id) {
        return db.one(COLUMNS + "WHERE d.id = ?", DatabaseTable::record, id.toString());
    }

    @Override
    public long countChildren(UUID schemaId) {
        return db.one("SELECT count(*) FROM databases WHERE parent_id = ? AND kind = 'CHILD'", rs -> rs.getLong(1),
                schemaId.toString()).orElse(0L);
    }

    @Override
    public List<DatabaseRecord> listDatabases(String organization, DatabaseQuery q) {
        StringBuilder where = new StringBuilder("WHERE d.organization = ?");
        List<Object> args = new ArrayList<>(List.of(organization));
        q.group().ifPresent(g -> {
            where.append(" AND d.group_name = ?");
            args.add(g);
        });
        q.schemaId().ifPresent(s -> {
            where.append(" AND d.kind = 'CHILD' AND d.parent_id = ?");
            args.add(s.toString());
        });
        q.kind().ifPresent(k -> {
            where.append(" AND d.kind = ?");
            args.add(k.name());
        });
        q.parent().ifPresent(p -> {
            where.append(" AND d.branched_from = ?");
            args.add(p.toString());
        });
        q.after().ifPresent(a -> {
            where.append(" AND d.name > ?");
            args.add(a);
        });
        q.namePrefix().filter(p -> !p.isEmpty()).ifPresent(p -> {
            // A range, not LIKE, so SQLite walks the (organization, name) index from the prefix on.
            // Names use [a-z0-9-] only, all below '~', so prefix + '~' bounds every name it starts.
            where.append(" AND d.name >= ? AND d.name < ?");
            args.add(p);
            args.add(p + "~");
        });
        where.append(" ORDER BY d.name LIMIT ?");
        args.add((long) q.limit() + 1);
        return db.query(COLUMNS + where, DatabaseTable::record, args.toArray());
    }

    @Override
    public void insertDatabase(DatabaseRecord d) {
        DatabaseConfig c = d.config();
        db.update("INSERT INTO databases(id, organization, name, group_name, kind, parent_id, created_at, allow_attach, "
                        + "block_reads, block_writes, delete_protection, size_limit, token_generation, branched_from, "
                        + "migration_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Optional.of(DatabaseService.alreadyExists(d.name())),
                d.id().toString(), d.organization(), d.name(), d.group(), d.kind().name(),
                d.parentId().map(UUID::toString).orElse(null),
                d.createdAt().toString(), c.allowAttach(), c.blockReads(), c.blockWrites(), c.deleteProtection(),
                c.sizeLimit().orElse(null), d.tokenGeneration(), d.branchedFrom().map(UUID::toString).orElse(null),
                c.migrationMode().name());
    }

    @Override
    public boolean deleteDatabase(UUID id) {
        return db.update("DELETE FROM databases WHERE id = ?", id.toString()) > 0;
    }

    @Override
    public void updateDatabaseConfig(UUID id, DatabaseConfig c) {
        db.update("UPDATE databases SET allow_attach = ?, block_reads = ?, block_writes = ?, delete_protection = ?, "
                + "size_limit = ?, migration_mode = ? WHERE id = ?", c.allowAttach(), c.blockReads(), c.blockWrites(),
                c.deleteProtection(), c.sizeLimit().orElse(null), c.migrationMode().name(), id.toString());
    }

    @Override
    public long bumpTokenGeneration(UUID id) {
        db.update("UPDATE databases SET token_generation = token_generation + 1 WHERE id = ?", id.toString());
        return db.one("SELECT token_generation FROM databases WHERE id = ?", rs -> rs.getLong(1), id.toString()).orElse(0L);
    }

    @Override
    public void addUsage(UUID id, long rowsRead, long rowsWritten) {
        db.update("UPDATE databases SET rows_read = rows_read + ?, rows_written = rows_written + ? WHERE id = ?",
                rowsRead, rowsWritten, id.toString());
    }

    @Override
    public long[] usage(UUID id) {
        return db.one("SELECT rows_read, rows_written FROM databases WHERE id = ?",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}, id.toString()).orElse(new long[] {0, 0});
    }

    private static DatabaseRecord record(ResultSet rs) throws SQLException {
        DatabaseConfig config = new DatabaseConfig(rs.getInt(9) != 0, rs.getInt(10) != 0, rs.getInt(11) != 0,
                rs.getInt(12) != 0, Optional.ofNullable(rs.getString(13)),
                dev.shoal.core.db.MigrationMode.valueOf(rs.getString(16)));
        return new DatabaseRecord(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                DatabaseKind.valueOf(rs.getString(5)), Optional.ofNullable(rs.getString(6)).map(UUID::fromString),
                Optional.ofNullable(rs.getString(7)), Instant.parse(rs.getString(8)), config, rs.getLong(14),
                Optional.ofNullable(rs.getString(15)).map(UUID::fromString));
    }
}

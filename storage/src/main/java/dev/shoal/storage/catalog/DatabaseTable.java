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

/** Databases in the catalog. */
final class DatabaseTable implements DatabaseCatalog {
    private static final String COLUMNS = "SELECT id, name, organization, group_name, kind, parent, created_at, "
            + "allow_attach, block_reads, block_writes, delete_protection, size_limit, token_generation, branched_from "
            + "FROM databases ";
    private final CatalogDb db;

    DatabaseTable(CatalogDb db) {
        this.db = db;
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(String organization, String name) {
        return db.one(COLUMNS + "WHERE organization = ? AND name = ?", DatabaseTable::record, organization, name);
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(UUID id) {
        return db.one(COLUMNS + "WHERE id = ?", DatabaseTable::record, id.toString());
    }

    @Override
    public List<DatabaseRecord> listDatabases(String organization, DatabaseQuery q) {
        StringBuilder where = new StringBuilder("WHERE organization = ?");
        List<Object> args = new ArrayList<>(List.of(organization));
        q.group().ifPresent(g -> {
            where.append(" AND group_name = ?");
            args.add(g);
        });
        q.schema().ifPresent(s -> {
            where.append(" AND kind = 'CHILD' AND parent = ?");
            args.add(s);
        });
        q.kind().ifPresent(k -> {
            where.append(" AND kind = ?");
            args.add(k.name());
        });
        q.parent().ifPresent(p -> {
            where.append(" AND branched_from = ?");
            args.add(p.toString());
        });
        q.after().ifPresent(a -> {
            where.append(" AND name > ?");
            args.add(a);
        });
        where.append(" ORDER BY name LIMIT ?");
        args.add((long) q.limit() + 1);
        return db.query(COLUMNS + where, DatabaseTable::record, args.toArray());
    }

    @Override
    public void insertDatabase(DatabaseRecord d) {
        DatabaseConfig c = d.config();
        db.update("INSERT INTO databases(id, organization, name, group_name, kind, parent, created_at, allow_attach, "
                        + "block_reads, block_writes, delete_protection, size_limit, token_generation, branched_from) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Optional.of(DatabaseService.alreadyExists(d.name())),
                d.id().toString(), d.organization(), d.name(), d.group(), d.kind().name(), d.parent().orElse(null),
                d.createdAt().toString(), c.allowAttach(), c.blockReads(), c.blockWrites(), c.deleteProtection(),
                c.sizeLimit().orElse(null), d.tokenGeneration(), d.branchedFrom().map(UUID::toString).orElse(null));
    }

    @Override
    public boolean deleteDatabase(UUID id) {
        return db.update("DELETE FROM databases WHERE id = ?", id.toString()) > 0;
    }

    @Override
    public void updateDatabaseConfig(UUID id, DatabaseConfig c) {
        db.update("UPDATE databases SET allow_attach = ?, block_reads = ?, block_writes = ?, delete_protection = ?, "
                + "size_limit = ? WHERE id = ?", c.allowAttach(), c.blockReads(), c.blockWrites(), c.deleteProtection(),
                c.sizeLimit().orElse(null), id.toString());
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
        DatabaseConfig config = new DatabaseConfig(rs.getInt(8) != 0, rs.getInt(9) != 0, rs.getInt(10) != 0,
                rs.getInt(11) != 0, Optional.ofNullable(rs.getString(12)));
        return new DatabaseRecord(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                DatabaseKind.valueOf(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
                Instant.parse(rs.getString(7)), config, rs.getLong(13),
                Optional.ofNullable(rs.getString(14)).map(UUID::fromString));
    }
}

package dev.shoal.storage.catalog;

import dev.shoal.core.db.Catalog;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.db.DatabaseService;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The catalog in an embedded SQLite file ({@code catalog.db}). One connection, used under a lock:
 * catalog operations are short point lookups and single-row writes, so serializing them costs
 * little and keeps transactions trivially correct.
 */
public final class SqliteCatalog implements Catalog {
    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();

    private SqliteCatalog(Connection conn) {
        this.conn = conn;
    }

    public static SqliteCatalog open(Path file) {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.enforceForeignKeys(true);
            config.setBusyTimeout(10_000);
            Connection conn = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            CatalogMigrations.apply(conn);
            return new SqliteCatalog(conn);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open catalog " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean organizationExists(String slug) {
        return exists("SELECT 1 FROM organizations WHERE slug = ?", slug);
    }

    @Override
    public void ensureOrganization(String slug, String displayName) {
        update("INSERT INTO organizations(slug, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                slug, displayName, Instant.now().toString());
    }

    @Override
    public boolean groupExists(String organization, String group) {
        return exists("SELECT 1 FROM groups WHERE organization = ? AND name = ?", organization, group);
    }

    @Override
    public void ensureGroup(String organization, String group) {
        update("INSERT INTO groups(organization, name, id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                organization, group, UUID.randomUUID().toString(), Instant.now().toString());
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(String organization, String name) {
        List<DatabaseRecord> found = queryDatabases("WHERE organization = ? AND name = ?", organization, name);
        return found.stream().findFirst();
    }

    @Override
    public Optional<DatabaseRecord> findDatabase(UUID id) {
        return queryDatabases("WHERE id = ?", id.toString()).stream().findFirst();
    }

    @Override
    public List<DatabaseRecord> listDatabases(String organization) {
        return queryDatabases("WHERE organization = ? ORDER BY name", organization);
    }

    @Override
    public void insertDatabase(DatabaseRecord db) {
        try {
            update("INSERT INTO databases(id, organization, name, group_name, kind, parent, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    db.id().toString(), db.organization(), db.name(), db.group(), db.kind().name(),
                    db.parent().orElse(null), db.createdAt().toString());
        } catch (ShoalException e) {
            if (e.getCause() instanceof SQLiteException se
                    && se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                throw DatabaseService.alreadyExists(db.name());
            }
            throw e;
        }
    }

    @Override
    public boolean deleteDatabase(UUID id) {
        return update("DELETE FROM databases WHERE id = ?", id.toString()) > 0;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            conn.close();
        } catch (SQLException e) {
            throw new ShoalException(ErrorCode.INTERNAL, "closing catalog failed", e);
        } finally {
            lock.unlock();
        }
    }

    private List<DatabaseRecord> queryDatabases(String where, Object... args) {
        String sql = "SELECT id, name, organization, group_name, kind, parent, created_at FROM databases " + where;
        lock.lock();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            List<DatabaseRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new DatabaseRecord(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), DatabaseKind.valueOf(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
                        Instant.parse(rs.getString(7))));
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    private boolean exists(String sql, Object... args) {
        lock.lock();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    private int update(String sql, Object... args) {
        lock.lock();
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private static ShoalException failure(SQLException e) {
        return new ShoalException(ErrorCode.INTERNAL, "catalog operation failed: " + e.getMessage(), e);
    }
}

package dev.shoal.storage.catalog;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The catalog connection and the few query shapes every table class uses. One connection under
 * a lock: catalog operations are short point lookups and single-row writes, so serializing them
 * costs little and keeps every transaction trivially correct.
 */
final class CatalogDb implements AutoCloseable {
    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    /** Statements prepared once and reused (always under {@link #lock}); the SQL texts are constants. */
    private final java.util.Map<String, PreparedStatement> prepared = new java.util.HashMap<>();

    CatalogDb(Connection conn) {
        this.conn = conn;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        lock.lock();
        try (ResultSet rs = prepare(sql, args).executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        return query(sql, mapper, args).stream().findFirst();
    }

    boolean exists(String sql, Object... args) {
        return one(sql, rs -> true, args).isPresent();
    }

    /** Runs a write; a UNIQUE/PRIMARY KEY violation becomes {@code onConflict}. */
    int update(String sql, Optional<ShoalException> onConflict, Object... args) {
        lock.lock();
        try {
            return prepare(sql, args).executeUpdate();
        } catch (SQLException e) {
            if (onConflict.isPresent() && e instanceof SQLiteException se
                    && (se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                throw onConflict.get();
            }
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    int update(String sql, Object... args) {
        return update(sql, Optional.empty(), args);
    }

    /** Runs {@code work} (updates on this catalog) as one transaction. */
    void transaction(Runnable work) {
        lock.lock();
        try {
            conn.setAutoCommit(false);
            try {
                work.run();
                conn.commit();
            } catch (RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            if (prepared.size() < 256) { // list queries vary by filter; keep the cache bounded
                prepared.put(sql, ps);
            }
        }
        ps.clearParameters();
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            ps.setObject(i + 1, a instanceof Boolean b ? (b ? 1 : 0) : a);
        }
        return ps;
    }

    private static ShoalException failure(SQLException e) {
        return new ShoalException(ErrorCode.INTERNAL, "catalog operation failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            for (PreparedStatement ps : prepared.values()) {
                ps.close();
            }
            conn.close();
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }
}

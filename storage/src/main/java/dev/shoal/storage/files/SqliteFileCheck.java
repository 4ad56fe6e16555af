package dev.shoal.storage.files;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.policy.SqlPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * Checks an uploaded SQLite file before it may become a tenant database: a header SQLite itself
 * would accept (https://www.sqlite.org/fileformat.html §1.3), a size within the limit, a clean
 * {@code PRAGMA integrity_check} (bounded in time), and schema SQL the tenant policy allows (no
 * refused pragma functions in views or triggers, only allowed virtual table modules). The file is
 * opened read-only, with ATTACH off and {@code trusted_schema=OFF}; nothing in it runs before it passes.
 */
final class SqliteFileCheck {
    static final byte[] MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int HEADER = 100;

    private final SqlPolicy policy;
    private final Duration timeLimit;

    SqliteFileCheck(SqlPolicy policy, Duration timeLimit) {
        this.policy = policy;
        this.timeLimit = timeLimit;
    }

    static boolean looksLikeSqlite(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /**
     * Checks {@code file} (a private copy: its header is switched from WAL to rollback mode so it
     * can be opened read-only without a shared-memory file; the caller switches it back).
     */
    void check(Path file, OptionalLong maxSizeBytes) throws IOException {
        long size = Files.size(file);
        if (maxSizeBytes.isPresent() && size > maxSizeBytes.getAsLong()) {
            throw refused("it is " + size + " bytes, over the database's size limit of " + maxSizeBytes.getAsLong());
        }
        checkHeader(file, size);
        try (SQLiteConnection c = openReadOnly(file)) {
            integrity(c);
            schema(c);
        } catch (SQLException e) {
            throw refused("SQLite cannot read it: " + e.getMessage());
        }
    }

    private static void checkHeader(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (size < HEADER) {
                throw refused("it is shorter than a SQLite header");
            }
            byte[] h = new byte[HEADER];
            f.readFully(h);
            int pageSize = ((h[16] & 0xff) << 8) | (h[17] & 0xff);
            pageSize = pageSize == 1 ? 65536 : pageSize;
            if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
                throw refused("its page size " + pageSize + " is not a power of two from 512 to 65536");
            }
            if (size % pageSize != 0) {
                throw refused("its length " + size + " is not a whole number of " + pageSize + "-byte pages");
            }
            int write = h[18] & 0xff;
            int read = h[19] & 0xff;
            if ((write != 1 && write != 2) || (read != 1 && read != 2)) {
                throw refused("its file format version (" + write + "/" + read + ") is not one SQLite 3 writes");
            }
            if ((h[21] & 0xff) != 64 || (h[22] & 0xff) != 32 || (h[23] & 0xff) != 32) {
                throw refused("its header has invalid payload fractions");
            }
            int schemaFormat = ((h[44] & 0xff) << 24) | ((h[45] & 0xff) << 16) | ((h[46] & 0xff) << 8) | (h[47] & 0xff);
            if (schemaFormat > 4) {
                throw refused("its schema format " + schemaFormat + " is unknown");
            }
            int encoding = h[59] & 0xff;
            if (encoding > 3) {
                throw refused("its text encoding " + encoding + " is unknown");
            }
            if (write == 2 || read == 2) {
                f.seek(18);
                f.write(new byte[] {1, 1}); // rollback mode for the read-only check; WAL is set again after
            }
        }
    }

    private static SQLiteConnection openReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        SQLiteConnection c = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        c.getDatabase().limit(7 /* SQLITE_LIMIT_ATTACHED */, 0);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA trusted_schema = OFF");
        }
        return c;
    }

    private void integrity(SQLiteConnection c) throws SQLException {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        ProgressHandler.setHandler(c, 10_000, new ProgressHandler() {
            @Override
            protected int progress() {
                return System.nanoTime() - deadline > 0 ? 1 : 0;
            }
        });
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check(5)")) {
            String first = rs.next() ? rs.getString(1) : "no result";
            if (!"ok".equals(first)) {
                throw refused("it is damaged (integrity_check: " + first + ")");
            }
        } catch (SQLException e) {
            if (System.nanoTime() - deadline > 0) {
                throw refused("checking it took longer than " + timeLimit.toSeconds() + " s");
            }
            throw e;
        } finally {
            ProgressHandler.clearHandler(c);
        }
    }

    private void schema(SQLiteConnection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL")) {
            while (rs.next()) {
                SeedImporter.judgeSchemaSql(policy, rs.getString(1), rs.getString(2));
            }
        }
    }

    private static ShoalException refused(String why) {
        return new ShoalException(ErrorCode.INVALID_REQUEST, "the database file was refused: " + why);
    }
}

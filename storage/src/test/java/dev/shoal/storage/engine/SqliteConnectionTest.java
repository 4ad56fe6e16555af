package dev.shoal.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.StatementOutcome;
import dev.shoal.core.sql.Value;
import dev.shoal.storage.files.DatabaseFileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConnectionTest {
    @TempDir
    Path dir;

    private OpenDatabases open;
    private DatabaseFileStore files;
    private DatabasePaths paths;
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        StorageSettings settings = new StorageSettings(dir, 2, 2, Duration.ofMillis(300), "NORMAL");
        paths = new DatabasePaths(settings.databasesDir());
        open = new OpenDatabases(paths, settings);
        files = new DatabaseFileStore(paths, open);
        files.create(id);
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    static final class Rows implements RowSink {
        List<Column> cols = List.of();
        final List<Value[]> rows = new ArrayList<>();

        @Override
        public void columns(List<Column> columns) {
            cols = columns;
        }

        @Override
        public void row(Value[] row) {
            rows.add(row);
        }
    }

    private static Rows query(SqlConnection c, String sql, Value... args) {
        Rows r = new Rows();
        c.execute(sql, new Arguments(List.of(args), List.of()), true, r);
        return r;
    }

    private static StatementOutcome run(SqlConnection c, String sql) {
        return c.execute(sql, Arguments.NONE, false, new Rows());
    }

    @Test
    void newDatabasesAreInWalMode() {
        try (SqlConnection c = open.connect(id)) {
            assertThat(query(c, "PRAGMA journal_mode").rows.get(0)[0]).isEqualTo(new Value.Text("wal"));
        }
    }

    @Test
    void valuesRoundTripWithTheirStorageClass() {
        byte[] blob = new byte[256];
        for (int i = 0; i < 256; i++) {
            blob[i] = (byte) i;
        }
        try (SqlConnection c = open.connect(id)) {
            Rows r = query(c, "SELECT ?, ?, ?, ?, ?, ?", new Value.Integer(Long.MIN_VALUE), new Value.Real(42.0),
                    new Value.Text("h\u00e9llo \uD83D\uDE00 \u0001"), new Value.Blob(blob), Value.NULL,
                    new Value.Integer(Long.MAX_VALUE));
            assertThat(r.rows.get(0)).containsExactly(new Value.Integer(Long.MIN_VALUE), new Value.Real(42.0),
                    new Value.Text("h\u00e9llo \uD83D\uDE00 \u0001"), new Value.Blob(blob), Value.NULL,
                    new Value.Integer(Long.MAX_VALUE));
        }
    }

    @Test
    void declaredTypesAreExactAndAbsentForExpressions() {
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(i INTEGER, v VARCHAR(10), x)");
            Rows r = query(c, "SELECT i, v, x, 1 + 1 AS two FROM t");
            assertThat(r.cols).extracting(Column::name).containsExactly("i", "v", "x", "two");
            assertThat(r.cols).extracting(col -> col.declType().orElse(null))
                    .containsExactly("INTEGER", "VARCHAR(10)", null, null);
        }
    }

    @Test
    void affectedRowsAndRowidOnlyForTheStatementsThatHaveThem() {
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(a)");
            StatementOutcome ins = run(c, "INSERT INTO t VALUES (1), (2)");
            assertThat(ins.affectedRowCount()).isEqualTo(2);
            assertThat(ins.lastInsertRowid()).hasValue(2);
            StatementOutcome sel = run(c, "SELECT * FROM t");
            assertThat(sel.affectedRowCount()).isZero();
            assertThat(sel.lastInsertRowid()).isEmpty();
            StatementOutcome del = run(c, "DELETE FROM t");
            assertThat(del.affectedRowCount()).isEqualTo(2);
            assertThat(del.lastInsertRowid()).isEmpty();
        }
    }

    @Test
    void transactionStateFollowsBeginCommitRollbackAndSavepoints() {
        try (SqlConnection c = open.connect(id)) {
            assertThat(c.isAutocommit()).isTrue();
            run(c, "BEGIN");
            assertThat(c.isAutocommit()).isFalse();
            run(c, "COMMIT");
            assertThat(c.isAutocommit()).isTrue();
            run(c, "SAVEPOINT a");
            assertThat(c.isAutocommit()).isFalse();
            run(c, "SAVEPOINT b");
            run(c, "RELEASE b");
            assertThat(c.isAutocommit()).isFalse();
            run(c, "RELEASE a");
            assertThat(c.isAutocommit()).isTrue();
        }
    }

    @Test
    void anErrorThatRollsBackTheTransactionIsNoticed() {
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(a PRIMARY KEY)");
            run(c, "BEGIN");
            run(c, "INSERT INTO t VALUES (1)");
            assertThatThrownBy(() -> run(c, "INSERT OR ROLLBACK INTO t VALUES (1)"))
                    .isInstanceOfSatisfying(ShoalException.class,
                            e -> assertThat(e.wireCode()).isEqualTo("SQLITE_CONSTRAINT"));
            assertThat(c.isAutocommit()).isTrue();
            assertThat(query(c, "SELECT count(*) FROM t").rows.get(0)[0]).isEqualTo(new Value.Integer(0));
        }
    }

    @Test
    void anOrdinaryErrorKeepsTheTransactionOpen() {
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(a PRIMARY KEY)");
            run(c, "BEGIN");
            run(c, "INSERT INTO t VALUES (1)");
            assertThatThrownBy(() -> run(c, "INSERT INTO t VALUES (1)")).isInstanceOf(ShoalException.class);
            assertThat(c.isAutocommit()).isFalse();
            run(c, "COMMIT");
            assertThat(query(c, "SELECT count(*) FROM t").rows.get(0)[0]).isEqualTo(new Value.Integer(1));
        }
    }

    @Test
    void closingRollsBackAnOpenTransaction() {
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(a)");
            run(c, "BEGIN");
            run(c, "INSERT INTO t VALUES (1)");
        }
        try (SqlConnection c = open.connect(id)) {
            assertThat(c.isAutocommit()).isTrue();
            assertThat(query(c, "SELECT count(*) FROM t").rows.get(0)[0]).isEqualTo(new Value.Integer(0));
        }
    }

    @Test
    void aSecondWriterQueuesUntilTheFirstCommits() throws Exception {
        try (SqlConnection a = open.connect(id); SqlConnection b = open.connect(id)) {
            run(a, "CREATE TABLE t(a)");
            run(a, "BEGIN IMMEDIATE");
            run(a, "INSERT INTO t VALUES (1)");
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<StatementOutcome> second = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                return run(b, "INSERT INTO t VALUES (2)");
            });
            started.await();
            Thread.sleep(50);
            assertThat(second).isNotDone();
            run(a, "COMMIT");
            assertThat(second.get(5, TimeUnit.SECONDS).affectedRowCount()).isEqualTo(1);
            assertThat(query(a, "SELECT count(*) FROM t").rows.get(0)[0]).isEqualTo(new Value.Integer(2));
        }
    }

    @Test
    void aWriterGivesUpWithSqliteBusyAfterTheBusyTimeout() {
        try (SqlConnection a = open.connect(id); SqlConnection b = open.connect(id)) {
            run(a, "CREATE TABLE t(a)");
            run(a, "BEGIN IMMEDIATE");
            assertThatThrownBy(() -> run(b, "INSERT INTO t VALUES (2)"))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.wireCode()).isEqualTo("SQLITE_BUSY"))
                    .hasMessageContaining("300 ms");
            run(a, "ROLLBACK");
            assertThat(run(b, "INSERT INTO t VALUES (3)").affectedRowCount()).isEqualTo(1);
        }
    }

    @Test
    void readsDoNotWaitForAWriter() {
        try (SqlConnection a = open.connect(id); SqlConnection b = open.connect(id)) {
            run(a, "CREATE TABLE t(a)");
            run(a, "BEGIN IMMEDIATE");
            run(a, "INSERT INTO t VALUES (1)");
            assertThat(query(b, "SELECT count(*) FROM t").rows.get(0)[0]).isEqualTo(new Value.Integer(0));
            run(a, "COMMIT");
        }
    }

    @Test
    void namedParametersBindWithOrWithoutPrefix() {
        try (SqlConnection c = open.connect(id)) {
            Rows r = new Rows();
            c.execute("SELECT :a, @b, $c, ?1", new Arguments(List.of(), List.of(
                    new Arguments.Named("a", new Value.Integer(1)), new Arguments.Named("@b", new Value.Integer(2)),
                    new Arguments.Named("c", new Value.Integer(3)))), true, r);
            assertThat(r.rows.get(0)).containsExactly(new Value.Integer(1), new Value.Integer(2), new Value.Integer(3),
                    new Value.Integer(1));
        }
    }

    @Test
    void argumentMistakesAreArgsInvalid() {
        try (SqlConnection c = open.connect(id)) {
            assertThatThrownBy(() -> query(c, "SELECT ?", new Value.Integer(1), new Value.Integer(2)))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID));
            assertThatThrownBy(() -> query(c, "SELECT ?, ?", new Value.Integer(1)))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGS_INVALID));
            assertThat(query(c, "SELECT ?3, ?1", new Value.Integer(1), new Value.Integer(2), new Value.Integer(3))
                    .rows.get(0)).containsExactly(new Value.Integer(3), new Value.Integer(1));
        }
    }

    @Test
    void executeTakesExactlyOneStatement() {
        try (SqlConnection c = open.connect(id)) {
            assertThatThrownBy(() -> run(c, "SELECT 1; SELECT 2"))
                    .isInstanceOfSatisfying(ShoalException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SQL_MANY_STATEMENTS));
            assertThatThrownBy(() -> run(c, " -- nothing\n ;"))
                    .isInstanceOfSatisfying(ShoalException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SQL_NO_STATEMENT));
            assertThat(run(c, "SELECT 1;  ").rowsRead()).isEqualTo(1);
        }
    }

    @Test
    void evictedDatabasesAreClosedAndCacheStaysBounded() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID other = UUID.randomUUID();
            files.create(other);
            ids.add(other);
            try (SqlConnection c = open.connect(other)) {
                run(c, "CREATE TABLE t(a)");
            }
        }
        assertThat(open.openCount()).isLessThanOrEqualTo(2);
        for (UUID other : ids) { // reopening after eviction works and sees the data
            try (SqlConnection c = open.connect(other)) {
                assertThat(query(c, "SELECT count(*) FROM t").rows).hasSize(1);
            }
        }
    }

    @Test
    void connectingNeverCreatesAFileAndDeleteRemovesAll() throws Exception {
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(a)");
        }
        files.delete(id);
        for (Path p : paths.allFiles(id)) {
            assertThat(Files.exists(p)).as(p.toString()).isFalse();
        }
        assertThatThrownBy(() -> open.connect(id))
                .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(Files.exists(paths.file(id))).isFalse();
    }

    @Test
    void settingsShoalManagesCanBeReadButNotChanged() {
        try (SqlConnection c = open.connect(id)) {
            // Without a size limit a fresh connection keeps SQLite's own bound, which Shoal does not resend.
            assertThat(query(c, "PRAGMA max_page_count").rows.get(0)[0]).isEqualTo(new Value.Integer(4294967294L));
            for (String sql : new String[] {"PRAGMA max_page_count = 10", "PRAGMA main.query_only=0",
                    "PRAGMA journal_mode = DELETE", "pragma Synchronous = OFF"}) {
                assertThatThrownBy(() -> run(c, sql)).as(sql)
                        .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.wireCode()).isEqualTo("SQLITE_AUTH"))
                        .hasMessageContaining("managed by Shoal");
            }
            assertThat(query(c, "PRAGMA journal_mode").rows.get(0)[0]).isEqualTo(new Value.Text("wal"));
            run(c, "PRAGMA user_version = 7");
        }
    }

    @Test
    void attachAndVacuumIntoCannotReachOtherFilesButVacuumWorks() {
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(a)");
            run(c, "INSERT INTO t VALUES (1)");
            assertThatThrownBy(() -> run(c, "ATTACH DATABASE '" + dir.resolve("x.db") + "' AS x"))
                    .isInstanceOf(ShoalException.class).hasMessageContaining("not a file name");
            assertThatThrownBy(() -> run(c, "VACUUM INTO '" + dir.resolve("copy.db") + "'"))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.wireCode()).isEqualTo("SQLITE_AUTH"));
            assertThat(Files.exists(dir.resolve("copy.db"))).isFalse();
            run(c, "VACUUM");
            assertThatThrownBy(() -> run(c, "ATTACH DATABASE '" + dir.resolve("x.db") + "' AS x"))
                    .isInstanceOf(ShoalException.class);
        }
    }

    @Test
    void cyclingManyDatabasesKeepsOpenFilesBounded() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        // Linux-only measurement: elsewhere there is no portable count of open descriptors.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID other = UUID.randomUUID();
            files.create(other);
            ids.add(other);
        }
        long before;
        try (var list = Files.list(fds)) {
            before = list.count();
        }
        for (UUID other : ids) {
            try (SqlConnection c = open.connect(other)) {
                run(c, "CREATE TABLE t(a)");
            }
        }
        long after;
        try (var list = Files.list(fds)) {
            after = list.count();
        }
        // The cache holds 2 databases (3 files each while open); 200 cycled must not pile up.
        assertThat(after - before).isLessThan(20);
    }

    /** Text is read as its stored bytes in a UTF-8 database and converted by SQLite in a UTF-16 one: both exact. */
    @Test
    void textReadsExactlyInUtf8AndUtf16Databases() throws Exception {
        String[] texts = {"", "plain", "caf\u00e9 \u65e5\u672c \ud83d\udc1f", "nul\u0000inside", "x".repeat(100_000)};
        try (SqlConnection c = open.connect(id)) {
            run(c, "CREATE TABLE t(i INTEGER PRIMARY KEY, s TEXT)");
            for (int i = 0; i < texts.length; i++) {
                c.execute("INSERT INTO t VALUES (?, ?)", new Arguments(List.of(new Value.Integer(i), new Value.Text(texts[i])),
                        List.of()), false, new Rows());
            }
            Rows r = query(c, "SELECT s FROM t ORDER BY i");
            for (int i = 0; i < texts.length; i++) {
                assertThat(r.rows.get(i)[0]).isEqualTo(new Value.Text(texts[i]));
            }
            // Bytes that are not UTF-8 decode as the driver decodes them (replacement characters).
            byte[] bad = {(byte) 0x61, (byte) 0xff, (byte) 0xc3, (byte) 0x28, (byte) 0xe2, (byte) 0x82, (byte) 0x62};
            assertThat(query(c, "SELECT CAST(x'61ffc328e28262' AS TEXT)").rows.get(0)[0])
                    .isEqualTo(new Value.Text(new String(bad, java.nio.charset.StandardCharsets.UTF_8)));
        }
        // A database file made UTF-16 elsewhere (as an upload may be).
        UUID utf16 = UUID.randomUUID();
        files.create(utf16);
        try (java.sql.Connection raw = java.sql.DriverManager.getConnection("jdbc:sqlite:" + paths.file(utf16));
                java.sql.Statement st = raw.createStatement()) {
            st.execute("PRAGMA encoding = 'UTF-16le'");
            st.execute("CREATE TABLE t(i INTEGER PRIMARY KEY, s TEXT)");
            try (java.sql.PreparedStatement ps = raw.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 0; i < texts.length; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, texts[i]);
                    ps.executeUpdate();
                }
            }
        }
        try (SqlConnection c = open.connect(utf16)) {
            assertThat(query(c, "PRAGMA encoding").rows.get(0)[0]).isEqualTo(new Value.Text("UTF-16le"));
            Rows r = query(c, "SELECT s FROM t ORDER BY i");
            for (int i = 0; i < texts.length; i++) {
                assertThat(r.rows.get(i)[0]).isEqualTo(new Value.Text(texts[i]));
            }
        }
    }
}

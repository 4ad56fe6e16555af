package dev.shoal.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.Value;
import dev.shoal.storage.files.DatabaseFileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runaway statements, oversized values and failing cached statements on real SQLite connections. */
class StatementLimitsTest {
    private static final String RUNAWAY =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    @TempDir
    Path dir;

    private OpenDatabases open;
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        StorageSettings settings = new StorageSettings(dir, 4, 2, Duration.ofSeconds(5), "NORMAL",
                Duration.ofMillis(400), 1 << 20);
        DatabasePaths paths = new DatabasePaths(settings.databasesDir());
        open = new OpenDatabases(paths, settings);
        new DatabaseFileStore(paths, open).create(id);
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    private static SqliteConnectionTest.Rows query(SqlConnection c, String sql, Value... args) {
        SqliteConnectionTest.Rows r = new SqliteConnectionTest.Rows();
        c.execute(sql, new Arguments(List.of(args), List.of()), true, r);
        return r;
    }

    @Test
    void aRunawayStatementIsInterruptedAtTheTimeLimitAndTheConnectionStaysUsable() {
        try (SqlConnection c = open.connect(id)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> query(c, RUNAWAY))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.wireCode()).isEqualTo("SQLITE_INTERRUPT"))
                    .hasMessageContaining("statement time limit of 400 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(query(c, "SELECT 42").rows.get(0)[0]).isEqualTo(new Value.Integer(42));
        }
    }

    @Test
    void aRunawayInsideATransactionEndsItAndLaterStatementsWork() {
        try (SqlConnection c = open.connect(id)) {
            c.executeScript("CREATE TABLE t(x); BEGIN; INSERT INTO t VALUES (1)");
            assertThatThrownBy(() -> query(c, "INSERT INTO t " + RUNAWAY.replace("count(*)", "x")))
                    .hasMessageContaining("statement interrupted");
            query(c, "SELECT 1");
            if (!c.isAutocommit()) {
                c.executeScript("ROLLBACK");
            }
            assertThat(c.isAutocommit()).isTrue();
        }
    }

    @Test
    void interruptAllStopsEveryRunningStatement() throws Exception {
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try (SqlConnection c = open.connect(id)) {
                query(c, RUNAWAY);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        while (open.runningStatements() == 0 && !failure.isDone()) {
            Thread.sleep(5);
        }
        open.interruptAll("the server is shutting down");
        assertThat(failure.get(2, TimeUnit.SECONDS)).hasMessageContaining("the server is shutting down");
    }

    @Test
    void valuesLargerThanTheCapAreRefusedBySqlite() {
        try (SqlConnection c = open.connect(id)) {
            assertThatThrownBy(() -> query(c, "SELECT randomblob(2 * 1024 * 1024)"))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.wireCode()).isEqualTo("SQLITE_TOOBIG"));
            assertThat(query(c, "SELECT length(randomblob(1000))").rows.get(0)[0]).isEqualTo(new Value.Integer(1000));
        }
    }

    @Test
    void schemaCodeRunsWithTrustedSchemaOff() {
        try (SqlConnection c = open.connect(id)) {
            assertThat(query(c, "PRAGMA trusted_schema").rows.get(0)[0]).isEqualTo(new Value.Integer(0));
        }
    }

    /** A statement that fails while running must not stay cached in its closed state (issue 7, item 5). */
    @Test
    void aStatementThatFailedWhileRunningWorksAgainWithGoodArguments() {
        try (SqlConnection c = open.connect(id)) {
            assertThat(query(c, "SELECT json(?)", new Value.Text("{}")).rows).hasSize(1);
            assertThatThrownBy(() -> query(c, "SELECT json(?)", new Value.Text("x"))).hasMessageContaining("malformed JSON");
            assertThat(query(c, "SELECT json(?)", new Value.Text("{}")).rows.get(0)[0]).isEqualTo(new Value.Text("{}"));
            assertThatThrownBy(() -> query(c, "SELECT abs(-9223372036854775808)")).hasMessageContaining("integer overflow");
            assertThatThrownBy(() -> query(c, "SELECT abs(-9223372036854775808)")).hasMessageContaining("integer overflow");
            assertThatThrownBy(() -> query(c, "COMMIT")).hasMessageContaining("no transaction is active");
            c.executeScript("BEGIN");
            query(c, "COMMIT");
        }
    }
}

package dev.shoal.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.Value;
import dev.shoal.storage.files.DatabaseFileStore;
import dev.shoal.testkit.PolicyCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line of the policy corpus on a real SQLite connection: a denied statement fails and leaves
 * every setting Shoal manages as it was (SQLite applies a pragma while preparing it, so "refused"
 * must mean "never prepared"), and no file appears outside the database's own.
 */
class TenantPolicyEnforcementTest {
    /** Settings read back after each statement; each is readable through the policy. */
    private static final List<String> WATCHED = List.of("query_only", "max_page_count", "journal_mode", "synchronous",
            "trusted_schema", "writable_schema", "locking_mode", "mmap_size", "journal_size_limit", "temp_store",
            "threads", "cache_spill", "page_size", "auto_vacuum", "schema_version");

    @TempDir
    Path dir;

    private OpenDatabases open;
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        StorageSettings settings = new StorageSettings(dir, 4, 2, Duration.ofSeconds(5), "NORMAL");
        DatabasePaths paths = new DatabasePaths(settings.databasesDir());
        open = new OpenDatabases(paths, settings);
        new DatabaseFileStore(paths, open).create(id);
        try (SqlConnection c = open.connect(id)) {
            c.executeScript("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
        }
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    static Stream<PolicyCorpus.Case> cases() {
        return PolicyCorpus.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deniedStatementsChangeNothing(PolicyCorpus.Case c) throws Exception {
        var readOnly = new ConnectionOptions(ConnectionOptions.Writes.READ_ONLY_TOKEN, false, OptionalLong.empty());
        for (ConnectionOptions rules : List.of(ConnectionOptions.DEFAULT, readOnly)) {
            List<Path> before = filesUnder(dir);
            try (SqlConnection conn = open.connect(id, rules)) {
                List<String> settings = watched(conn);
                try {
                    conn.execute(c.sql(), Arguments.NONE, true, new SqliteConnectionTest.Rows());
                    assertThat(c.outcome()).as("ran although the corpus says deny").isNotEqualTo(PolicyCorpus.Outcome.DENY);
                    assertThat(c.outcome()).as("attached without attach rights").isNotEqualTo(PolicyCorpus.Outcome.ATTACH);
                } catch (ShoalException e) {
                    if (c.outcome() == PolicyCorpus.Outcome.ATTACH) {
                        // No attach rights on this connection: ATTACH is refused, DETACH finds nothing attached.
                        assertThat(e.getMessage()).as(e.getMessage())
                                .containsAnyOf("ATTACH is not allowed here", "no database is attached as");
                    } else if (c.outcome() != PolicyCorpus.Outcome.DENY) {
                        // Allowed by the policy; SQLite may still reject it (no such index, ...), but not the policy.
                        boolean readOnlyRefusal = rules == readOnly && c.outcome() == PolicyCorpus.Outcome.WRITE;
                        assertThat(e.wireCode()).as(e.getMessage()).isNotEqualTo("SQLITE_AUTH");
                        if (!readOnlyRefusal) {
                            assertThat(e.wireCode()).as(e.getMessage()).isNotEqualTo("SQLITE_READONLY");
                        }
                    }
                }
                if (c.outcome() == PolicyCorpus.Outcome.DENY || c.outcome() == PolicyCorpus.Outcome.ATTACH) {
                    assertThat(watched(conn)).isEqualTo(settings);
                }
            }
            assertThat(filesUnder(dir)).isEqualTo(before);
        }
        for (String path : List.of("/tmp/stolen.db", "/tmp/x.db", "/tmp/elsewhere")) {
            assertThat(Files.exists(Path.of(path))).as(path).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void describeJudgesLikeExecute(PolicyCorpus.Case c) {
        try (SqlConnection conn = open.connect(id)) {
            List<String> settings = watched(conn);
            if (c.outcome() == PolicyCorpus.Outcome.DENY) {
                assertThatThrownBy(() -> conn.describe(c.sql())).isInstanceOf(ShoalException.class);
                assertThat(watched(conn)).isEqualTo(settings);
            } else {
                try {
                    conn.describe(c.sql());
                } catch (ShoalException e) {
                    assertThat(e.wireCode()).as(e.getMessage()).isNotEqualTo("SQLITE_AUTH");
                }
            }
        }
    }

    private static List<String> watched(SqlConnection conn) {
        List<String> values = new ArrayList<>();
        for (String p : WATCHED) {
            SqliteConnectionTest.Rows r = new SqliteConnectionTest.Rows();
            conn.execute("PRAGMA " + p, Arguments.NONE, true, r);
            Value v = r.rows.isEmpty() ? Value.NULL : r.rows.get(0)[0];
            values.add(p + "=" + v);
        }
        return values;
    }

    private static List<Path> filesUnder(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            // A database's own WAL and shared-memory files come and go as its last connection closes.
            return s.filter(p -> !p.getFileName().toString().matches(".*-(wal|shm|journal)")).sorted().toList();
        }
    }
}

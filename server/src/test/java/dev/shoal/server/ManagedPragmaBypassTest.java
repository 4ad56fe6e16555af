package dev.shoal.server;

import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.describe;
import static dev.shoal.testkit.Hrana.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.HranaClient;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by the Hrana fuzzer ({@code bench/run.sh fuzz}: after 200,000 requests a fuzz database
 * answered every statement with {@code SQLITE_CORRUPT: malformed database schema}, because
 * {@code writable_schema} had been switched on and {@code UPDATE sqlite_schema SET sql = 'x'} then
 * succeeded). A pragma Shoal manages must keep its value whatever a client sends. There were two ways
 * past the old text check, both closed by the tenant policy ({@code core.policy.SqlPolicy}), which
 * judges describe as well and reads pragmas from SQLite's tokens:
 * <ul>
 * <li>{@code describe} prepared the statement unchecked, and SQLite applies most
 *     pragma assignments (writable_schema, query_only, synchronous, ...) while preparing them; the
 *     connection then goes back to the pool with the setting changed;</li>
 * <li>the check read the pragma name as the characters right after {@code PRAGMA} (a
 *     comment, a quoted name, {@code main . x} or an {@code EXPLAIN} prefix hide it; EXPLAIN still
 *     prepares the pragma) and treated a statement without {@code =} as a read, although the
 *     {@code name(value)} form sets.</li>
 * </ul>
 */
class ManagedPragmaBypassTest {
    @TempDir
    static Path dataDir;

    static TestServer server;
    private static final AtomicInteger databases = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "EXPLAIN PRAGMA writable_schema = ON",
        "PRAGMA /* c */ writable_schema = ON",
        "PRAGMA \"writable_schema\" = ON",
        "PRAGMA main . writable_schema = ON",
        "PRAGMA writable_schema(1)",
        "PRAGMA /**/ journal_mode = DELETE",
        "PRAGMA /**/ max_page_count = 1000000000",
        "EXPLAIN PRAGMA synchronous = OFF",
        "PRAGMA \"synchronous\" = OFF",
        "PRAGMA query_only(0)"})
    void aManagedPragmaIsRefusedHoweverItIsSpelled(String sql) {
        HranaClient db = server.createDatabase("pragma-" + databases.incrementAndGet());
        db.executeOnce("CREATE TABLE t(a)");
        JsonNode r = db.v2(null, execute(sql), execute("UPDATE sqlite_schema SET sql = 'x'"), close()).results();
        assertThat(r.get(0).path("error").path("code").asText()).as("%s -> %s", sql, r.get(0)).isEqualTo("SQLITE_AUTH");
        assertThat(db.queryValue("PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(db.queryValue("PRAGMA synchronous")).isEqualTo(1L);
        assertThat(db.queryValue("PRAGMA writable_schema")).isEqualTo(0L);
        assertThat(db.queryValue("PRAGMA query_only")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT count(*) FROM t")).as("the schema is intact").isEqualTo(0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRAGMA writable_schema = ON", "PRAGMA query_only = 1", "PRAGMA synchronous = OFF"})
    void describingAManagedPragmaAssignmentLeavesTheSettingAlone(String sql) {
        HranaClient db = server.createDatabase("pragma-" + databases.incrementAndGet());
        db.executeOnce("CREATE TABLE t(a)");
        JsonNode r = db.v2(null, describe(sql), execute("PRAGMA writable_schema"), execute("PRAGMA query_only"),
                execute("PRAGMA synchronous"), execute("UPDATE sqlite_schema SET sql = 'x'"), close()).results();
        assertThat(value(r.get(1))).as("writable_schema after describing %s", sql).isEqualTo("0");
        assertThat(value(r.get(2))).as("query_only after describing %s", sql).isEqualTo("0");
        assertThat(value(r.get(3))).as("synchronous after describing %s", sql).isEqualTo("1");
        assertThat(r.get(4).path("type").asText()).as("UPDATE sqlite_schema: %s", r.get(4)).isEqualTo("error");
    }

    private static String value(JsonNode executeResult) {
        return executeResult.path("response").path("result").path("rows").path(0).path(0).path("value").asText();
    }
}

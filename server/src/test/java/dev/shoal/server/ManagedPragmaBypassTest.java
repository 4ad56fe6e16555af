package dev.shoal.server;

import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.HranaClient;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by the Hrana fuzzer ({@code bench/run.sh fuzz}: after 200,000 requests a fuzz database
 * answered every statement with {@code SQLITE_CORRUPT: malformed database schema}). Pragmas Shoal
 * manages must be refused however the statement is spelled; these spellings reach SQLite because
 * {@code SqliteConnection.checkAllowed} reads the pragma name as the characters right after
 * {@code PRAGMA} (a comment, a quoted name, {@code main . x} or an {@code EXPLAIN} prefix hide
 * it; flag pragmas take effect when EXPLAIN prepares them) and treats a statement without
 * {@code =} as a read (the {@code name(value)} form sets, and its connection goes back to the pool).
 */
@Disabled("fails until SqliteConnection.checkAllowed/pragmaName/isReadOnlyPragma (storage/engine, being edited "
        + "elsewhere) read the pragma name and argument from the lexer's tokens; remove this line with that fix")
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
}

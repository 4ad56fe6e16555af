package dev.shoal.server.auth;

import static dev.shoal.server.auth.SqlCalls.allOk;
import static dev.shoal.server.auth.SqlCalls.pipeline;
import static dev.shoal.server.auth.SqlCalls.stmtError;
import static dev.shoal.server.auth.SqlCalls.value;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import dev.shoal.storage.engine.StorageSettings;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HttpJson;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of a hostile tenant with a plain account, over the real HTTP API: dump and file seeds
 * that try to reach the catalog or other tenants, managed pragmas in other spellings, process-wide
 * settings, file paths, runaway statements, and a failing statement that used to poison the cache.
 * Each must be refused with a clear error and leave no trace.
 */
class HostileSqlTest {
    @TempDir
    static Path dataDir;

    @TempDir
    static Path outside;

    static ShoalServer server;
    static PlatformHttp admin;

    @BeforeAll
    static void start() {
        StorageSettings storage = new StorageSettings(dataDir, 100, 4, Duration.ofSeconds(5), "NORMAL",
                Duration.ofSeconds(1), 1 << 20);
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0).withRequireAuth(true).withStorage(storage));
        admin = new PlatformHttp(server.url(), server.firstApiToken().orElseThrow());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String createDb(String name) {
        JsonNode db = ok(admin.post("/v1/organizations/admin/databases", obj().put("name", name))).get("database");
        return "http://" + db.get("Hostname").asText();
    }

    private static String token(String db, String query) {
        return ok(admin.post("/v1/organizations/admin/databases/" + db + "/auth/tokens" + query)).get("jwt").asText();
    }

    private static String upload(byte[] content) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(java.net.URI.create(server.url() + "/v1/organizations/admin/databases/dumps"))
                .header("Authorization", "Bearer " + server.firstApiToken().orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpJson.parse(response.body()).get("dump_url").asText();
    }

    private static HttpJson.Response createFromUpload(String name, byte[] content) throws Exception {
        ObjectNode body = obj().put("name", name);
        body.putObject("seed").put("type", "dump").put("url", upload(content));
        return admin.post("/v1/organizations/admin/databases", body);
    }

    private static String catalogSnapshot() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dataDir.resolve("catalog.db") + "?mode=ro");
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT group_concat(name) FROM sqlite_schema WHERE type = 'table'")) {
            sb.append(rs.getString(1));
            for (String table : sb.toString().split(",")) {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int n = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= n; i++) {
                            if (!rows.getMetaData().getColumnName(i).contains("rows_")) { // usage counters move
                                sb.append('|').append(rows.getString(i));
                            }
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    @Test
    void dumpSeedsThatReachOtherFilesAreRefusedAndCreateNothing() throws Exception {
        String victim = createDb("victim");
        allOk(pipeline(victim, token("victim", ""), "CREATE TABLE secrets(s)", "INSERT INTO secrets VALUES ('x')"));
        String catalog = dataDir.resolve("catalog.db").toString();
        Path target = Files.createDirectories(outside.resolve("dump-targets"));
        Path written = target.resolve("written.db");
        List<String> dumps = List.of(
                "ATTACH '" + catalog + "' AS cat;\nINSERT INTO cat.api_tokens SELECT * FROM cat.api_tokens;",
                "CREATE TABLE t(x);\nATTACH DATABASE 'file:" + catalog + "?mode=rw' AS cat;",
                "CREATE TABLE t(x);\nVACUUM INTO '" + written + "';",
                "PRAGMA writable_schema = ON;\nCREATE TABLE t(x);",
                "PRAGMA [temp_store_directory] = '" + target + "';",
                "CREATE VIEW paths AS SELECT file FROM pragma_database_list;",
                "CREATE TABLE t(x);\nINSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                        + "SELECT x FROM c;");
        String before = catalogSnapshot();
        for (int i = 0; i < dumps.size(); i++) {
            String name = "hostile-dump-" + i;
            HttpJson.Response r = createFromUpload(name, dumps.get(i).getBytes());
            assertThat(r.status()).as(dumps.get(i) + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(r.toString()).contains("the dump was refused at statement");
            assertThat(admin.get("/v1/organizations/admin/databases/" + name).status()).isEqualTo(404);
        }
        assertThat(catalogSnapshot()).isEqualTo(before);
        assertThat(Files.exists(written)).isFalse();
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(value(pipeline(victim, token("victim", ""), "SELECT count(*) FROM secrets"), 0)).isEqualTo(1L);
    }

    @Test
    void theRefusalNamesTheStatement() throws Exception {
        HttpJson.Response r = createFromUpload("names-it",
                "CREATE TABLE a(x);\nINSERT INTO a VALUES (1);\nVACUUM INTO '/tmp/x.db';".getBytes());
        assertThat(r.json().get("error").asText())
                .startsWith("the dump was refused at statement 3 (`VACUUM INTO '/tmp/x.db'`): VACUUM INTO is not allowed");
    }

    @Test
    void aPlainDumpLoadsInOneTransaction() throws Exception {
        String dump = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(x);\n"
                + "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\nCOMMIT;\n";
        JsonNode db = ok(createFromUpload("plain-dump", dump.getBytes())).get("database");
        String url = "http://" + db.get("Hostname").asText();
        assertThat(value(pipeline(url, token("plain-dump", ""), "SELECT sum(x) FROM t"), 0)).isEqualTo(3L);
    }

    @Test
    void sqliteFilesWithHostileSchemaOrDamageAreRefused() throws Exception {
        Path files = Files.createDirectories(outside.resolve("files"));
        Path good = files.resolve("good.db");
        Path viewOfPaths = files.resolve("paths.db");
        Path damaged = files.resolve("damaged.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + good); var st = c.createStatement()) {
            st.executeUpdate("PRAGMA journal_mode=WAL");
            st.executeUpdate("CREATE TABLE t(x)");
            st.executeUpdate("INSERT INTO t VALUES (41)");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + viewOfPaths); var st = c.createStatement()) {
            st.executeUpdate("CREATE VIEW v AS SELECT file FROM pragma_database_list");
        }
        byte[] bytes = Files.readAllBytes(good);
        bytes[16] = 3; // page size 0x0310: not a power of two
        Files.write(damaged, bytes);
        assertThat(createFromUpload("file-paths", Files.readAllBytes(viewOfPaths)).json().get("error").asText())
                .contains("schema object `v`", "pragma_database_list");
        assertThat(createFromUpload("file-damaged", Files.readAllBytes(damaged)).json().get("error").asText())
                .contains("page size");
        JsonNode db = ok(createFromUpload("file-good", Files.readAllBytes(good))).get("database");
        String url = "http://" + db.get("Hostname").asText();
        assertThat(value(pipeline(url, token("file-good", ""), "SELECT x + 1 FROM t"), 0)).isEqualTo(42L);
        assertThat(value(pipeline(url, token("file-good", ""), "PRAGMA journal_mode"), 0)).isEqualTo("wal");
    }

    @Test
    void managedPragmasInEverySpellingAreRefusedAndAReadOnlyTokenStaysReadOnly() {
        String url = createDb("spellings");
        allOk(pipeline(url, token("spellings", ""), "CREATE TABLE t(x)"));
        String ro = token("spellings", "?authorization=read-only");
        for (String sql : List.of("PRAGMA query_only(0)", "PRAGMA [query_only]=0", "PRAGMA /**/query_only=0",
                "PRAGMA \"query_only\" = 0", "PRAGMA main.query_only = false", "EXPLAIN PRAGMA query_only = 0")) {
            HttpJson.Response r = pipeline(url, ro, sql, "INSERT INTO t VALUES (1)");
            stmtError(r, 0, "SQLITE_AUTH");
            stmtError(r, 1, "SQLITE_READONLY");
        }
        String full = token("spellings", "");
        for (String sql : List.of("PRAGMA max_page_count(100000)", "PRAGMA journal_mode(DELETE)",
                "PRAGMA \"journal_mode\" = off", "PRAGMA main.writable_schema(1)", "PRAGMA temp_store_directory = '/tmp'",
                "PRAGMA hard_heap_limit = 1", "PRAGMA soft_heap_limit = 1")) {
            stmtError(pipeline(url, full, sql), 0, "SQLITE_AUTH");
        }
        assertThat(value(pipeline(url, full, "PRAGMA journal_mode"), 0)).isEqualTo("wal");
        assertThat(value(pipeline(url, ro, "SELECT count(*) FROM t"), 0)).isEqualTo(0L);
    }

    @Test
    void databaseListShowsNoServerPaths() {
        String url = createDb("paths");
        HttpJson.Response r = pipeline(url, token("paths", ""), "PRAGMA database_list");
        JsonNode rows = allOk(r).get(0).get("response").get("result").get("rows");
        assertThat(rows.toString()).doesNotContain(dataDir.toString()).contains("main");
        stmtError(pipeline(url, token("paths", ""), "SELECT file FROM pragma_database_list"), 0, "SQLITE_AUTH");
    }

    @Test
    void aRunawayStatementIsInterruptedAtTheLimitAndTheDatabaseKeepsServing() {
        String url = createDb("runaway");
        String jwt = token("runaway", "");
        long start = System.nanoTime();
        JsonNode err = stmtError(pipeline(url, jwt,
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"), 0,
                "SQLITE_INTERRUPT");
        assertThat(err.get("message").asText()).contains("statement time limit of 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(value(pipeline(url, jwt, "SELECT 7"), 0)).isEqualTo(7L);
        stmtError(pipeline(url, jwt, "SELECT length(randomblob(2000000))"), 0, "SQLITE_TOOBIG");
    }

    /** Issue 7, item 5: {@code SELECT json(?)} with {@code {}}, then {@code x}, then {@code {}} on one pooled connection. */
    @Test
    void aStatementThatFailedWhileRunningDoesNotPoisonThePool() {
        String url = createDb("poison");
        String jwt = token("poison", "");
        String base = url.endsWith("/") ? url : url + "/";
        for (String arg : List.of("{}", "x", "{}", "{}")) {
            JsonNode req = Hrana.execute("SELECT json(?)", Hrana.text(arg));
            HttpJson.Response r = new PlatformHttp(base, jwt).post(base + "v2/pipeline",
                    Hrana.pipelineBody(null, req, Hrana.close()));
            if (arg.equals("x")) {
                stmtError(r, 0, "SQLITE_ERROR");
            } else {
                assertThat(allOk(r).get(0).get("response").get("result").get("rows").get(0).get(0).get("value").asText())
                        .isEqualTo("{}");
            }
        }
    }
}

package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET <db-url>/dump} on an open dev server: the CLI's {@code .dump} text for every kind of
 * value and object, on both URL forms, loadable into a new database (through the Platform API's
 * dump upload) to the same content; a schema database's and a child's dump show only the user's
 * objects, never the version Shoal keeps in {@code user_version}.
 */
class DumpRouteTest {
    private static final String DOMAIN = "db.example.test";

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, c -> c.withBaseDomain(DOMAIN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A database by the Platform API; SQL reaches it by its path form (host names do not resolve here). */
    private static HranaClient create(ObjectNode body) {
        HttpJson.Response r = server.platform.createRaw(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return server.database(body.get("name").asText());
    }

    private static HranaClient regular(String name) {
        return create(HttpJson.MAPPER.createObjectNode().put("name", name));
    }

    private static void run(HranaClient db, String... statements) {
        for (String s : statements) {
            db.executeOnce(s);
        }
    }

    /** GET {@code <db url>dump}, requiring 200 and the text content type; returns the text. */
    static String dump(HranaClient db) {
        HttpJson.Response r = server.http.get(db.url("dump"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).hasValue("text/plain; charset=utf-8");
        return r.body();
    }

    @Test
    void everyKindOfValueAndObjectIsDumpedAsTheCliDumpsIt() {
        HranaClient db = regular("kinds");
        run(db, "CREATE TABLE notes(id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body BLOB, score REAL, extra)",
                "INSERT INTO notes(title, body, score, extra) VALUES ('héllo wörld ✓ 🐟 日本', X'00FF10', 0.1, NULL)",
                "INSERT INTO notes(title, body, score, extra) VALUES ('it''s', NULL, -2.5e-300, 42)",
                "INSERT INTO notes(title, body, score, extra) VALUES ('line1' || char(10) || 'line2', x'', 3.0, 'x')",
                "INSERT INTO notes(title, score, extra) VALUES ('gone', 1e999, -9223372036854775808)",
                "DELETE FROM notes WHERE title = 'gone'",
                "CREATE TABLE \"odd \"\"name\"\"\"(k TEXT PRIMARY KEY, v) WITHOUT ROWID",
                "INSERT INTO \"odd \"\"name\"\"\" VALUES ('k', 1e999), ('l', -9223372036854775808)",
                "CREATE TABLE g(a INTEGER, b AS (a * 2))",
                "INSERT INTO g(a) VALUES (21)",
                "CREATE INDEX notes_title ON notes(title)",
                "CREATE VIEW titles AS SELECT title FROM notes",
                "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN SELECT 1; END");
        assertThat(dump(db)).isEqualTo("""
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE notes(id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body BLOB, score REAL, extra);
                INSERT INTO notes VALUES(1,'héllo wörld ✓ 🐟 日本',X'00ff10',0.1,NULL);
                INSERT INTO notes VALUES(2,'it''s',NULL,-2.5E-300,42);
                INSERT INTO notes VALUES(3,replace('line1\\nline2','\\n',char(10)),X'',3.0,'x');
                CREATE TABLE IF NOT EXISTS "odd ""name\"\"\"(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
                INSERT INTO "odd ""name\"\"\" VALUES('k',9.0e+999);
                INSERT INTO "odd ""name\"\"\" VALUES('l',-9223372036854775808);
                CREATE TABLE g(a INTEGER, b AS (a * 2));
                INSERT INTO g(a) VALUES(21);
                DELETE FROM sqlite_sequence;
                INSERT INTO sqlite_sequence VALUES('notes',4);
                CREATE INDEX notes_title ON notes(title);
                CREATE VIEW titles AS SELECT title FROM notes;
                CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN SELECT 1; END;
                COMMIT;
                """);
    }

    @Test
    void anEmptyDatabaseDumpsAnEmptyTransaction() {
        assertThat(dump(regular("empty"))).isEqualTo("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCOMMIT;\n");
    }

    @Test
    void aDumpLoadsIntoANewDatabaseWithTheSameContent() throws Exception {
        HranaClient src = regular("source");
        run(src, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v, b BLOB, r REAL)",
                "INSERT INTO t(v, b, r) VALUES ('a' || char(13, 10) || 'b', randomblob(64), 1.5), (NULL, NULL, -0.0)",
                "INSERT INTO t(v, b, r) VALUES ('Ünïcødé ☃', X'', 1e-310)",
                "CREATE INDEX t_v ON t(v)",
                "CREATE VIEW tv AS SELECT v FROM t",
                "CREATE TRIGGER tt BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'kept'); END");
        String text = dump(src);
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("name", "copy");
        body.putObject("seed").put("type", "dump").put("url", upload(text));
        HranaClient copy = create(body);
        assertThat(dump(copy)).isEqualTo(text);
        String everything = "SELECT id, v, hex(b), r, typeof(r) FROM t ORDER BY id";
        assertThat(copy.query(everything)).isEqualTo(src.query(everything));
        assertThat(copy.query("SELECT seq FROM sqlite_sequence")).isEqualTo(List.of(List.of(3L)));
    }

    private static String upload(String text) throws Exception {
        return upload(server, text);
    }

    /** POSTs a dump to the Platform API's upload route and returns its {@code dump_url}. */
    static String upload(TestServer server, String text) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.platform.databasesUrl() + "/dumps"))
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build();
        var res = server.http.client().send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return HttpJson.parse(res.body()).get("dump_url").asText();
    }

    @Test
    void theBareUrlDumpsTheDatabaseTheHostNamesAndTheDefaultOneWithout() throws Exception {
        HranaClient named = regular("by-host");
        run(named, "CREATE TABLE mine(x)", "INSERT INTO mine VALUES ('by host')");
        String byPath = dump(named);
        assertThat(byPath).contains("INSERT INTO mine VALUES('by host');");
        assertThat(rawGet("by-host-admin." + DOMAIN + ":" + server.server.port(), "/dump")).isEqualTo(byPath);

        run(server.hrana, "CREATE TABLE IF NOT EXISTS in_default(y)");
        assertThat(dump(server.hrana)).contains("CREATE TABLE in_default(y);").doesNotContain("mine");
    }

    /** A GET with a chosen Host header (java.net.http will not set one); returns the body of a whole 200. */
    private static String rawGet(String host, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ChunkedBody r = ChunkedBody.parse(s.getInputStream().readAllBytes());
            assertThat(r.head()).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-type: text/plain; charset=utf-8");
            assertThat(r.complete()).isTrue();
            return r.body();
        }
    }

    @Test
    void aSchemaDatabaseAndItsChildDumpOnlyTheUsersObjects() throws Exception {
        HranaClient parent = create(HttpJson.MAPPER.createObjectNode().put("name", "todos-schema").put("is_schema", true));
        run(parent, "CREATE TABLE todos(id INTEGER PRIMARY KEY AUTOINCREMENT, description TEXT NOT NULL)");
        run(parent, "CREATE INDEX todos_description ON todos(description)");
        HranaClient child = create(HttpJson.MAPPER.createObjectNode().put("name", "todos-ann").put("schema", "todos-schema"));
        run(child, "INSERT INTO todos(description) VALUES ('ship the release')");
        assertThat((Long) child.queryValue("PRAGMA user_version")).isPositive(); // Shoal's bookkeeping is there

        String schemaDump = dump(parent);
        assertThat(schemaDump).isEqualTo("""
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE todos(id INTEGER PRIMARY KEY AUTOINCREMENT, description TEXT NOT NULL);
                DELETE FROM sqlite_sequence;
                CREATE INDEX todos_description ON todos(description);
                COMMIT;
                """);
        String childDump = dump(child);
        assertThat(childDump).isEqualTo("""
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE todos(id INTEGER PRIMARY KEY AUTOINCREMENT, description TEXT NOT NULL);
                INSERT INTO todos VALUES(1,'ship the release');
                DELETE FROM sqlite_sequence;
                INSERT INTO sqlite_sequence VALUES('todos',1);
                CREATE INDEX todos_description ON todos(description);
                COMMIT;
                """);

        // `db create x --from-dump file` with the child's dump: a regular database with the user's data
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("name", "ann-export");
        body.putObject("seed").put("type", "dump").put("url", upload(childDump));
        HranaClient restored = create(body);
        assertThat(restored.query("SELECT id, description FROM todos")).isEqualTo(List.of(List.of(1L, "ship the release")));
        run(restored, "ALTER TABLE todos ADD COLUMN done INTEGER"); // regular: DDL of its own is fine
        assertThat(restored.queryValue("PRAGMA user_version")).isEqualTo(0L);
    }

    @Test
    void anUnknownDatabaseIs404AsForPipelines() {
        HttpJson.Response dump = server.http.get(server.url() + "/db/admin/nowhere/dump");
        HttpJson.Response pipeline = server.database("nowhere").v2(null).http();
        assertThat(dump.status()).isEqualTo(404);
        assertThat(dump.json()).isEqualTo(pipeline.json());
    }
}

package dev.shoal.server.auth;

import static dev.shoal.server.auth.SqlCalls.allOk;
import static dev.shoal.server.auth.SqlCalls.pipeline;
import static dev.shoal.server.auth.SqlCalls.stmtError;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only ATTACH across databases on the real server, with permission on both sides: the token's
 * read-attach claim and the target's {@code allow_attach} (docs/attach.md). Every tenant is hostile.
 */
class AttachAcrossDatabasesTest {
    private static final String JOIN = "SELECT category, discount FROM promotions JOIN userdb.user_preferences AS up "
            + "ON category = up.interested_category WHERE up.user_id = 1 ORDER BY category";

    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static PlatformHttp admin;
    static String catalogueUrl;
    static String user1Id;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0).withRequireAuth(true));
        admin = new PlatformHttp(server.url(), server.firstApiToken().orElseThrow());
        catalogueUrl = create("catalogue", "CREATE TABLE promotions(category TEXT, discount INT)",
                "INSERT INTO promotions VALUES ('books', 10), ('games', 20), ('films', 5)");
        create("user1", "CREATE TABLE user_preferences(user_id INT, interested_category TEXT)",
                "INSERT INTO user_preferences VALUES (1, 'games'), (1, 'films'), (2, 'books')");
        user1Id = id("user1");
        allowAttach("user1", true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSeedsJoinRunsWithAReadAttachTokenAndATargetThatAllowsIt() {
        String jwt = token("catalogue", "", "user1");
        for (String attach : List.of("ATTACH \"" + user1Id + "\" AS userdb", "ATTACH DATABASE user1 AS userdb",
                "attach [user1] as [UserDB]", "ATTACH /* the user's */ `user1` AS \"userdb\";")) {
            JsonNode results = allOk(pipeline(catalogueUrl, jwt, attach, JOIN));
            assertThat(Hrana.rows(results.get(1).get("response").get("result")))
                    .as(attach).containsExactly(List.of("films", 5L), List.of("games", 20L));
        }
        String readOnly = token("catalogue", "?authorization=read-only", "user1");
        allOk(pipeline(catalogueUrl, readOnly, "ATTACH user1 AS userdb", JOIN));
    }

    @Test
    void aGroupTokenWithReadAttachMayAttachToo() {
        String jwt = PlatformHttp.ok(admin.post("/v1/organizations/admin/groups/default/auth/tokens",
                attachBody("user1"))).get("jwt").asText();
        allOk(pipeline(catalogueUrl, jwt, "ATTACH user1 AS userdb", JOIN));
    }

    @Test
    void aFullAccessTokenDoesNotImplyAttach() {
        JsonNode e = stmtError(pipeline(catalogueUrl, token("catalogue", "", (String[]) null), "ATTACH user1 AS userdb"),
                0, "FORBIDDEN");
        assertThat(e.get("message").asText()).contains("doesn't not have AttachRead permission to namespace user1",
                "a full-access token does not imply attach", "--attach user1");
    }

    @Test
    void aTargetThatDoesNotAllowAttachIsRefusedEvenWithTheRight() {
        create("private-user", "CREATE TABLE user_preferences(user_id INT, interested_category TEXT)");
        String jwt = token("catalogue", "", "private-user");
        JsonNode e = stmtError(pipeline(catalogueUrl, jwt, "ATTACH \"private-user\" AS userdb"), 0, "FORBIDDEN");
        assertThat(e.get("message").asText()).contains("Namespace `private-user` doesn't allow attach",
                "shoal db config attach allow private-user");
        allowAttach("private-user", true);
        allOk(pipeline(catalogueUrl, jwt, "ATTACH \"private-user\" AS userdb"));
        allowAttach("private-user", false);
        stmtError(pipeline(catalogueUrl, jwt, "ATTACH \"private-user\" AS userdb"), 0, "FORBIDDEN");
    }

    @Test
    void unknownDeletedAndOtherOrganizationsDatabasesAreNotFound() {
        String jwt = token("catalogue", "", "user1");
        assertThat(stmtError(pipeline(catalogueUrl, jwt, "ATTACH nosuch AS x"), 0, "NOT_FOUND").get("message").asText())
                .contains("database nosuch does not exist in organization admin");
        stmtError(pipeline(catalogueUrl, jwt, "ATTACH \"00000000-0000-4000-8000-000000000000\" AS x"), 0, "NOT_FOUND");

        ok(admin.post("/v1/organizations", obj().put("name", "rival")));
        JsonNode rival = ok(admin.post("/v1/organizations/rival/databases", obj().put("name", "user1"))).get("database");
        ok(admin.patch("/v1/organizations/rival/databases/user1/configuration", obj().put("allow_attach", true)));
        // by id: another organization's database does not exist for this stream, whatever the token says
        stmtError(pipeline(catalogueUrl, jwt, "ATTACH \"" + rival.get("DbId").asText() + "\" AS x"), 0, "NOT_FOUND");
        // by name: the name means this organization's database
        allOk(pipeline(catalogueUrl, jwt, "ATTACH user1 AS userdb", JOIN));

        create("doomed", "CREATE TABLE t(x)");
        String doomed = id("doomed");
        allowAttach("doomed", true);
        String withDoomed = token("catalogue", "", "doomed");
        allOk(pipeline(catalogueUrl, withDoomed, "ATTACH doomed AS d"));
        ok(admin.delete("/v1/organizations/admin/databases/doomed"));
        stmtError(pipeline(catalogueUrl, withDoomed, "ATTACH \"" + doomed + "\" AS d"), 0, "NOT_FOUND");
        create("doomed", "CREATE TABLE t(x)"); // the name again, a new database: the old token's right was for the id
        allowAttach("doomed", true);
        stmtError(pipeline(catalogueUrl, withDoomed, "ATTACH doomed AS d"), 0, "FORBIDDEN");
    }

    @Test
    void aTargetWithBlockedReadsIsRefused() {
        create("blocked-user", "CREATE TABLE t(x)");
        ok(admin.patch("/v1/organizations/admin/databases/blocked-user/configuration",
                obj().put("allow_attach", true).put("block_reads", true)));
        stmtError(pipeline(catalogueUrl, token("catalogue", "", "blocked-user"), "ATTACH \"blocked-user\" AS b"),
                0, "BLOCKED");
    }

    @Test
    void attachingInASchemaDatabaseIsAMigrationError() {
        ok(admin.post("/v1/organizations/admin/databases", obj().put("name", "shop-schema").put("is_schema", true)));
        String url = url("shop-schema");
        JsonNode e = stmtError(pipeline(url, token("shop-schema", "", "user1"), "ATTACH user1 AS userdb"),
                0, "SCHEMA_MIGRATION_ERROR");
        assertThat(e.get("message").asText()).isEqualTo("Schema migration error: Error executing migration: ATTACH is not permitted in migration scripts");
    }

    @Test
    void tenAreAttachedAndTheEleventhIsRefusedWithTheLimit() {
        String[] names = new String[11];
        for (int i = 0; i < names.length; i++) {
            names[i] = "many-" + i;
            create(names[i], "CREATE TABLE t(x)", "INSERT INTO t VALUES (" + i + ")");
            allowAttach(names[i], true);
        }
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            sql.add("ATTACH \"" + names[i] + "\" AS a" + i);
        }
        sql.add("SELECT " + String.join(" + ", java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> "(SELECT x FROM a" + i + ".t)").toList()));
        HttpJson.Response r = pipeline(catalogueUrl, token("catalogue", "", names), sql.toArray(String[]::new));
        for (int i = 0; i < 10; i++) {
            assertThat(r.json().get("results").get(i).get("type").asText()).as("attach %d", i).isEqualTo("ok");
        }
        assertThat(stmtError(r, 10, "SQLITE_ERROR").get("message").asText()).contains("at most 10");
        assertThat(Hrana.single(r.json().get("results").get(11).get("response").get("result"))).isEqualTo(45L);
    }

    @Test
    void writesThroughTheAliasFailAsReadOnly() {
        String jwt = token("catalogue", "", "user1");
        for (String write : List.of("INSERT INTO userdb.user_preferences VALUES (9, 'x')",
                "UPDATE userdb.user_preferences SET user_id = 9", "DELETE FROM userdb.user_preferences",
                "CREATE TABLE userdb.planted(x)", "DROP TABLE userdb.user_preferences", "PRAGMA userdb.user_version = 7",
                "VACUUM userdb", "CREATE INDEX userdb.i ON user_preferences(user_id)")) {
            HttpJson.Response r = pipeline(catalogueUrl, jwt, "ATTACH user1 AS userdb", write);
            stmtError(r, 1, "SQLITE_READONLY");
        }
        stmtError(pipeline(catalogueUrl, jwt, "ATTACH user1 AS userdb", "VACUUM userdb INTO '/tmp/x.db'"), 1, "SQLITE_AUTH");
        stmtError(pipeline(catalogueUrl, jwt, "ATTACH user1 AS userdb", "PRAGMA userdb.journal_mode = DELETE"), 1,
                "SQLITE_AUTH");
        HttpJson.Response check = pipeline(url("user1"), token("user1", "", (String[]) null),
                "SELECT count(*) FROM user_preferences", "PRAGMA user_version", "SELECT count(*) FROM sqlite_schema");
        JsonNode results = allOk(check);
        assertThat(Hrana.single(results.get(0).get("response").get("result"))).isEqualTo(3L);
        assertThat(Hrana.single(results.get(1).get("response").get("result"))).isEqualTo(0L);
        assertThat(Hrana.single(results.get(2).get("response").get("result"))).isEqualTo(1L);
    }

    @Test
    void everyFileNameSpellingIsRefused() {
        String jwt = token("catalogue", "", "user1");
        Path file = dataDir.resolve("dbs").resolve(user1Id.substring(0, 2)).resolve(user1Id.substring(2, 4))
                .resolve(user1Id + ".db");
        for (String attach : List.of("ATTACH '" + file + "' AS userdb", "ATTACH 'file:" + file + "?mode=rw' AS userdb",
                "ATTACH \"" + file + "\" AS userdb", "ATTACH \"file:" + file + "\" AS userdb",
                "ATTACH 'user1' AS userdb", "ATTACH \"user1?mode=rw\" AS userdb", "ATTACH ':memory:' AS userdb",
                "ATTACH \"\" AS userdb", "ATTACH '' AS userdb", "ATTACH 'file:' || 'user1' AS userdb",
                "ATTACH (SELECT 'user1') AS userdb", "ATTACH ? AS userdb", "ATTACH user1 AS userdb KEY 'k'",
                "ATTACH \"" + dataDir.resolve("catalog.db") + "\" AS userdb", "ATTACH \"../catalog\" AS userdb")) {
            HttpJson.Response r = pipeline(catalogueUrl, jwt, attach, "SELECT count(*) FROM userdb.sqlite_schema");
            stmtError(r, 0, "SQLITE_AUTH");
            stmtError(r, 1, "SQLITE_ERROR");
        }
    }

    @Test
    void attachingItselfTheSameDatabaseTwiceAndDetachingMainAreRefused() {
        String jwt = token("catalogue", "", "user1", "catalogue");
        allowAttach("catalogue", true);
        try {
            HttpJson.Response r = pipeline(catalogueUrl, jwt, "ATTACH catalogue AS me", "ATTACH user1 AS a",
                    "ATTACH user1 AS b", "DETACH main", "DETACH a", "DETACH a", "ATTACH user1 AS a");
            assertThat(stmtError(r, 0, "SQLITE_AUTH").get("message").asText()).contains("attached to itself");
            assertThat(stmtError(r, 2, "SQLITE_AUTH").get("message").asText()).contains("already attached as a");
            stmtError(r, 3, "SQLITE_AUTH");
            assertThat(stmtError(r, 5, "SQLITE_ERROR").get("message").asText()).contains("no database is attached as a");
            assertThat(r.json().get("results").get(6).get("type").asText()).isEqualTo("ok");
        } finally {
            allowAttach("catalogue", false);
        }
    }

    @Test
    void theAttachmentLastsTheStreamAndNeverReachesTheNextOne() {
        String jwt = token("catalogue", "", "user1");
        String base = catalogueUrl + "/";
        PlatformHttp http = new PlatformHttp(base, jwt);
        JsonNode first = ok(http.post(base + "v2/pipeline", Hrana.pipelineBody(null, Hrana.execute("ATTACH user1 AS userdb"))));
        String baton = first.get("baton").asText();
        JsonNode second = ok(http.post(base + "v2/pipeline", Hrana.pipelineBody(baton, Hrana.execute(JOIN), Hrana.close())));
        assertThat(second.get("results").get(0).get("type").asText()).as("the stream keeps it across requests").isEqualTo("ok");
        for (int i = 0; i < 5; i++) { // later streams reuse pooled connections: none sees the alias
            HttpJson.Response r = pipeline(catalogueUrl, jwt, "SELECT count(*) FROM userdb.user_preferences",
                    "PRAGMA database_list");
            assertThat(stmtError(r, 0, "SQLITE_ERROR").get("message").asText()).contains("no such table");
            assertThat(r.json().get("results").get(1).get("response").get("result").get("rows")).hasSize(1);
        }
    }

    @Test
    void batchSequenceCursorAndInteractiveTransactionsCanAttach() {
        String jwt = token("catalogue", "", "user1");
        String base = catalogueUrl + "/";
        PlatformHttp http = new PlatformHttp(base, jwt);
        ObjectNode batch = Hrana.batch(Hrana.step("BEGIN"), Hrana.step(Hrana.ok(0), "ATTACH user1 AS userdb"),
                Hrana.step(Hrana.ok(1), JOIN), Hrana.step(Hrana.ok(2), "COMMIT"));
        JsonNode b = ok(http.post(base + "v2/pipeline", Hrana.pipelineBody(null, Hrana.batchRequest(batch), Hrana.close())));
        JsonNode stepResults = b.get("results").get(0).get("response").get("result").get("step_results");
        assertThat(Hrana.rows(stepResults.get(2))).hasSize(2);

        JsonNode s = ok(http.post(base + "v2/pipeline", Hrana.pipelineBody(null,
                Hrana.sequence("ATTACH user1 AS userdb; CREATE TEMP TABLE copy AS SELECT * FROM userdb.user_preferences;"),
                Hrana.execute("SELECT count(*) FROM temp.copy"), Hrana.close())));
        assertThat(Hrana.single(s.get("results").get(1).get("response").get("result"))).isEqualTo(3L);

        JsonNode tx = ok(http.post(base + "v2/pipeline", Hrana.pipelineBody(null, Hrana.execute("BEGIN"),
                Hrana.execute("ATTACH user1 AS userdb"), Hrana.execute(JOIN),
                Hrana.execute("INSERT INTO promotions SELECT interested_category, 1 FROM userdb.user_preferences WHERE user_id = 2"),
                Hrana.execute("ROLLBACK"), Hrana.execute("SELECT count(*) FROM promotions"), Hrana.close())));
        for (int i = 0; i < 6; i++) {
            assertThat(tx.get("results").get(i).get("type").asText()).as("step %d of %s", i, tx).isEqualTo("ok");
        }
        assertThat(Hrana.single(tx.get("results").get(5).get("response").get("result"))).isEqualTo(3L);

        HttpJson.Response cursor = http.post(base + "v3/cursor", Hrana.cursorBody(null, Hrana.batch(
                Hrana.step("ATTACH user1 AS userdb"), Hrana.step(JOIN))));
        assertThat(cursor.status()).isEqualTo(200);
        assertThat(cursor.body()).contains("\"games\"").doesNotContain("\"error\"");
    }

    // --- helpers

    private static String create(String name, String... sql) {
        ok(admin.post("/v1/organizations/admin/databases", obj().put("name", name)));
        if (sql.length > 0) {
            allOk(pipeline(url(name), token(name, "", (String[]) null), sql));
        }
        return url(name);
    }

    private static String url(String name) {
        return "http://" + ok(admin.get("/v1/organizations/admin/databases/" + name)).get("database").get("Hostname").asText();
    }

    private static String id(String name) {
        return ok(admin.get("/v1/organizations/admin/databases/" + name)).get("database").get("DbId").asText();
    }

    private static void allowAttach(String name, boolean allow) {
        ok(admin.patch("/v1/organizations/admin/databases/" + name + "/configuration", obj().put("allow_attach", allow)));
    }

    private static ObjectNode attachBody(String... attach) {
        ObjectNode body = obj();
        if (attach != null) {
            var dbs = body.putObject("permissions").putObject("read_attach").putArray("databases");
            for (String a : attach) {
                dbs.add(a);
            }
        }
        return body;
    }

    /** A database token for {@code db}; {@code attach} lists the databases it may ATTACH (null: none). */
    private static String token(String db, String query, String... attach) {
        return ok(admin.post("/v1/organizations/admin/databases/" + db + "/auth/tokens" + query, attachBody(attach)))
                .get("jwt").asText();
    }
}

package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST …/databases/{schema}/migrations/plan}: a migration dry-run on the schema database and
 * every child says which children would fail and why, and changes nothing — no index, no job, no
 * version, no write block left behind.
 */
class MigrationPlanTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static final HttpJson http = new HttpJson();
    static PlatformClient platform;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0));
        platform = new PlatformClient(http, server.url(), "admin");
        platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "plan-schema").put("is_schema", true));
        db("plan-schema").executeOnce("CREATE TABLE users (email TEXT)");
        for (String kid : List.of("plan-a", "plan-b", "plan-dup")) {
            platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", kid).put("schema", "plan-schema"));
        }
        db("plan-dup").executeOnce("INSERT INTO users VALUES ('a@x'), ('a@x')");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HranaClient db(String name) {
        return new HranaClient(http, server.url() + "/db/admin/" + name + "/");
    }

    private static HttpJson.Response plan(String database, String sql) {
        return http.post(server.url() + "/v1/organizations/admin/databases/" + database + "/migrations/plan",
                HttpJson.MAPPER.createObjectNode().put("sql", sql));
    }

    @Test
    void namesTheChildrenThatWouldFailAndChangesNothing() {
        int jobsBefore = http.get(db("plan-schema").url("v1/jobs")).json().get("migrations").size();
        Object version = db("plan-schema").queryValue("PRAGMA user_version");

        HttpJson.Response r = plan("plan-schema", "CREATE UNIQUE INDEX users_email ON users(email)");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("schema").asText()).isEqualTo("plan-schema");
        assertThat(p.get("would_succeed").asBoolean()).isFalse();
        assertThat(p.get("schema_error").isNull()).isTrue();
        assertThat(p.get("children").asInt()).isEqualTo(3);
        assertThat(p.get("would_fail").asInt()).isEqualTo(1);
        assertThat(p.get("failures")).hasSize(1);
        assertThat(p.get("failures").get(0).get("database").asText()).isEqualTo("plan-dup");
        assertThat(p.get("failures").get(0).get("error").asText()).isEqualTo("UNIQUE constraint failed: users.email");

        for (String name : List.of("plan-schema", "plan-a", "plan-b", "plan-dup")) {
            HranaClient d = db(name);
            assertThat(d.queryValue("SELECT count(*) FROM sqlite_schema WHERE name = 'users_email'")).as(name)
                    .isEqualTo(0L);
            assertThat(d.queryValue("PRAGMA user_version")).as(name).isEqualTo(version);
        }
        db("plan-a").executeOnce("INSERT INTO users VALUES ('no write block left behind')");
        assertThat(http.get(db("plan-schema").url("v1/jobs")).json().get("migrations")).hasSize(jobsBefore);

        JsonNode fine = plan("plan-schema", "ALTER TABLE users ADD COLUMN phone TEXT; CREATE TABLE dm (x)").json();
        assertThat(fine.get("would_succeed").asBoolean()).isTrue();
        assertThat(fine.get("would_fail").asInt()).isZero();
        assertThat(db("plan-a").query("SELECT name FROM pragma_table_info('users')")).containsExactly(List.of("email"));
    }

    @Test
    void whatTheSchemaDatabaseRefusesIsItsErrorAndNoChildIsTried() {
        for (String sql : List.of("CREATE TABLE users (again)", "PRAGMA user_version = 42",
                "ATTACH DATABASE 'x.db' AS x")) {
            JsonNode p = plan("plan-schema", sql).json();
            assertThat(p.get("would_succeed").asBoolean()).as(sql).isFalse();
            assertThat(p.get("schema_error").asText()).as(sql).isNotBlank();
            assertThat(p.get("children").asInt()).as(sql).isZero();
        }
        assertThat(plan("plan-schema", "CREATE TABLE users (again)").json().get("schema_error").asText())
                .contains("table users already exists");
    }

    @Test
    void badRequestsGetClearErrors() {
        HttpJson.Response regular = plan("plan-a", "CREATE TABLE t (x)");
        assertThat(regular.status()).isEqualTo(400);
        assertThat(regular.json().get("error").asText())
                .isEqualTo("database plan-a is not a schema database: only a schema database's migrations can be planned");
        HttpJson.Response empty = plan("plan-schema", "  -- nothing\n");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error").asText()).isEqualTo("the SQL contains no statement");
        HttpJson.Response tx = plan("plan-schema", "BEGIN; CREATE TABLE t (x); COMMIT");
        assertThat(tx.status()).isEqualTo(400);
        assertThat(tx.json().get("error").asText()).isEqualTo("the SQL runs in one transaction of its own: "
                + "leave out `BEGIN`");
        HttpJson.Response missing = http.post(server.url()
                + "/v1/organizations/admin/databases/plan-schema/migrations/plan", HttpJson.MAPPER.createObjectNode());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).isEqualTo("`sql` is required: the migration to plan");
        assertThat(plan("no-such-db", "SELECT 1").status()).isEqualTo(404);
    }
}

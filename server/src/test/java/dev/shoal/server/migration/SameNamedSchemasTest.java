package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children are linked to their schema database by id: two organizations each with a schema
 * database called {@code twin-schema} keep their families apart in listings, migrations and the
 * refusal to delete a schema database that still has children.
 */
class SameNamedSchemasTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static HttpJson http = new HttpJson();
    static PlatformClient admin;
    static PlatformClient team;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0));
        HttpJson.Response org = http.post(server.url() + "/v1/organizations", Map.of("name", "twin-team"));
        assertThat(org.status()).as(org.toString()).isEqualTo(200);
        admin = new PlatformClient(http, server.url(), "admin");
        team = new PlatformClient(http, server.url(), "twin-team");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sameNamedSchemaDatabasesInTwoOrganizationsKeepTheirOwnChildren() {
        create(admin, Map.of("name", "twin-schema", "is_schema", true)).executeOnce("CREATE TABLE t (x)");
        create(team, Map.of("name", "twin-schema", "is_schema", true)).executeOnce("CREATE TABLE u (y)");
        HranaClient a1 = create(admin, Map.of("name", "a1", "schema", "twin-schema"));
        HranaClient a2 = create(admin, Map.of("name", "a2", "schema", "twin-schema"));
        HranaClient b1 = create(team, Map.of("name", "b1", "schema", "twin-schema"));

        assertThat(children(admin, "twin-schema")).containsExactly("a1", "a2");
        assertThat(children(team, "twin-schema")).containsExactly("b1");
        assertThat(children(admin, "no-such-schema")).isEmpty();
        assertThat(children(admin, "a1")).as("a child has no children").isEmpty();
        assertThat(admin.get("b1").status()).isEqualTo(404);
        for (PlatformClient org : List.of(admin, team)) {
            for (JsonNode d : ok(org.list()).get("databases")) {
                boolean child = List.of("a1", "a2", "b1").contains(d.get("Name").asText());
                assertThat(d.get("schema").asText()).as(d.toString()).isEqualTo(child ? "twin-schema" : "");
            }
        }

        createAt(admin, "twin-schema").executeOnce("ALTER TABLE t ADD COLUMN z");
        assertThat(tables(a1)).containsExactly("t");
        assertThat(columns(a2, "t")).containsExactly("x", "z");
        assertThat(tables(b1)).as("the other organization's family").containsExactly("u");

        refusedDelete(admin, "schema database twin-schema still has 2 child databases (e.g. a1); delete them first");
        refusedDelete(team, "schema database twin-schema still has 1 child database (e.g. b1); delete them first");
        assertThat(team.delete("b1").status()).isEqualTo(200);
        assertThat(team.delete("twin-schema").status()).isEqualTo(200);
        assertThat(children(admin, "twin-schema")).containsExactly("a1", "a2");
        refusedDelete(admin, "schema database twin-schema still has 2 child databases (e.g. a1); delete them first");
    }

    private static HranaClient create(PlatformClient org, Map<String, Object> body) {
        HttpJson.Response r = org.createRaw(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new HranaClient(http, PlatformClient.urlOf(r.json().get("database")));
    }

    private static HranaClient createAt(PlatformClient org, String name) {
        return new HranaClient(http, PlatformClient.urlOf(ok(org.get(name)).get("database")));
    }

    private static List<String> children(PlatformClient org, String schema) {
        List<String> out = new ArrayList<>();
        ok(http.get(org.databasesUrl() + "?schema=" + schema)).get("databases").forEach(d -> out.add(d.get("Name").asText()));
        return out;
    }

    private static void refusedDelete(PlatformClient org, String message) {
        HttpJson.Response r = org.delete("twin-schema");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo(message);
    }

    private static List<String> tables(HranaClient db) {
        return db.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private static List<String> columns(HranaClient db, String table) {
        return db.query("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private static JsonNode ok(HttpJson.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}

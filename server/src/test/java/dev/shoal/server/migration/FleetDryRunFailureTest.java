package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data-dependent migration that fails on one child of fifty: Drizzle's table rebuild making a
 * column NOT NULL while one workspace holds a NULL there. Nothing changes anywhere — not the
 * forty-nine children it would have worked on, not the parent — the caller gets the real error
 * naming the child, the job keeps each child's own outcome, and every child takes writes again.
 */
class FleetDryRunFailureTest {
    private static final int CHILDREN = 50;
    private static final String BAD = "fleet-37";

    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static final HttpJson http = new HttpJson();

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HranaClient db(String name) {
        return new HranaClient(http, server.url() + "/db/admin/" + name + "/");
    }

    @Test
    void aNotNullRebuildFailingOnOneOfFiftyChildrenChangesNothingAnywhere() {
        PlatformClient platform = new PlatformClient(http, server.url(), "admin");
        platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "fleet-schema").put("is_schema", true));
        HranaClient parent = db("fleet-schema");
        parent.executeOnce("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            String name = String.format("fleet-%02d", i);
            platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", name).put("schema", "fleet-schema"));
            db(name).executeOnce("INSERT INTO users (name) VALUES ('" + name + "')");
            names.add(name);
        }
        db(BAD).executeOnce("INSERT INTO users (name) VALUES (NULL)");
        Map<String, Object> schemaBefore = new HashMap<>();
        for (String n : names) {
            schemaBefore.put(n, db(n).query("SELECT sql FROM sqlite_schema ORDER BY name"));
        }
        Object parentSchema = parent.query("SELECT sql FROM sqlite_schema ORDER BY name");
        Object version = parent.queryValue("PRAGMA user_version");

        JsonNode result = parent.v2(null, Hrana.execute("BEGIN"),
                Hrana.execute("CREATE TABLE __new_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
                Hrana.execute("INSERT INTO __new_users (id, name) SELECT id, name FROM users"),
                Hrana.execute("DROP TABLE users"), Hrana.execute("ALTER TABLE __new_users RENAME TO users"),
                Hrana.execute("COMMIT"), Hrana.close()).json();
        JsonNode commit = result.get("results").get(5);
        assertThat(commit.get("type").asText()).isEqualTo("error");
        assertThat(commit.get("error").get("code").asText()).isEqualTo("SCHEMA_MIGRATION_ERROR");
        assertThat(commit.get("error").get("message").asText()).isEqualTo("migration dry run failed on database "
                + BAD + ": NOT NULL constraint failed: __new_users.name");

        assertThat(parent.query("SELECT sql FROM sqlite_schema ORDER BY name")).isEqualTo(parentSchema);
        assertThat(parent.queryValue("PRAGMA user_version")).isEqualTo(version);
        for (String n : names) {
            HranaClient child = db(n);
            assertThat(child.query("SELECT sql FROM sqlite_schema ORDER BY name")).as(n).isEqualTo(schemaBefore.get(n));
            assertThat(child.queryValue("PRAGMA user_version")).as(n).isEqualTo(version);
            child.executeOnce("INSERT INTO users (name) VALUES ('writes again')"); // unblocked
        }

        JsonNode newest = http.get(parent.url("v1/jobs")).json().get("migrations").get(0);
        assertThat(newest.get("status").asText()).isEqualTo("DryRunFailure");
        JsonNode detail = http.get(parent.url("v1/jobs/" + newest.get("job_id").asLong())).json();
        assertThat(detail.get("failed").asInt()).isEqualTo(1);
        assertThat(detail.get("progress")).hasSize(CHILDREN);
        for (JsonNode task : detail.get("progress")) {
            if (task.get("namespace").asText().equals(BAD)) {
                assertThat(task.get("status").asText()).isEqualTo("DryRunFailure");
                assertThat(task.get("error").asText()).isEqualTo("NOT NULL constraint failed: __new_users.name");
            } else {
                assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("DryRunSuccess");
                assertThat(task.get("error").isNull()).as(task.toString()).isTrue();
            }
        }
    }
}

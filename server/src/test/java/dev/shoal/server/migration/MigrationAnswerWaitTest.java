package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration that outlasts the server's answer wait: the request is answered with the job's id
 * while the job goes on, and the job finishes by itself — every child, then the schema database.
 */
class MigrationAnswerWaitTest {
    @TempDir
    Path dataDir;

    @Test
    void aSlowMigrationIsAnsweredWithItsJobAndFinishesByItself() throws Exception {
        ServerConfig config = ServerConfig.dev(dataDir, 0).withMigrationAnswerWait(Duration.ofMillis(500));
        try (ShoalServer server = ShoalServer.start(config)) {
            HttpJson http = new HttpJson();
            PlatformClient p = new PlatformClient(http, server.url(), "admin");
            p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "wait-schema").put("is_schema", true));
            HranaClient parent = new HranaClient(http, server.url() + "/db/admin/wait-schema/");
            parent.executeOnce("CREATE TABLE t (x)");
            p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "wait-kid").put("schema", "wait-schema"));
            HranaClient kid = new HranaClient(http, server.url() + "/db/admin/wait-kid/");
            HranaClient.Stream holder = kid.stream();
            holder.execute("BEGIN IMMEDIATE");
            holder.execute("INSERT INTO t VALUES (1)"); // the job's dry run on wait-kid waits for this

            JsonNode err = parent.stream().executeError("ALTER TABLE t ADD COLUMN y");
            assertThat(err.get("code").asText()).isEqualTo("SCHEMA_MIGRATION_ERROR");
            assertThat(err.get("message").asText()).matches("migration job \\d+ of wait-schema is still running after 500 ms; "
                    + "it goes on and finishes by itself \\(the schema database last\\): follow it at GET /v1/jobs/\\d+");

            holder.execute("COMMIT");
            holder.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!http.get(parent.url("v1/jobs")).json().get("migrations").get(0).get("status").asText()
                    .equals("RunSuccess") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (HranaClient db : List.of(parent, kid)) {
                assertThat(db.query("SELECT name FROM pragma_table_info('t') ORDER BY cid"))
                        .containsExactly(List.of("x"), List.of("y"));
            }
            assertThat(kid.queryValue("PRAGMA user_version")).isEqualTo(parent.queryValue("PRAGMA user_version"));
            parent.executeOnce("INSERT INTO t VALUES (2, 'next migration')"); // the family lock was released
        }
    }
}

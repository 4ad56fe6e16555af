package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A staged job waiting for its promote, and a paused job, keep their state across a restart and then finish. */
class ControlledJobRestartTest {
    @TempDir
    Path dataDir;

    private static String api(ShoalServer s, String rest) {
        return s.url() + "/v1/organizations/admin/databases/" + rest;
    }

    private static HranaClient db(ShoalServer s, String name) {
        return new HranaClient(new HttpJson(), s.url() + "/db/admin/" + name + "/");
    }

    /** {@code rs-schema} with {@code t(x)} and these children; returns the family's version. */
    private static long family(ShoalServer s, String... kids) {
        PlatformClient p = new PlatformClient(new HttpJson(), s.url(), "admin");
        p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "rs-schema").put("is_schema", true));
        db(s, "rs-schema").executeOnce("CREATE TABLE t (x)");
        for (String kid : kids) {
            p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", kid).put("schema", "rs-schema"));
        }
        return (Long) db(s, "rs-schema").queryValue("PRAGMA user_version");
    }

    private static JsonNode awaitStatus(ShoalServer s, long id, String status) throws InterruptedException {
        HttpJson http = new HttpJson();
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode j = http.get(api(s, "rs-schema/jobs/" + id)).json();
        while (!j.get("status").asText().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            j = http.get(api(s, "rs-schema/jobs/" + id)).json();
        }
        assertThat(j.get("status").asText()).as(j.toString()).isEqualTo(status);
        return j;
    }

    @Test
    void aStagedJobWaitingForItsPromoteKeepsWaitingAfterARestart() throws Exception {
        long id;
        long v;
        try (ShoalServer s = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            v = family(s, "rs-a", "rs-b", "rs-c");
            ObjectNode body = HttpJson.MAPPER.createObjectNode().put("sql", "ALTER TABLE t ADD COLUMN y");
            body.putObject("first_wave").putArray("databases").add("rs-b");
            id = new HttpJson().post(api(s, "rs-schema/migrations"), body).json().get("job_id").asLong();
            awaitStatus(s, id, "WaitingPromote");
        }
        try (ShoalServer s = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            awaitStatus(s, id, "WaitingPromote");
            db(s, "rs-a").executeOnce("INSERT INTO t VALUES (1)"); // nobody is write-blocked while it waits
            assertThat(db(s, "rs-b").queryValue("PRAGMA user_version")).isEqualTo(v + 1);
            HttpJson http = new HttpJson();
            assertThat(http.post(api(s, "rs-schema/jobs/" + id + "/pause"), HttpJson.MAPPER.createObjectNode()).status())
                    .isEqualTo(400);
            assertThat(http.post(api(s, "rs-schema/jobs/" + id + "/promote"), HttpJson.MAPPER.createObjectNode())
                    .status()).isEqualTo(200);
            awaitStatus(s, id, "RunSuccess");
            for (String name : List.of("rs-schema", "rs-a", "rs-b", "rs-c")) {
                assertThat(db(s, name).queryValue("PRAGMA user_version")).as(name).isEqualTo(v + 1);
            }
        }
    }

    @Test
    void aPausedJobStaysPausedAcrossARestartAndFinishesWhenResumed() throws Exception {
        long id;
        long v;
        try (ShoalServer s = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            v = family(s, "rs-a", "rs-b");
            HranaClient.Stream holder = db(s, "rs-b").stream(); // holds the job at rs-b's dry run
            holder.execute("BEGIN IMMEDIATE");
            holder.execute("INSERT INTO t VALUES (1)");
            HttpJson http = new HttpJson();
            id = http.post(api(s, "rs-schema/migrations"), HttpJson.MAPPER.createObjectNode()
                    .put("sql", "ALTER TABLE t ADD COLUMN y")).json().get("job_id").asLong();
            var paused = java.util.concurrent.CompletableFuture.supplyAsync(() -> http.post(api(s, "rs-schema/jobs/"
                    + id + "/pause"), HttpJson.MAPPER.createObjectNode()));
            Thread.sleep(200);
            holder.execute("ROLLBACK");
            holder.close();
            assertThat(paused.get(30, java.util.concurrent.TimeUnit.SECONDS).json().get("status").asText())
                    .isEqualTo("Paused");
        }
        try (ShoalServer s = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            awaitStatus(s, id, "Paused");
            db(s, "rs-a").executeOnce("INSERT INTO t VALUES (2)"); // a paused job blocks nobody, after a restart too
            HttpJson http = new HttpJson();
            assertThat(http.post(api(s, "rs-schema/jobs/" + id + "/resume"), HttpJson.MAPPER.createObjectNode())
                    .status()).isEqualTo(200);
            awaitStatus(s, id, "RunSuccess");
            for (String name : List.of("rs-schema", "rs-a", "rs-b")) {
                assertThat(db(s, name).queryValue("PRAGMA user_version")).as(name).isEqualTo(v + 1);
                assertThat(db(s, name).query("SELECT name FROM pragma_table_info('t')")).as(name).hasSize(2);
            }
        }
    }
}

package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST …/jobs/{id}/retry}: a job that failed while applying — one child migrated, the
 * others and the schema database not — is finished by a retry, and no database gets the data
 * migration twice. A job that did not fail while applying is refused.
 */
class MigrationRetryTest {
    @TempDir
    Path dataDir;

    private static HranaClient db(ShoalServer s, String name) {
        return new HranaClient(new HttpJson(), s.url() + "/db/admin/" + name + "/");
    }

    @Test
    void aRunFailureIsFinishedByARetryExactlyOnce() throws Exception {
        String schemaId;
        long version;
        try (ShoalServer first = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            PlatformClient p = new PlatformClient(new HttpJson(), first.url(), "admin");
            schemaId = p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "retry-schema").put("is_schema", true))
                    .json().get("database").get("DbId").asText();
            db(first, "retry-schema").executeOnce("CREATE TABLE t (x INTEGER)");
            for (String c : List.of("retry-a", "retry-b", "retry-c")) {
                p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", c).put("schema", "retry-schema"));
            }
            version = (Long) db(first, "retry-schema").queryValue("PRAGMA user_version") + 1;
        }
        // What a failure after good dry runs leaves: the job RunFailure, retry-a migrated, the rest not.
        String program = "{\"v\":1,\"foreign_keys\":false,\"statements\":[{\"sql\":\"INSERT INTO t VALUES (?)\","
                + "\"args\":[{\"type\":\"integer\",\"value\":\"42\"}],\"named\":[]}]}";
        long jobId;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog.db"))) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration_jobs(schema_id, version, status, "
                    + "program, children, failed, error, created_at, finished_at) VALUES (?, ?, 'RunFailure', ?, 3, 2, "
                    + "'migration failed on database retry-b after every dry run passed: disk I/O error', ?, ?)")) {
                ps.setString(1, schemaId);
                ps.setLong(2, version);
                ps.setString(3, program);
                ps.setString(4, Instant.now().toString());
                ps.setString(5, Instant.now().toString());
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT max(id) FROM migration_jobs")) {
                rs.next();
                jobId = rs.getLong(1);
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fileOf(childId("retry-a")));
                Statement st = c.createStatement()) {
            st.executeUpdate("BEGIN; INSERT INTO t VALUES (42); PRAGMA user_version = " + version + "; COMMIT;");
        }
        try (ShoalServer second = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            HttpJson http = new HttpJson();
            String jobs = second.url() + "/v1/organizations/admin/databases/retry-schema/jobs/";
            HttpJson.Response r = http.post(jobs + jobId + "/retry", HttpJson.MAPPER.createObjectNode());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!http.get(jobs + jobId).json().get("status").asText().equals("RunSuccess")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(http.get(jobs + jobId).json().get("status").asText()).isEqualTo("RunSuccess");
            for (String name : List.of("retry-schema", "retry-a", "retry-b", "retry-c")) {
                HranaClient d = db(second, name);
                assertThat(d.query("SELECT x FROM t")).as(name).containsExactly(List.of(42L));
                assertThat(d.queryValue("PRAGMA user_version")).as(name).isEqualTo(version);
            }
            db(second, "retry-b").executeOnce("INSERT INTO t VALUES (1)"); // unblocked

            HttpJson.Response again = http.post(jobs + jobId + "/retry", HttpJson.MAPPER.createObjectNode());
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.json().get("error").asText()).isEqualTo("only a job that failed while applying "
                    + "(RunFailure) can be retried; job " + jobId + " is RunSuccess");
            assertThat(http.post(jobs + "999999/retry", HttpJson.MAPPER.createObjectNode()).status()).isEqualTo(404);
        }
    }

    private String childId(String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog.db"));
                PreparedStatement ps = c.prepareStatement("SELECT id FROM databases WHERE name = ?")) {
            ps.setString(1, name);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    private Path fileOf(String id) throws Exception {
        try (Stream<Path> walk = Files.walk(dataDir.resolve("dbs"))) {
            return walk.filter(p -> p.getFileName().toString().equals(id + ".db")).findFirst().orElseThrow();
        }
    }
}

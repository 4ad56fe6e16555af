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
 * A job interrupted by a crash — its record in the catalog, some children migrated, the schema
 * database not — is finished at the next start, and no database gets the migration twice (a
 * data migration would show a second row).
 */
class MigrationResumeTest {
    @TempDir
    Path dataDir;

    private static HranaClient db(ShoalServer s, String name) {
        return new HranaClient(new HttpJson(), s.url() + "/db/admin/" + name + "/");
    }

    @Test
    void anInterruptedDataMigrationFinishesOnRestartExactlyOnce() throws Exception {
        String schemaId;
        long version;
        try (ShoalServer first = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            PlatformClient p = new PlatformClient(new HttpJson(), first.url(), "admin");
            schemaId = p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "crash-schema").put("is_schema", true))
                    .json().get("database").get("DbId").asText();
            db(first, "crash-schema").executeOnce("CREATE TABLE t (x INTEGER)");
            for (String c : List.of("crash-a", "crash-b", "crash-c")) {
                p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", c).put("schema", "crash-schema"));
            }
            version = (Long) db(first, "crash-schema").queryValue("PRAGMA user_version") + 1;
        }
        // What a crash leaves: the job recorded as applying, crash-a already migrated, the rest not.
        String program = "{\"v\":1,\"foreign_keys\":false,\"statements\":[{\"sql\":\"INSERT INTO t VALUES (?)\","
                + "\"args\":[{\"type\":\"integer\",\"value\":\"42\"}],\"named\":[]}]}";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog.db"));
                PreparedStatement ps = c.prepareStatement("INSERT INTO migration_jobs(schema_id, version, status, "
                        + "program, children, created_at) VALUES (?, ?, 'WaitingRun', ?, 3, ?)")) {
            ps.setString(1, schemaId);
            ps.setLong(2, version);
            ps.setString(3, program);
            ps.setString(4, Instant.now().toString());
            ps.executeUpdate();
        }
        String childA = childId("crash-a");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fileOf(childA)); Statement st = c.createStatement()) {
            st.executeUpdate("BEGIN; INSERT INTO t VALUES (42); PRAGMA user_version = " + version + "; COMMIT;");
        }
        try (ShoalServer second = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            HranaClient schema = db(second, "crash-schema");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((Long) schema.queryValue("PRAGMA user_version") < version && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (String name : List.of("crash-schema", "crash-a", "crash-b", "crash-c")) {
                HranaClient d = db(second, name);
                assertThat(d.query("SELECT x FROM t")).as(name).containsExactly(List.of(42L));
                assertThat(d.queryValue("PRAGMA user_version")).as(name).isEqualTo(version);
            }
            assertThat(new HttpJson().get(schema.url("v1/jobs")).json().get("migrations").get(0).get("status").asText())
                    .isEqualTo("RunSuccess");
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

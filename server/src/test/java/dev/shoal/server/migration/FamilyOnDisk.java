package dev.shoal.server.migration;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * A schema family made through a real server, then left on disk for a test to put into a state
 * only a crash or a failure leaves — a job row written straight into the catalog, a child migrated
 * by hand — before the next server starts on it.
 */
final class FamilyOnDisk {
    /** A data migration's recorded program: {@code INSERT INTO t VALUES (42)}; a second apply shows as a second row. */
    static final String INSERT_42 = "{\"v\":1,\"foreign_keys\":false,\"statements\":[{\"sql\":\"INSERT INTO t VALUES (?)\","
            + "\"args\":[{\"type\":\"integer\",\"value\":\"42\"}],\"named\":[]}]}";

    final Path dataDir;
    final String schemaId;
    /** The version the family reaches with the next migration. */
    final long nextVersion;

    private FamilyOnDisk(Path dataDir, String schemaId, long nextVersion) {
        this.dataDir = dataDir;
        this.schemaId = schemaId;
        this.nextVersion = nextVersion;
    }

    static HranaClient db(ShoalServer s, String name) {
        return new HranaClient(new HttpJson(), s.url() + "/db/admin/" + name + "/");
    }

    /** A server on {@code dataDir} makes {@code schema} with {@code CREATE TABLE t (x INTEGER)} and the children, then stops. */
    static FamilyOnDisk create(Path dataDir, String schema, String... children) {
        try (ShoalServer s = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            PlatformClient p = new PlatformClient(new HttpJson(), s.url(), "admin");
            String id = p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", schema).put("is_schema", true))
                    .json().get("database").get("DbId").asText();
            db(s, schema).executeOnce("CREATE TABLE t (x INTEGER)");
            for (String c : children) {
                p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", c).put("schema", schema));
            }
            return new FamilyOnDisk(dataDir, id, (Long) db(s, schema).queryValue("PRAGMA user_version") + 1);
        }
    }

    /**
     * Writes a job of the next version with {@link #INSERT_42} into the catalog; returns its id.
     *
     * @param error the job's error, for a job that ended ({@code finished_at} is then set); null for one still running
     */
    long insertJob(String status, int failed, String error) throws Exception {
        String now = Instant.now().toString();
        try (Connection c = catalog()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration_jobs(schema_id, version, status, "
                    + "program, children, failed, error, created_at, finished_at) VALUES (?, ?, ?, ?, 3, ?, ?, ?, ?)")) {
                ps.setString(1, schemaId);
                ps.setLong(2, nextVersion);
                ps.setString(3, status);
                ps.setString(4, INSERT_42);
                ps.setInt(5, failed);
                ps.setString(6, error);
                ps.setString(7, now);
                ps.setString(8, error == null ? null : now);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(id) FROM migration_jobs")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Applies {@link #INSERT_42} to a child by hand, with its version, as a task that committed would have. */
    void migrateByHand(String child) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fileOf(idOf(child)));
                Statement st = c.createStatement()) {
            st.executeUpdate("BEGIN; INSERT INTO t VALUES (42); PRAGMA user_version = " + nextVersion + "; COMMIT;");
        }
    }

    String idOf(String name) throws Exception {
        try (Connection c = catalog(); PreparedStatement ps = c.prepareStatement("SELECT id FROM databases WHERE name = ?")) {
            ps.setString(1, name);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    Path fileOf(String id) throws Exception {
        try (Stream<Path> walk = Files.walk(dataDir.resolve("dbs"))) {
            return walk.filter(p -> p.getFileName().toString().equals(id + ".db")).findFirst().orElseThrow();
        }
    }

    private Connection catalog() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("catalog.db"));
    }
}

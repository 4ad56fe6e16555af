package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET …/databases/{schema}/schema/check}: a child restored from an old copy is found behind,
 * one edited offline is found to differ, the rest are in sync; nothing is changed.
 */
class SchemaDriftTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path backups;

    private ShoalServer start() {
        return ShoalServer.start(ServerConfig.dev(dataDir, 0));
    }

    private static HranaClient db(ShoalServer s, String name) {
        return new HranaClient(new HttpJson(), s.url() + "/db/admin/" + name + "/");
    }

    private static JsonNode check(ShoalServer s, String schema) {
        HttpJson.Response r = new HttpJson().get(s.url() + "/v1/organizations/admin/databases/" + schema + "/schema/check");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aChildRestoredFromAnOldCopyIsBehindAndOneEditedOfflineDiffers() throws Exception {
        String oldId;
        String editedId;
        try (ShoalServer s = start()) {
            PlatformClient p = new PlatformClient(new HttpJson(), s.url(), "admin");
            p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "drift-schema").put("is_schema", true));
            db(s, "drift-schema").executeOnce("CREATE TABLE t (x)");
            for (String kid : new String[] {"drift-a", "drift-old", "drift-edited"}) {
                p.createRaw(HttpJson.MAPPER.createObjectNode().put("name", kid).put("schema", "drift-schema"));
            }
            JsonNode clean = check(s, "drift-schema");
            assertThat(clean.get("children").asInt()).isEqualTo(3);
            assertThat(clean.get("drifted").asInt()).isZero();
            oldId = p.get("drift-old").json().get("database").get("DbId").asText();
            editedId = p.get("drift-edited").json().get("database").get("DbId").asText();
        }
        Files.copy(fileOf(oldId), backups.resolve("old.db")); // a backup taken before the next migration
        try (ShoalServer s = start()) {
            db(s, "drift-schema").executeOnce("ALTER TABLE t ADD COLUMN y");
        }
        Files.copy(backups.resolve("old.db"), fileOf(oldId), StandardCopyOption.REPLACE_EXISTING); // restored
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fileOf(editedId)); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE added_by_hand (z)"); // edited offline, version untouched
        }
        try (ShoalServer s = start()) {
            Object version = db(s, "drift-schema").queryValue("PRAGMA user_version");
            JsonNode r = check(s, "drift-schema");
            assertThat(r.get("version").asLong()).isEqualTo((Long) version);
            assertThat(r.get("children").asInt()).isEqualTo(3);
            assertThat(r.get("in_sync").asInt()).isEqualTo(1);
            assertThat(r.get("drifted").asInt()).isEqualTo(2);
            JsonNode edited = r.get("differences").get(0);
            assertThat(edited.get("database").asText()).isEqualTo("drift-edited");
            assertThat(edited.get("state").asText()).isEqualTo("differs");
            JsonNode old = r.get("differences").get(1);
            assertThat(old.get("database").asText()).isEqualTo("drift-old");
            assertThat(old.get("state").asText()).isEqualTo("behind");
            assertThat(old.get("detail").asText()).isEqualTo("at version " + ((Long) version - 1) + " of " + version);
            assertThat(db(s, "drift-old").query("SELECT name FROM pragma_table_info('t')")).hasSize(1); // unchanged

            HttpJson.Response regular = new HttpJson().get(s.url()
                    + "/v1/organizations/admin/databases/drift-a/schema/check");
            assertThat(regular.status()).isEqualTo(400);
            assertThat(regular.json().get("error").asText())
                    .isEqualTo("database drift-a is not a schema database: only a schema family can drift");
        }
    }

    private Path fileOf(String id) throws Exception {
        try (Stream<Path> walk = Files.walk(dataDir.resolve("dbs"))) {
            return walk.filter(f -> f.getFileName().toString().equals(id + ".db")).findFirst().orElseThrow();
        }
    }
}

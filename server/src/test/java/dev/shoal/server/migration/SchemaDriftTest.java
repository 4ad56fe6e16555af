package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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

    private static JsonNode check(ShoalServer s, String schema) {
        HttpJson.Response r = new HttpJson().get(s.url() + "/v1/organizations/admin/databases/" + schema + "/schema/check");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aChildRestoredFromAnOldCopyIsBehindAndOneEditedOfflineDiffers() throws Exception {
        FamilyOnDisk family = FamilyOnDisk.create(dataDir, "drift-schema", "drift-a", "drift-old", "drift-edited");
        try (ShoalServer s = start()) {
            JsonNode clean = check(s, "drift-schema");
            assertThat(clean.get("children").asInt()).isEqualTo(3);
            assertThat(clean.get("drifted").asInt()).isZero();
        }
        Path oldFile = family.fileOf(family.idOf("drift-old"));
        Path editedFile = family.fileOf(family.idOf("drift-edited"));
        Files.copy(oldFile, backups.resolve("old.db")); // a backup taken before the next migration
        try (ShoalServer s = start()) {
            FamilyOnDisk.db(s, "drift-schema").executeOnce("ALTER TABLE t ADD COLUMN y");
        }
        Files.copy(backups.resolve("old.db"), oldFile, StandardCopyOption.REPLACE_EXISTING); // restored
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + editedFile); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE added_by_hand (z)"); // edited offline, version untouched
        }
        try (ShoalServer s = start()) {
            Object version = FamilyOnDisk.db(s, "drift-schema").queryValue("PRAGMA user_version");
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
            assertThat(FamilyOnDisk.db(s, "drift-old").query("SELECT name FROM pragma_table_info('t')")).hasSize(1); // unchanged

            HttpJson.Response regular = new HttpJson().get(s.url()
                    + "/v1/organizations/admin/databases/drift-a/schema/check");
            assertThat(regular.status()).isEqualTo(400);
            assertThat(regular.json().get("error").asText())
                    .isEqualTo("database drift-a is not a schema database: only a schema family can drift");
        }
    }
}

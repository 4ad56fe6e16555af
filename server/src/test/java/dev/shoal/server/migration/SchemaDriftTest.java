package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
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

    private static JsonNode repair(ShoalServer s, String schema) {
        HttpJson.Response r = new HttpJson().post(s.url() + "/v1/organizations/admin/databases/" + schema
                + "/schema/repair", HttpJson.MAPPER.createObjectNode());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void repairReplaysTheHistoryOnAChildThatIsBehindAndLeavesTheUnexplainedAlone() throws Exception {
        FamilyOnDisk family = FamilyOnDisk.create(dataDir, "rep-schema", "rep-a", "rep-old", "rep-odd", "rep-edited");
        Path oldFile = family.fileOf(family.idOf("rep-old"));
        Path oddFile = family.fileOf(family.idOf("rep-odd"));
        Path editedFile = family.fileOf(family.idOf("rep-edited"));
        Files.copy(oldFile, backups.resolve("old.db"));
        Files.copy(oddFile, backups.resolve("odd.db"));
        try (ShoalServer s = start()) { // two more versions, one of them with data
            FamilyOnDisk.db(s, "rep-schema").executeOnce("ALTER TABLE t ADD COLUMN y");
            FamilyOnDisk.db(s, "rep-schema").executeOnce("CREATE TABLE tags (tag TEXT)");
            FamilyOnDisk.db(s, "rep-schema").executeOnce("INSERT INTO tags VALUES ('seeded')");
        }
        Files.copy(backups.resolve("old.db"), oldFile, StandardCopyOption.REPLACE_EXISTING); // restored: behind
        Files.copy(backups.resolve("odd.db"), oddFile, StandardCopyOption.REPLACE_EXISTING); // restored, then edited
        for (Path f : List.of(oddFile, editedFile)) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE added_by_hand (z)");
            }
        }
        try (ShoalServer s = start()) {
            long version = (Long) FamilyOnDisk.db(s, "rep-schema").queryValue("PRAGMA user_version");
            JsonNode r = repair(s, "rep-schema");
            assertThat(r.get("children").asInt()).isEqualTo(4);
            assertThat(r.get("drifted").asInt()).isEqualTo(3);
            assertThat(r.get("repaired").asInt()).isEqualTo(1);
            java.util.Map<String, JsonNode> byName = new java.util.HashMap<>();
            r.get("differences").forEach(d -> byName.put(d.get("database").asText(), d));
            assertThat(byName.get("rep-old").get("state").asText()).isEqualTo("repaired");
            assertThat(byName.get("rep-old").get("repaired_to").asLong()).isEqualTo(version);
            assertThat(byName.get("rep-odd").get("repaired").asBoolean()).isFalse();
            assertThat(byName.get("rep-odd").get("state").asText()).isEqualTo("differs");
            assertThat(byName.get("rep-odd").get("detail").asText()).contains("the history cannot explain");
            assertThat(byName.get("rep-edited").get("state").asText()).isEqualTo("differs");

            HranaClient old = FamilyOnDisk.db(s, "rep-old");
            assertThat(old.queryValue("PRAGMA user_version")).isEqualTo(version);
            assertThat(old.query("SELECT tag FROM tags")).containsExactly(List.of("seeded")); // data migrations replayed
            assertThat(old.query("SELECT name FROM pragma_table_info('t')")).hasSize(2);
            HranaClient odd = FamilyOnDisk.db(s, "rep-odd");
            assertThat(odd.queryValue("PRAGMA user_version")).as("never changed").isEqualTo(version - 3);
            assertThat(odd.query("SELECT name FROM sqlite_schema WHERE name = 'tags'")).isEmpty();

            JsonNode after = check(s, "rep-schema");
            assertThat(after.get("drifted").asInt()).isEqualTo(2); // rep-odd and rep-edited, reported again
            assertThat(after.get("in_sync").asInt()).isEqualTo(2);
        }
    }
}

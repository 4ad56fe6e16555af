package dev.shoal.server;

import static dev.shoal.server.Checks.assertHranaError;
import static dev.shoal.server.Checks.assertPlatformError;
import static dev.shoal.testkit.Hrana.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create, use, list, delete and re-create databases through the Platform API. */
class DatabaseLifecycleTest {
    @TempDir
    static Path dataDir;

    static TestServer server;
    static PlatformClient platform;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        platform = server.platform;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every file under {@code <dataDir>/dbs} whose name mentions the id (the .db and its -wal/-shm/-journal). */
    private static List<Path> filesOf(String dbId) {
        Path dbs = dataDir.resolve("dbs");
        if (!Files.exists(dbs)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dbs)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains(dbId)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void createReportsAHostnameUnderTheServerAddress() {
        JsonNode db = platform.createOk("hostname-check");
        assertThat(db.get("Name").asText()).isEqualTo("hostname-check");
        assertThat(db.get("DbId").asText()).isNotBlank();
        assertThat(db.get("Hostname").asText()).isEqualTo("127.0.0.1:" + server.server.port() + "/db/admin/hostname-check/");
    }

    @Test
    void createUseDeleteRemovesFilesAndFreesTheName() {
        JsonNode created = platform.createOk("lifecycle");
        String dbId = created.get("DbId").asText();
        HranaClient db = new HranaClient(server.http, PlatformClient.urlOf(created));

        HranaClient.Stream s = db.stream();
        s.execute("CREATE TABLE notes(body TEXT)");
        s.execute("INSERT INTO notes VALUES ('hello')");
        s.close();
        assertThat(db.queryValue("SELECT body FROM notes")).isEqualTo("hello");
        assertThat(server.hrana.query("SELECT name FROM sqlite_master WHERE name = 'notes'"))
                .as("the default database is a different database").isEmpty();
        assertThat(filesOf(dbId)).as("files of the new database").isNotEmpty();

        JsonNode got = platform.get("lifecycle").json().get("database");
        assertThat(got.get("DbId").asText()).isEqualTo(dbId);
        assertThat(got.get("Hostname").asText()).isEqualTo(created.get("Hostname").asText());
        List<String> names = new ArrayList<>();
        platform.list().json().get("databases").forEach(d -> names.add(d.get("Name").asText()));
        assertThat(names).contains("lifecycle", "default");

        HttpJson.Response deleted = platform.delete("lifecycle");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(filesOf(dbId)).as("no .db, -wal, -shm or -journal left").isEmpty();
        assertPlatformError(platform.get("lifecycle"), 404);
        assertHranaError(db.v2(null, execute("SELECT 1")), 404, "NOT_FOUND");
        List<String> after = new ArrayList<>();
        platform.list().json().get("databases").forEach(d -> after.add(d.get("Name").asText()));
        assertThat(after).doesNotContain("lifecycle");

        JsonNode again = platform.createOk("lifecycle");
        assertThat(again.get("DbId").asText()).isNotEqualTo(dbId);
        HranaClient fresh = new HranaClient(server.http, PlatformClient.urlOf(again));
        assertThat(fresh.queryValue("SELECT count(*) FROM sqlite_master")).as("the new database is empty").isEqualTo(0L);
    }

    @Test
    void deleteWhileAStreamHoldsAnOpenTransactionRemovesEverything() {
        JsonNode created = platform.createOk("busy-delete");
        String dbId = created.get("DbId").asText();
        HranaClient db = new HranaClient(server.http, PlatformClient.urlOf(created));
        db.executeOnce("CREATE TABLE t(x)");
        HranaClient.Stream s = db.stream();
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1)");

        HttpJson.Response deleted = platform.delete("busy-delete");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(filesOf(dbId)).as("files of the deleted database").isEmpty();
        // The stream of the deleted database can no longer be used.
        HranaClient.PipelineResult r = db.v2(s.baton(), execute("SELECT count(*) FROM t"));
        assertThat(r.status()).as(r.http().toString()).isBetween(400, 499);
        // A database re-created under the name does not see the old stream's data.
        JsonNode again = platform.createOk("busy-delete");
        HranaClient fresh = new HranaClient(server.http, PlatformClient.urlOf(again));
        assertThat(fresh.queryValue("SELECT count(*) FROM sqlite_master")).isEqualTo(0L);
        assertThat(filesOf(dbId)).isEmpty();
    }

    @Test
    void databasesAreIsolatedFromEachOther() {
        HranaClient one = server.createDatabase("iso-one");
        HranaClient two = server.createDatabase("iso-two");
        one.executeOnce("CREATE TABLE t(x)");
        one.executeOnce("INSERT INTO t VALUES ('one')");
        two.executeOnce("CREATE TABLE t(x)");
        two.executeOnce("INSERT INTO t VALUES ('two')");
        assertThat(one.queryValue("SELECT group_concat(x) FROM t")).isEqualTo("one");
        assertThat(two.queryValue("SELECT group_concat(x) FROM t")).isEqualTo("two");
    }

    @Test
    void listReportsEveryDatabaseWithItsHostname() {
        platform.createOk("listed-a");
        platform.createOk("listed-b");
        JsonNode list = platform.list().json().get("databases");
        int found = 0;
        for (JsonNode d : list) {
            String name = d.get("Name").asText();
            if (name.equals("listed-a") || name.equals("listed-b")) {
                found++;
                assertThat(d.get("Hostname").asText()).endsWith("/db/admin/" + name + "/");
                assertThat(d.get("DbId").asText()).isNotBlank();
            }
        }
        assertThat(found).isEqualTo(2);
    }
}

package dev.shoal.server;

import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.PipelineResult;
import dev.shoal.testkit.PlatformClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL sent to one database must not reach any other file on the server: not another tenant's
 * database, not the catalog, and it must not create files. (The Platform API itself reports
 * {@code allow_attach: false}.)
 */
class TenantIsolationTest {
    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String sqlString(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static Path fileOf(String dbId) {
        try (Stream<Path> walk = Files.walk(dataDir.resolve("dbs"))) {
            return walk.filter(p -> p.getFileName().toString().equals(dbId + ".db")).findFirst()
                    .orElseThrow(() -> new AssertionError("no file for database " + dbId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void databaseReportsAttachAsNotAllowed() {
        JsonNode db = server.platform.createOk("reports-attach");
        JsonNode got = server.platform.get("reports-attach").json().get("database");
        assertThat(got.get("allow_attach").asBoolean()).isFalse();
        assertThat(db.get("Name").asText()).isEqualTo("reports-attach");
    }

    @Test
    void attachOfAnotherTenantsDatabaseFileIsRefused() {
        JsonNode victimInfo = server.platform.createOk("victim");
        HranaClient victim = new HranaClient(server.http, PlatformClient.urlOf(victimInfo));
        victim.executeOnce("CREATE TABLE secrets(s TEXT)");
        victim.executeOnce("INSERT INTO secrets VALUES ('victim-only')");
        HranaClient attacker = server.createDatabase("attacker");

        Path victimFile = fileOf(victimInfo.get("DbId").asText());
        PipelineResult r = attacker.v2(null,
                execute("ATTACH DATABASE " + sqlString(victimFile) + " AS other"),
                execute("SELECT s FROM other.secrets"),
                close());
        assertThat(r.status()).isEqualTo(200);
        r.error(0);
        r.error(1);
    }

    @Test
    void attachIsRefusedThroughSequenceBatchAndCursorToo() {
        JsonNode victimInfo = server.platform.createOk("victim-two");
        HranaClient victim = new HranaClient(server.http, PlatformClient.urlOf(victimInfo));
        victim.executeOnce("CREATE TABLE secrets(s TEXT)");
        victim.executeOnce("INSERT INTO secrets VALUES ('victim-only')");
        HranaClient attacker = server.createDatabase("attacker-two");
        String path = sqlString(fileOf(victimInfo.get("DbId").asText()));

        HranaClient.Stream viaSequence = attacker.stream();
        viaSequence.send(Hrana.sequence("SELECT 1; /* hidden */ attach database " + path + " as other;"));
        viaSequence.send(execute("SELECT s FROM other.secrets")).error(0);
        viaSequence.close();

        HranaClient.Stream viaBatch = attacker.stream();
        viaBatch.send(Hrana.batchRequest(Hrana.batch(Hrana.step("ATTACH " + path + " AS other"))));
        viaBatch.send(execute("SELECT s FROM other.secrets")).error(0);
        viaBatch.close();

        HranaClient.CursorResult viaCursor = attacker.cursor(null, Hrana.batch(
                Hrana.step("ATTACH 'file:' || " + path + " || '?mode=ro' AS other"),
                Hrana.step("SELECT s FROM other.secrets")));
        assertThat(viaCursor.status()).isEqualTo(200);
        assertThat(viaCursor.entryTypes()).doesNotContain("row");
        attacker.v3(viaCursor.baton(), close()).requireOk();
    }

    @Test
    void attachOfTheServerCatalogIsRefused() {
        HranaClient attacker = server.createDatabase("catalog-reader");
        PipelineResult r = attacker.v2(null,
                execute("ATTACH DATABASE " + sqlString(dataDir.resolve("catalog.db")) + " AS cat"),
                execute("SELECT count(*) FROM cat.sqlite_master"),
                close());
        assertThat(r.status()).isEqualTo(200);
        r.error(0);
        r.error(1);
    }

    @Test
    void attachCannotCreateFilesOnTheServer() {
        HranaClient attacker = server.createDatabase("file-maker");
        Path planted = dataDir.resolve("planted-by-attach.db");
        PipelineResult r = attacker.v2(null,
                execute("ATTACH DATABASE " + sqlString(planted) + " AS p"),
                execute("CREATE TABLE p.t(x)"),
                close());
        assertThat(r.status()).isEqualTo(200);
        r.error(0);
        assertThat(planted).doesNotExist();
    }

    @Test
    void vacuumIntoCannotWriteFilesOnTheServer() {
        HranaClient tenant = server.createDatabase("vacuum-into");
        tenant.executeOnce("CREATE TABLE t(x)");
        Path copy = dataDir.resolve("copied-by-vacuum.db");
        PipelineResult r = tenant.v2(null, execute("VACUUM INTO " + sqlString(copy)), close());
        assertThat(r.status()).isEqualTo(200);
        r.error(0);
        assertThat(copy).doesNotExist();
    }

    @Test
    void extensionsCannotBeLoaded() {
        PipelineResult r = server.hrana.v2(null, execute("SELECT load_extension('/no/such/lib')"), close());
        assertThat(r.status()).isEqualTo(200);
        r.error(0);
    }
}

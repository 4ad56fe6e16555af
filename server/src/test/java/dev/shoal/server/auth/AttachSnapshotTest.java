package dev.shoal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads across an ATTACH are consistent and do not hold up the target (issue 9, item 5): inside a
 * transaction a join sees one snapshot of the attached database, however its owner writes
 * meanwhile, and those writes are not blocked by the reader (WAL: a reader holds a snapshot, never
 * the write lock). After the transaction the next read sees the new rows.
 */
class AttachSnapshotTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static final HttpJson http = new HttpJson();

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0)); // dev mode: anonymous full access
        PlatformHttp admin = new PlatformHttp(server.url(), server.firstApiToken().orElseThrow());
        admin.post("/v1/organizations/admin/databases", HttpJson.MAPPER.createObjectNode().put("name", "shop"));
        admin.post("/v1/organizations/admin/databases", HttpJson.MAPPER.createObjectNode().put("name", "owner"));
        assertThat(admin.patch("/v1/organizations/admin/databases/owner/configuration",
                HttpJson.MAPPER.createObjectNode().put("allow_attach", true)).status()).isEqualTo(200);
        db("shop").executeOnce("CREATE TABLE promotions (category TEXT, discount REAL)");
        db("shop").executeOnce("INSERT INTO promotions VALUES ('books', 0.1), ('games', 0.2)");
        db("owner").executeOnce("CREATE TABLE prefs (user_id INTEGER, category TEXT)");
        db("owner").executeOnce("INSERT INTO prefs VALUES (7, 'books')");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HranaClient db(String name) {
        return new HranaClient(http, server.url() + "/db/admin/" + name + "/");
    }

    private static final String JOIN = "SELECT count(*) FROM promotions JOIN o.prefs AS p ON p.category = "
            + "promotions.category WHERE p.user_id = 7";

    @Test
    void aTransactionSeesOneSnapshotOfTheAttachedDatabaseAndItsOwnerWritesMeanwhile() throws Exception {
        HranaClient.Stream reader = db("shop").stream();
        reader.execute("ATTACH \"owner\" AS o");
        reader.execute("BEGIN");
        assertThat(reader.queryValue(JOIN)).isEqualTo(1L);

        CompletableFuture<Void> write = CompletableFuture.runAsync(() ->
                db("owner").executeOnce("INSERT INTO prefs VALUES (7, 'games')"));
        write.get(5, TimeUnit.SECONDS); // not held up by the reader's open transaction
        assertThat(db("owner").queryValue("SELECT count(*) FROM prefs")).isEqualTo(2L);

        assertThat(reader.queryValue(JOIN)).as("the same snapshot inside the transaction").isEqualTo(1L);
        reader.execute("COMMIT");
        assertThat(reader.queryValue(JOIN)).as("a new read after it sees the write").isEqualTo(2L);
        reader.close();
    }
}

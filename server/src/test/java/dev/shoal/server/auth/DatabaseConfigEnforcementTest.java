package dev.shoal.server.auth;

import static dev.shoal.server.auth.SqlCalls.allOk;
import static dev.shoal.server.auth.SqlCalls.pipeline;
import static dev.shoal.server.auth.SqlCalls.stmtError;
import static dev.shoal.server.auth.SqlCalls.value;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database configuration set through the Platform API, enforced on the SQL API:
 * {@code block_writes}, {@code block_reads} (Hrana code BLOCKED) and {@code size_limit} (SQLITE_FULL),
 * with full-access database tokens on a server that requires them.
 */
class DatabaseConfigEnforcementTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static PlatformHttp admin;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0).withRequireAuth(true));
        admin = new PlatformHttp(server.url(), server.firstApiToken().orElseThrow());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Db(String url, String jwt) {}

    private static Db create(String name) {
        JsonNode db = ok(admin.post("/v1/databases", obj().put("name", name))).get("database");
        String jwt = ok(admin.post("/v1/databases/" + name + "/auth/tokens")).get("jwt").asText();
        Db d = new Db("http://" + db.get("Hostname").asText(), jwt);
        allOk(pipeline(d.url, d.jwt, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
        return d;
    }

    private static void configure(String name, JsonNode change) {
        ok(admin.patch("/v1/organizations/admin/databases/" + name + "/configuration", change));
    }

    @Test
    void blockWritesFailsWritesWithBlockedButAllowsReads() {
        Db db = create("no-writes");
        configure("no-writes", obj().put("block_writes", true));
        stmtError(pipeline(db.url, db.jwt, "INSERT INTO t VALUES (2)"), 0, "BLOCKED");
        stmtError(pipeline(db.url, db.jwt, "CREATE TABLE u(y)"), 0, "BLOCKED");
        assertThat(value(pipeline(db.url, db.jwt, "SELECT count(*) FROM t"), 0)).isEqualTo(1L);

        configure("no-writes", obj().put("block_writes", false));
        allOk(pipeline(db.url, db.jwt, "INSERT INTO t VALUES (2)"));
        assertThat(value(pipeline(db.url, db.jwt, "SELECT count(*) FROM t"), 0)).isEqualTo(2L);
    }

    @Test
    void blockReadsFailsReadsWithBlocked() {
        Db db = create("no-reads");
        configure("no-reads", obj().put("block_reads", true));
        JsonNode err = stmtError(pipeline(db.url, db.jwt, "SELECT count(*) FROM t"), 0, "BLOCKED");
        assertThat(err.get("message").asText()).startsWith("Operation was blocked");

        configure("no-reads", obj().putNull("block_reads").put("allow_attach", true));
        stmtError(pipeline(db.url, db.jwt, "SELECT count(*) FROM t"), 0, "BLOCKED");

        configure("no-reads", obj().put("block_reads", false));
        assertThat(value(pipeline(db.url, db.jwt, "SELECT count(*) FROM t"), 0)).isEqualTo(1L);
    }

    @Test
    void smallSizeLimitMakesALargeInsertFailWithSqliteFull() {
        Db db = create("tiny");
        configure("tiny", obj().put("size_limit", "64kb"));
        stmtError(pipeline(db.url, db.jwt, "INSERT INTO t VALUES (randomblob(200000))"), 0, "SQLITE_FULL");
        // small writes still fit, and the failed insert left nothing behind
        allOk(pipeline(db.url, db.jwt, "INSERT INTO t VALUES (2)"));
        assertThat(value(pipeline(db.url, db.jwt, "SELECT count(*) FROM t"), 0)).isEqualTo(2L);

        configure("tiny", obj().put("size_limit", "10mb"));
        allOk(pipeline(db.url, db.jwt, "INSERT INTO t VALUES (randomblob(200000))"));
    }

    @Test
    void sizeLimitGivenAtCreateIsEnforced() {
        ok(admin.post("/v1/databases", obj().put("name", "born-tiny").put("size_limit", "64kb")));
        String jwt = ok(admin.post("/v1/databases/born-tiny/auth/tokens")).get("jwt").asText();
        String url = "http://" + ok(admin.get("/v1/databases/born-tiny")).get("database").get("Hostname").asText();
        allOk(pipeline(url, jwt, "CREATE TABLE t(x)"));
        stmtError(pipeline(url, jwt, "INSERT INTO t VALUES (randomblob(200000))"), 0, "SQLITE_FULL");
    }
}

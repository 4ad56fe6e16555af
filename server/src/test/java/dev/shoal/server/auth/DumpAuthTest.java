package dev.shoal.server.auth;

import static dev.shoal.server.auth.SqlCalls.createDbWithRow;
import static dev.shoal.server.auth.SqlCalls.dbToken;
import static dev.shoal.server.auth.SqlCalls.groupToken;
import static dev.shoal.server.auth.SqlCalls.pipeline;
import static dev.shoal.server.auth.SqlCalls.stmtError;
import static dev.shoal.server.auth.SqlCalls.unauthorized;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET <db-url>/dump} on a server that requires database tokens: authorized exactly like a
 * read over Hrana (any token that may read the database, read-only and group tokens too), refused
 * with the pipeline's own errors, and {@code block_reads} refuses it as it refuses every statement.
 */
class DumpAuthTest {
    private static final String DUMP_OF_T =
            "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(x);\nINSERT INTO t VALUES(1);\nCOMMIT;\n";

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

    private static HttpJson.Response dump(String dbUrl, String jwt) {
        return new PlatformHttp(dbUrl, jwt).get(dbUrl + (dbUrl.endsWith("/") ? "" : "/") + "dump");
    }

    private static String dumped(HttpJson.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).hasValue("text/plain; charset=utf-8");
        return r.body();
    }

    @Test
    void withoutATokenItIs401WithTheHranaShape() {
        String url = createDbWithRow(admin, "dump-needs-token", null);
        unauthorized(dump(url, null), "missing auth token");
        assertThat(dump(url, null).json()).isEqualTo(pipeline(url, null, "SELECT 1").json());
    }

    @Test
    void everyTokenThatMayReadTheDatabaseMayDumpIt() {
        ok(admin.post("/v1/organizations/admin/groups", obj().put("name", "dumpers")));
        String url = createDbWithRow(admin, "dump-readable", "dumpers");
        assertThat(dumped(dump(url, dbToken(admin, "dump-readable", "?authorization=full-access")))).isEqualTo(DUMP_OF_T);
        assertThat(dumped(dump(url, dbToken(admin, "dump-readable", "?authorization=read-only")))).isEqualTo(DUMP_OF_T);
        assertThat(dumped(dump(url, groupToken(admin, "dumpers", "")))).isEqualTo(DUMP_OF_T);
        assertThat(dumped(dump(url, groupToken(admin, "dumpers", "?authorization=read-only")))).isEqualTo(DUMP_OF_T);
        // the bare server URL with a token that names one database dumps that database
        assertThat(dumped(dump(server.url(), dbToken(admin, "dump-readable", "")))).isEqualTo(DUMP_OF_T);
    }

    @Test
    void aTokenForAnotherDatabaseIsRefusedAsPipelinesRefuseIt() {
        createDbWithRow(admin, "dump-mine", null);
        String theirs = createDbWithRow(admin, "dump-theirs", null);
        String mine = dbToken(admin, "dump-mine", "");
        HttpJson.Response refused = dump(theirs, mine);
        unauthorized(refused, "token is for another database");
        assertThat(refused.json()).isEqualTo(pipeline(theirs, mine, "SELECT 1").json());
        assertThat(refused.body()).doesNotContain("CREATE TABLE");
    }

    @Test
    void blockReadsRefusesTheDumpWithThePipelinesError() {
        String url = createDbWithRow(admin, "dump-blocked", null);
        String jwt = dbToken(admin, "dump-blocked", "");
        ok(admin.patch("/v1/organizations/admin/databases/dump-blocked/configuration", obj().put("block_reads", true)));
        JsonNode statementError = stmtError(pipeline(url, jwt, "SELECT count(*) FROM t"), 0, "BLOCKED");
        HttpJson.Response r = dump(url, jwt);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).hasValue("application/json");
        assertThat(r.json()).isEqualTo(statementError);

        ok(admin.patch("/v1/organizations/admin/databases/dump-blocked/configuration", obj().put("block_reads", false)));
        assertThat(dumped(dump(url, jwt))).isEqualTo(DUMP_OF_T);
    }
}

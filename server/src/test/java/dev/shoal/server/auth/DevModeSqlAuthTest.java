package dev.shoal.server.auth;

import static dev.shoal.server.auth.SqlCalls.allOk;
import static dev.shoal.server.auth.SqlCalls.b64url;
import static dev.shoal.server.auth.SqlCalls.pipeline;
import static dev.shoal.server.auth.SqlCalls.stmtError;
import static dev.shoal.server.auth.SqlCalls.unauthorized;
import static dev.shoal.server.auth.SqlCalls.value;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.core.auth.Access;
import dev.shoal.core.auth.DatabaseTokens;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import dev.shoal.storage.keys.FileTokenKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL API of an open dev server: no token is needed, but a token that is presented is always
 * verified, so a bad one is refused even though sending none would have worked.
 */
class DevModeSqlAuthTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static PlatformHttp admin;
    static String url;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0));
        admin = new PlatformHttp(server.url(), null); // dev: anonymous Platform API calls act as admin
        url = "http://" + ok(admin.post("/v1/databases", obj().put("name", "open"))).get("database").get("Hostname").asText();
        allOk(pipeline(url, null, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String token(String db, String query) {
        return ok(admin.post("/v1/databases/" + db + "/auth/tokens" + query)).get("jwt").asText();
    }

    @Test
    void missingTokenIsAllowedWithFullAccess() {
        allOk(pipeline(url, null, "INSERT INTO t VALUES (2)", "DELETE FROM t WHERE x = 2"));
        assertThat(value(pipeline(url, null, "SELECT count(*) FROM t"), 0)).isEqualTo(1L);
        // the default database at the bare URL too
        assertThat(value(pipeline(server.url(), null, "SELECT 40 + 2"), 0)).isEqualTo(42L);
    }

    @Test
    void validTokenIsAcceptedAndReadOnlyIsStillEnforced() {
        assertThat(value(pipeline(url, token("open", ""), "SELECT count(*) FROM t"), 0)).isEqualTo(1L);
        String ro = token("open", "?authorization=read-only");
        assertThat(value(pipeline(url, ro, "SELECT count(*) FROM t"), 0)).isEqualTo(1L);
        stmtError(pipeline(url, ro, "INSERT INTO t VALUES (3)"), 0, "SQLITE_READONLY");
    }

    @Test
    void presentedInvalidTokensAreRejectedEvenThoughNoTokenWouldBeAccepted() {
        unauthorized(pipeline(url, "garbage", "SELECT 1"), "token contains an invalid number of segments");
        unauthorized(pipeline(url, "a.b.c", "SELECT 1"), "");
        String real = token("open", "");
        String[] parts = real.split("\\.");
        unauthorized(pipeline(url, b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".", "SELECT 1"), "");
        unauthorized(pipeline(url, parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
                "SELECT 1"), "");
        unauthorized(new PlatformHttp(url, null).withAuthorizationHeader("Basic eDp5")
                .post(url + "v2/pipeline", "{\"baton\":null,\"requests\":[]}"), "Bearer");
    }

    @Test
    void tokenOfAnotherDatabaseIsRejectedInDevMode() {
        ok(admin.post("/v1/databases", obj().put("name", "elsewhere")));
        unauthorized(pipeline(url, token("elsewhere", ""), "SELECT 1"), "token is for another database");
    }

    @Test
    void rotatedTokenIsRejectedInDevMode() {
        ok(admin.post("/v1/databases", obj().put("name", "spinning")));
        String spinning = "http://" + ok(admin.get("/v1/databases/spinning")).get("database").get("Hostname").asText();
        String old = token("spinning", "");
        allOk(pipeline(spinning, old, "SELECT 1"));
        ok(admin.post("/v1/databases/spinning/auth/rotate"));
        unauthorized(pipeline(spinning, old, "SELECT 1"), "rotated");
        allOk(pipeline(spinning, null, "SELECT 1"));
    }

    @Test
    void expiredTokenIsRejectedInDevMode() {
        token("open", "");
        DatabaseRecord rec = server.databases().get("admin", "open");
        UUID gid = UUID.fromString(ok(admin.get("/v1/groups/default")).get("group").get("uuid").asText());
        FileTokenKeys keys = new FileTokenKeys(server.config().storage().dataDir().resolve("keys"));
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        String expired = new DatabaseTokens(keys, past).mintDatabaseToken(gid, rec.id(), rec.tokenGeneration(),
                Access.FULL_ACCESS, Optional.of(Duration.ofHours(1)), List.of());
        unauthorized(pipeline(url, expired, "SELECT 1"), "token has expired");
    }
}

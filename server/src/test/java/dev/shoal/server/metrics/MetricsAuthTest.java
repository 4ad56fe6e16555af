package dev.shoal.server.metrics;

import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Who may read {@code GET /metrics} on a server that requires tokens: the server's first user
 * with an API token not limited to an organization or group and holding the read scope. No
 * token, a garbage one, a database token, another user's token, or a limited token is refused
 * in the Platform API's error shape. (An open dev server needs no token: {@link MetricsEndpointTest}.)
 */
class MetricsAuthTest {
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

    private static void refused(HttpJson.Response r, int status, String containing) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).contains("application/json");
        assertThat(r.json().get("error").asText()).contains(containing);
        assertThat(r.body()).doesNotContain("shoal_");
    }

    @Test
    void theFirstUsersApiTokenReadsTheMetrics() {
        HttpJson.Response r = admin.get("/metrics");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(Scrape.parse(r.body()).samples()).containsKey("shoal_migration_jobs_started_total");
    }

    @Test
    void aReadOnlyTokenOfTheFirstUserIsEnough() {
        String token = ok(admin.post("/v1/auth/api-tokens/scraper", obj().set("scopes",
                HttpJson.MAPPER.createArrayNode().add("read")))).get("token").asText();
        assertThat(admin.as(token).get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void noTokenOrAGarbageTokenIs401() {
        refused(admin.as(null).get("/metrics"), 401, "missing API token");
        refused(admin.as("garbage").get("/metrics"), 401, "");
    }

    @Test
    void aDatabaseTokenIsNoApiToken() {
        ok(admin.post("/v1/databases", obj().put("name", "tenant-db")));
        String jwt = ok(admin.post("/v1/organizations/admin/databases/tenant-db/auth/tokens")).get("jwt").asText();
        refused(admin.as(jwt).get("/metrics"), 401, "");
    }

    @Test
    void anotherUsersTokenIs403() {
        String other = ok(admin.post("/v1/users", obj().put("username", "tenant"))).get("token").asText();
        refused(admin.as(other).get("/metrics"), 403, "user admin");
    }

    @Test
    void aTokenLimitedToAnOrganizationIs401() {
        String limited = ok(admin.post("/v1/auth/api-tokens/org-only", obj().put("organization", "admin")))
                .get("token").asText();
        refused(admin.as(limited).get("/metrics"), 401, "not limited to an organization");
    }
}

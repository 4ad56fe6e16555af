package dev.shoal.server.platform;

import static dev.shoal.server.platform.PlatformHttp.error;
import static dev.shoal.server.platform.PlatformHttp.errorContaining;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Platform API tokens: mint (v1 and v2 shapes), list, revoke, validate. */
class ApiTokensApiTest {
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

    private static JsonNode listed(String name) {
        for (JsonNode t : ok(admin.get("/v1/auth/api-tokens")).get("tokens")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void mintV1ReturnsAFlatNameIdTokenAndTheTokenWorks() {
        JsonNode minted = ok(admin.post("/v1/auth/api-tokens/flat-one"));
        assertThat(minted.size()).as("%s", minted).isEqualTo(3);
        assertThat(minted.get("name").asText()).isEqualTo("flat-one");
        assertThat(minted.get("id").asText()).hasSize(36);
        assertThat(minted.get("token").asText()).startsWith("shoal_");
        assertThat(ok(admin.as(minted.get("token").asText()).get("/v1/current-user")).get("user").get("username").asText())
                .isEqualTo("admin");
    }

    @Test
    void mintV2ReturnsTheTokenWrappedWithValue() {
        JsonNode minted = ok(admin.post("/v2/auth/api-tokens/wrapped-one"));
        assertThat(minted.size()).isEqualTo(1);
        JsonNode t = minted.get("token");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.get("name").asText()).isEqualTo("wrapped-one");
        assertThat(t.get("id").asText()).hasSize(36);
        assertThat(t.get("value").asText()).startsWith("shoal_");
        ok(admin.as(t.get("value").asText()).get("/v1/organizations"));
    }

    @Test
    void mintWithoutPrefixAndWithTextPlainBody() {
        JsonNode minted = ok(admin.send("POST", "/auth/api-tokens/no-prefix", "{}", "text/plain;charset=UTF-8"));
        assertThat(minted.get("name").asText()).isEqualTo("no-prefix");
    }

    @Test
    void listShowsTokensWithoutTheirSecrets() {
        JsonNode minted = ok(admin.post("/v1/auth/api-tokens/listed-one"));
        JsonNode body = ok(admin.get("/v1/auth/api-tokens"));
        assertThat(body.get("tokens").isArray()).isTrue();
        List<String> names = new ArrayList<>();
        body.get("tokens").forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).contains("first-token", "listed-one");
        JsonNode t = listed("listed-one");
        assertThat(t.get("id").asText()).isEqualTo(minted.get("id").asText());
        assertThat(t.get("created_at").asText()).isNotEmpty();
        assertThat(t.has("token")).isFalse();
        assertThat(t.has("value")).isFalse();
        assertThat(body.toString()).doesNotContain(minted.get("token").asText());
    }

    @Test
    void groupScopedTokenIsListedWithOrganizationGroupAndExpandedScopes() {
        ok(admin.post("/v1/groups", obj().put("name", "scoped")));
        ObjectNode body = obj().put("organization", "admin").put("group", "scoped");
        body.putArray("scopes").add("read-only");
        ok(admin.post("/v1/auth/api-tokens/scoped-ro", body));
        JsonNode t = listed("scoped-ro");
        assertThat(t.get("organization").asText()).isEqualTo("admin");
        assertThat(t.get("group").asText()).isEqualTo("scoped");
        assertThat(t.get("scopes")).containsExactly(obj().textNode("read"));

        ObjectNode full = obj().put("organization", "admin").put("group", "scoped");
        full.putArray("scopes").add("full-access");
        ok(admin.post("/v1/auth/api-tokens/scoped-full", full));
        List<String> scopes = new ArrayList<>();
        listed("scoped-full").get("scopes").forEach(s -> scopes.add(s.asText()));
        assertThat(scopes).containsExactlyInAnyOrder("read", "db:create", "db:delete", "db:configure", "db:mint-token",
                "db:rotate-creds", "group:configure", "group:mint-token", "group:rotate-creds");
    }

    @Test
    void mintRejectsInvalidRequests() {
        ObjectNode groupWithoutOrg = obj().put("group", "default");
        groupWithoutOrg.putArray("scopes").add("read");
        errorContaining(admin.post("/v1/auth/api-tokens/bad-1", groupWithoutOrg), 400, "needs an organization");

        ObjectNode groupWithoutScopes = obj().put("organization", "admin").put("group", "default");
        errorContaining(admin.post("/v1/auth/api-tokens/bad-2", groupWithoutScopes), 400, "scope");

        ObjectNode unknownScope = obj().put("organization", "admin").put("group", "default");
        unknownScope.putArray("scopes").add("db:explode");
        errorContaining(admin.post("/v1/auth/api-tokens/bad-3", unknownScope), 400, "unknown scope");

        ObjectNode unknownGroup = obj().put("organization", "admin").put("group", "ghost");
        unknownGroup.putArray("scopes").add("read");
        error(admin.post("/v1/auth/api-tokens/bad-4", unknownGroup), 404, "group not found");

        errorContaining(admin.post("/v1/auth/api-tokens/Bad_Name"), 400, "invalid");

        ok(admin.post("/v1/auth/api-tokens/twice"));
        errorContaining(admin.post("/v1/auth/api-tokens/twice"), 409, "");
    }

    @Test
    void revokeRemovesTheTokenFromTheListAndStopsItImmediately() {
        String secret = ok(admin.post("/v1/auth/api-tokens/short-lived")).get("token").asText();
        PlatformHttp user = admin.as(secret);
        ok(user.get("/v1/databases"));
        assertThat(ok(admin.delete("/v1/auth/api-tokens/short-lived"))).isEqualTo(obj().put("token", "short-lived"));
        assertThat(listed("short-lived")).isNull();
        error(user.get("/v1/databases"), 401, "invalid API token: unknown or revoked");
        error(user.get("/v1/auth/validate"), 401, "invalid API token: unknown or revoked");
        error(admin.delete("/v1/auth/api-tokens/short-lived"), 404, "API token not found");
    }

    @Test
    void validateReportsNeverExpiringOnBothRoutes() {
        for (String path : List.of("/v1/auth/validate", "/v1/auth/api-tokens/validate", "/auth/validate",
                "/auth/api-tokens/validate")) {
            assertThat(ok(admin.get(path))).as(path).isEqualTo(obj().put("exp", -1));
        }
    }

    @Test
    void validateRejectsAGarbageToken() {
        error(admin.as("garbage").get("/v1/auth/validate"), 401, "token contains an invalid number of segments");
        error(admin.as("garbage").get("/v1/auth/api-tokens/validate"), 401, "token contains an invalid number of segments");
    }
}

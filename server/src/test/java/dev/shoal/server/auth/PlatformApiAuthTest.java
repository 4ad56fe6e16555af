package dev.shoal.server.auth;

import static dev.shoal.server.platform.PlatformHttp.error;
import static dev.shoal.server.platform.PlatformHttp.errorContaining;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.server.platform.PlatformHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call the Platform API: bearer API tokens (garbage, revoked, missing), the 403 reserved
 * for non-members, and organization- and group-scoped tokens.
 */
class PlatformApiAuthTest {
    @TempDir
    static Path serveDir;
    @TempDir
    static Path devDir;

    static ShoalServer serve;
    static ShoalServer dev;
    static PlatformHttp admin;

    @BeforeAll
    static void start() {
        serve = ShoalServer.start(ServerConfig.dev(serveDir, 0).withRequireAuth(true));
        admin = new PlatformHttp(serve.url(), serve.firstApiToken().orElseThrow());
        dev = ShoalServer.start(ServerConfig.dev(devDir, 0));
        ok(admin.post("/v1/groups", obj().put("name", "blue")));
        ok(admin.post("/v1/groups", obj().put("name", "green")));
        ok(admin.post("/v1/databases", obj().put("name", "blue-db").put("group", "blue")));
        ok(admin.post("/v1/databases", obj().put("name", "green-db").put("group", "green")));
    }

    @AfterAll
    static void stop() {
        serve.close();
        dev.close();
    }

    private static String mint(String name, String org, String group, String... scopes) {
        ObjectNode body = obj();
        if (org != null) {
            body.put("organization", org);
        }
        if (group != null) {
            body.put("group", group);
        }
        if (scopes.length > 0) {
            var arr = body.putArray("scopes");
            for (String s : scopes) {
                arr.add(s);
            }
        }
        return ok(admin.post("/v1/auth/api-tokens/" + name, body)).get("token").asText();
    }

    @Test
    void garbageTokenIs401WithTursosMessage() {
        PlatformHttp garbage = admin.as("garbage");
        for (String path : List.of("/v1/organizations", "/v1/organizations/admin/databases", "/v1/databases",
                "/v1/auth/api-tokens", "/databases")) {
            error(garbage.get(path), 401, "token contains an invalid number of segments");
        }
    }

    @Test
    void unknownShoalTokenIs401() {
        error(admin.as("shoal_doesnotexist").get("/v1/organizations"), 401, "invalid API token: unknown or revoked");
    }

    @Test
    void authorizationHeaderThatIsNotBearerIs401() {
        errorContaining(admin.as(null).get("/v1/organizations"), 401, "missing API token");
        errorContaining(admin.withAuthorizationHeader("Basic YWRtaW46YWRtaW4=").get("/v1/organizations"), 401,
                "must be `Bearer <token>`");
        assertThat(ok(admin.withAuthorizationHeader("bearer " + serve.firstApiToken().orElseThrow())
                .get("/v1/current-user")).get("user").get("username").asText()).isEqualTo("admin");
    }

    @Test
    void revokedTokenIsRefusedAtItsNextUse() {
        String secret = mint("to-revoke", null, null);
        PlatformHttp user = admin.as(secret);
        ok(user.get("/v1/organizations/admin/databases"));
        ok(admin.delete("/v1/auth/api-tokens/to-revoke"));
        error(user.get("/v1/organizations/admin/databases"), 401, "invalid API token: unknown or revoked");
        error(user.post("/v1/databases", obj().put("name", "after-revoke")), 401, "invalid API token: unknown or revoked");
        error(admin.get("/v1/databases/after-revoke"), 404, "could not find database with name after-revoke: record not found");
    }

    @Test
    void serveModeWithoutTokenIs401OnEveryKindOfRoute() {
        PlatformHttp anonymous = admin.as(null);
        for (String path : List.of("/v1/organizations", "/v2/organizations", "/v1/organizations/admin/databases",
                "/v1/databases", "/v1/groups", "/v1/auth/validate", "/v1/auth/api-tokens", "/v1/current-user",
                "/databases/blue-db")) {
            errorContaining(anonymous.get(path), 401, "missing API token");
        }
        errorContaining(anonymous.post("/v1/databases", obj().put("name", "anon")), 401, "missing API token");
        errorContaining(anonymous.post("/v1/auth/api-tokens/anon"), 401, "missing API token");
        error(admin.get("/v1/databases/anon"), 404, "could not find database with name anon: record not found");
    }

    @Test
    void devModeWithoutTokenActsAsTheFirstUserButStillChecksAPresentedToken() {
        PlatformHttp anonymous = new PlatformHttp(dev.url(), null);
        assertThat(ok(anonymous.get("/v1/current-user")).get("user").get("username").asText()).isEqualTo("admin");
        ok(anonymous.post("/v1/databases", obj().put("name", "dev-anon")));
        ok(anonymous.get("/v1/organizations/admin/databases/dev-anon"));
        error(anonymous.as("garbage").get("/v1/organizations"), 401, "token contains an invalid number of segments");
        error(anonymous.as("shoal_revoked").get("/v1/organizations"), 401, "invalid API token: unknown or revoked");
    }

    @Test
    void nonMemberGets403AndMemberOfAnotherOrgStillGets403() {
        String other = ok(admin.post("/v1/users", obj().put("username", "outsider"))).get("token").asText();
        PlatformHttp outsider = admin.as(other);
        error(outsider.get("/v1/organizations/admin/databases/blue-db"), 403, "you are not a member of organization admin");
        error(outsider.post("/v1/organizations/admin/databases/blue-db/auth/tokens"), 403,
                "you are not a member of organization admin");
        error(outsider.delete("/v1/organizations/admin/databases/blue-db"), 403, "you are not a member of organization admin");
        ok(admin.get("/v1/databases/blue-db"));
        // on its own personal routes the outsider is fine
        ok(outsider.post("/v1/databases", obj().put("name", "outsider-db")));
        assertThat(ok(outsider.get("/v1/databases")).get("databases").get(0).get("Name").asText()).isEqualTo("outsider-db");
        // and admin does not see it among its own
        error(admin.get("/v1/databases/outsider-db"), 404, "could not find database with name outsider-db: record not found");
    }

    @Test
    void groupTokenReadsAndWorksOnTheDatabasesOfItsOwnGroup() {
        PlatformHttp ro = admin.as(mint("blue-reader", "admin", "blue", "read-only"));
        assertThat(ok(ro.get("/v1/organizations/admin/databases/blue-db")).get("database").get("Name").asText())
                .isEqualTo("blue-db");
        ok(ro.get("/v1/organizations/admin/databases/blue-db/configuration"));
        ok(ro.get("/v1/organizations/admin/databases/blue-db/usage"));
        ok(ro.get("/v1/organizations/admin/databases/blue-db/instances"));

        PlatformHttp full = admin.as(mint("blue-worker", "admin", "blue", "full-access"));
        ok(full.post("/v1/organizations/admin/databases", obj().put("name", "blue-work").put("group", "blue")));
        ok(full.post("/v1/organizations/admin/databases/blue-work/auth/tokens"));
        ok(full.patch("/v1/organizations/admin/databases/blue-work/configuration", obj().put("allow_attach", true)));
        ok(full.post("/v1/organizations/admin/databases/blue-work/auth/rotate"));
        ok(full.delete("/v1/organizations/admin/databases/blue-work"));
    }

    @Test
    void readOnlyGroupTokenListsItsGroupButCannotCreateOrChangeDatabases() {
        PlatformHttp ro = admin.as(mint("blue-ro", "admin", "blue", "read-only"));
        JsonNode list = ok(ro.get("/v1/organizations/admin/databases?group=blue"));
        assertThat(list.get("databases")).hasSize(1);
        assertThat(list.get("databases").get(0).get("Name").asText()).isEqualTo("blue-db");
        ok(ro.get("/v1/organizations/admin/groups/blue"));
        // without a group filter, the list is narrowed to the token's group
        JsonNode all = ok(ro.get("/v1/organizations/admin/databases")).get("databases");
        assertThat(all).isNotEmpty();
        all.forEach(d -> assertThat(d.get("group").asText()).as("%s", d).isEqualTo("blue"));
        errorContaining(ro.post("/v1/organizations/admin/databases", obj().put("name", "ro-made").put("group", "blue")),
                401, "lacks the scope db:create");
        errorContaining(ro.post("/v1/organizations/admin/groups/blue/auth/tokens"), 401, "lacks the scope group:mint-token");
        errorContaining(ro.post("/v1/organizations/admin/groups/blue/auth/rotate"), 401, "lacks the scope");
        errorContaining(ro.patch("/v1/organizations/admin/groups/blue/configuration", obj().put("delete_protection", true)),
                401, "lacks the scope");
        errorContaining(ro.post("/v1/organizations/admin/groups", obj().put("name", "ro-group")), 401, "");
        ok(admin.get("/v1/databases/blue-db"));
        error(admin.get("/v1/databases/ro-made"), 404, "could not find database with name ro-made: record not found");
        error(admin.get("/v1/groups/ro-group"), 404, "group not found");
    }

    @Test
    void groupTokenCannotActOnAnotherGroup() {
        PlatformHttp blue = admin.as(mint("blue-full", "admin", "blue", "full-access"));
        ok(blue.post("/v1/organizations/admin/databases", obj().put("name", "blue-made").put("group", "blue")));
        ok(blue.post("/v1/organizations/admin/groups/blue/auth/tokens"));

        errorContaining(blue.get("/v1/organizations/admin/databases/green-db"), 401, "limited to group blue");
        errorContaining(blue.post("/v1/organizations/admin/databases/green-db/auth/tokens"), 401, "limited to group blue");
        errorContaining(blue.post("/v1/organizations/admin/databases/green-db/auth/rotate"), 401, "limited to group blue");
        errorContaining(blue.delete("/v1/organizations/admin/databases/green-db"), 401, "limited to group blue");
        errorContaining(blue.get("/v1/organizations/admin/groups/green"), 401, "limited to group blue");
        errorContaining(blue.post("/v1/organizations/admin/groups/green/auth/tokens"), 401, "limited to group blue");
        errorContaining(blue.post("/v1/organizations/admin/groups/green/auth/rotate"), 401, "limited to group blue");
        errorContaining(blue.delete("/v1/organizations/admin/groups/green"), 401, "limited to group blue");
        errorContaining(blue.get("/v1/organizations/admin/databases?group=green"), 401, "limited to group blue");
        errorContaining(blue.post("/v1/organizations/admin/databases", obj().put("name", "blue-in-green")
                .put("group", "green")), 401, "limited to group blue");
        // without a group a database goes to `default`, which is another group too
        errorContaining(blue.post("/v1/organizations/admin/databases", obj().put("name", "blue-in-default")), 401,
                "limited to group blue");
        ok(admin.get("/v1/databases/green-db"));
        ok(admin.get("/v1/groups/green"));
        error(admin.get("/v1/databases/blue-in-green"), 404,
                "could not find database with name blue-in-green: record not found");
        error(admin.get("/v1/databases/blue-in-default"), 404,
                "could not find database with name blue-in-default: record not found");
    }

    @Test
    void groupTokenCannotMintApiTokensOrCreateOrganizations() {
        PlatformHttp blue = admin.as(mint("blue-admin", "admin", "blue", "full-access"));
        errorContaining(blue.post("/v1/auth/api-tokens/escalate"), 401, "cannot mint API tokens");
        errorContaining(blue.post("/v1/organizations", obj().put("name", "escalated")), 401, "cannot create organizations");
        errorContaining(blue.post("/v1/users", obj().put("username", "escalated")), 401, "");
    }

    @Test
    void organizationScopedTokenSeesOnlyItsOrganization() {
        ok(admin.post("/v1/organizations", obj().put("name", "scoped-org")));
        PlatformHttp scoped = admin.as(mint("only-team", "scoped-org", null));
        List<String> slugs = new ArrayList<>();
        ok(scoped.get("/v1/organizations")).get("organizations").forEach(o -> slugs.add(o.get("slug").asText()));
        assertThat(slugs).containsExactly("scoped-org");
        ok(scoped.get("/v1/organizations/scoped-org/databases"));
        errorContaining(scoped.get("/v1/organizations/admin/databases"), 401, "limited to organization scoped-org");
    }

    @Test
    void mintingATokenForAnOrganizationYouAreNotInIs403() {
        String other = ok(admin.post("/v1/users", obj().put("username", "stranger"))).get("token").asText();
        error(admin.as(other).post("/v1/auth/api-tokens/sneaky", obj().put("organization", "admin")), 403,
                "you are not a member of organization admin");
    }
}

package dev.shoal.server.platform;

import static dev.shoal.server.platform.PlatformHttp.error;
import static dev.shoal.server.platform.PlatformHttp.errorContaining;
import static dev.shoal.server.platform.PlatformHttp.obj;
import static dev.shoal.server.platform.PlatformHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups over the Platform API: list, get, create, delete, configuration; both route forms. */
class GroupsApiTest {
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

    private static List<String> names(JsonNode groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.path("name").asText()));
        return out;
    }

    private static void assertGroupShape(JsonNode g, String name) {
        assertThat(g.path("name").asText()).isEqualTo(name);
        assertThat(g.path("uuid").asText()).hasSize(36);
        assertThat(g.path("version").isTextual()).isTrue();
        assertThat(g.path("locations").isArray()).isTrue();
        assertThat(g.path("locations").get(0).asText()).isEqualTo("local");
        assertThat(g.path("primary").asText()).isEqualTo("local");
        assertThat(g.path("archived").asBoolean(true)).isFalse();
        assertThat(g.path("delete_protection").isBoolean()).isTrue();
        assertThat(g.path("status").path("locations").get(0).path("name").asText()).isEqualTo("local");
        assertThat(g.path("status").path("locations").get(0).path("status").asText()).isEqualTo("up");
    }

    @Test
    void groupsListIsWrappedAndContainsTheDefaultGroupOnEveryRouteForm() {
        for (String path : List.of("/v1/organizations/admin/groups", "/organizations/admin/groups", "/v1/groups",
                "/groups")) {
            JsonNode body = ok(admin.get(path));
            assertThat(body.path("groups").isArray()).as(path).isTrue();
            assertThat(names(body.get("groups"))).as(path).contains("default");
        }
    }

    @Test
    void createGetAndDeleteAGroup() {
        JsonNode created = ok(admin.post("/v1/organizations/admin/groups", obj().put("name", "alpha").put("location", "local")));
        assertGroupShape(created.get("group"), "alpha");
        String uuid = created.get("group").get("uuid").asText();

        JsonNode got = ok(admin.get("/v1/organizations/admin/groups/alpha")).get("group");
        assertGroupShape(got, "alpha");
        assertThat(got.get("uuid").asText()).isEqualTo(uuid);
        assertThat(ok(admin.get("/groups/alpha")).get("group").get("uuid").asText()).isEqualTo(uuid);
        assertThat(names(ok(admin.get("/v1/groups")).get("groups"))).contains("alpha");

        JsonNode deleted = ok(admin.delete("/v1/organizations/admin/groups/alpha"));
        assertThat(deleted.get("group").get("name").asText()).isEqualTo("alpha");
        error(admin.get("/v1/organizations/admin/groups/alpha"), 404, "group not found");
        assertThat(names(ok(admin.get("/v1/groups")).get("groups"))).doesNotContain("alpha");
    }

    @Test
    void createGroupAcceptsCapitalizedKeysLikeTheGoCli() {
        JsonNode created = ok(admin.post("/v1/organizations/admin/groups",
                obj().put("Name", "capital").put("Location", "local").put("Version", "latest")));
        assertGroupShape(created.get("group"), "capital");
    }

    @Test
    void createGroupOnTheOrgLessPersonalRoute() {
        JsonNode created = ok(admin.post("/v1/groups", obj().put("name", "personal-route")));
        assertGroupShape(created.get("group"), "personal-route");
        ok(admin.get("/v1/organizations/admin/groups/personal-route"));
    }

    @Test
    void createGroupWithBodySentAsTextPlain() {
        ok(admin.send("POST", "/v1/organizations/admin/groups", "{\"name\":\"plain-group\"}", "text/plain;charset=UTF-8"));
        ok(admin.get("/v1/groups/plain-group"));
    }

    @Test
    void duplicateGroupIs409() {
        ok(admin.post("/v1/groups", obj().put("name", "twice")));
        error(admin.post("/v1/groups", obj().put("name", "twice")), 409, "group already exists");
        error(admin.post("/v1/groups", obj().put("name", "default")), 409, "group already exists");
    }

    @Test
    void unknownGroupIs404OnEveryGroupRoute() {
        error(admin.get("/v1/organizations/admin/groups/nope"), 404, "group not found");
        error(admin.delete("/v1/organizations/admin/groups/nope"), 404, "group not found");
        error(admin.get("/v1/organizations/admin/groups/nope/configuration"), 404, "group not found");
        error(admin.patch("/v1/organizations/admin/groups/nope/configuration", obj().put("delete_protection", true)), 404,
                "group not found");
        error(admin.post("/v1/organizations/admin/groups/nope/auth/tokens"), 404, "group not found");
        error(admin.post("/v1/organizations/admin/groups/nope/auth/rotate"), 404, "group not found");
    }

    @Test
    void invalidGroupNamesAre400() {
        errorContaining(admin.post("/v1/groups", obj().put("name", "../x")), 400, "invalid");
        errorContaining(admin.post("/v1/groups", obj().put("name", "Upper")), 400, "invalid");
        errorContaining(admin.post("/v1/groups", obj().put("name", "x".repeat(1000))), 400, "limit is 64");
        errorContaining(admin.post("/v1/groups", obj()), 400, "name");
    }

    @Test
    void unknownLocationIs400() {
        errorContaining(admin.post("/v1/groups", obj().put("name", "far").put("location", "amss")), 400,
                "invalid location: amss");
    }

    @Test
    void groupConfigurationGetAndPatchWithNullMeaningUnchanged() {
        ok(admin.post("/v1/groups", obj().put("name", "configured")));
        String path = "/v1/organizations/admin/groups/configured/configuration";
        assertThat(ok(admin.get(path))).isEqualTo(obj().put("delete_protection", false));
        assertThat(ok(admin.patch(path, obj().put("delete_protection", true)))).isEqualTo(obj().put("delete_protection", true));
        assertThat(ok(admin.get("/groups/configured/configuration"))).isEqualTo(obj().put("delete_protection", true));
        assertThat(ok(admin.patch(path, obj().putNull("delete_protection")))).isEqualTo(obj().put("delete_protection", true));
        assertThat(ok(admin.get("/v1/groups/configured")).get("group").get("delete_protection").asBoolean()).isTrue();

        // a protected group cannot be deleted
        errorContaining(admin.delete("/v1/groups/configured"), 400, "delete protection");
        ok(admin.get("/v1/groups/configured"));

        assertThat(ok(admin.patch(path, obj().put("delete_protection", false)))).isEqualTo(obj().put("delete_protection", false));
        ok(admin.delete("/v1/groups/configured"));
    }

    @Test
    void deletingAGroupDeletesItsDatabases() {
        ok(admin.post("/v1/groups", obj().put("name", "doomed")));
        ok(admin.post("/v1/databases", obj().put("name", "doomed-db").put("group", "doomed")));
        ok(admin.delete("/v1/groups/doomed"));
        error(admin.get("/v1/databases/doomed-db"), 404, "could not find database with name doomed-db: record not found");
    }

    @Test
    void groupTokenCreationRejectsABadExpirationAndABadAuthorization() {
        ok(admin.post("/v1/groups", obj().put("name", "tokened")));
        error(admin.post("/v1/groups/tokened/auth/tokens?expiration=soon"), 400, "Invalid expiration format");
        errorContaining(admin.post("/v1/groups/tokened/auth/tokens?authorization=root"), 400, "invalid authorization");
        JsonNode minted = ok(admin.post("/v1/groups/tokened/auth/tokens?expiration=2w1d30m&authorization=read-only"));
        assertThat(minted.path("jwt").asText().split("\\.")).hasSize(3);
        assertThat(ok(admin.post("/v1/groups/tokened/auth/rotate"))).isEqualTo(obj());
    }
}

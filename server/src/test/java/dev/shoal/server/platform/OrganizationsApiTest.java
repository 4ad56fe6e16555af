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

/** Organizations, users and members over the Platform API, on a server that requires tokens. */
class OrganizationsApiTest {
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

    /** Creates a user through the Shoal extension and returns its API token. */
    static String createUser(String username) {
        JsonNode body = ok(admin.post("/v1/users", obj().put("username", username)));
        assertThat(body.path("user").path("username").asText()).isEqualTo(username);
        assertThat(body.path("token").asText()).startsWith("shoal_");
        return body.get("token").asText();
    }

    private static List<String> slugs(JsonNode organizations) {
        List<String> out = new ArrayList<>();
        organizations.forEach(o -> out.add(o.path("slug").asText()));
        return out;
    }

    @Test
    void organizationsListIsWrappedOnV1AndV2AndShowsThePersonalOrganization() {
        for (String path : List.of("/v1/organizations", "/v2/organizations", "/organizations")) {
            JsonNode body = ok(admin.get(path));
            assertThat(body.has("organizations")).as(path).isTrue();
            JsonNode orgs = body.get("organizations");
            assertThat(orgs.isArray()).as(path).isTrue();
            assertThat(slugs(orgs)).as(path).contains("admin");
            JsonNode personal = null;
            for (JsonNode o : orgs) {
                if (o.path("slug").asText().equals("admin")) {
                    personal = o;
                }
            }
            assertThat(personal.path("type").asText()).isEqualTo("personal");
            assertThat(personal.path("name").asText()).isEqualTo("admin");
            assertThat(personal.path("id").asText()).isNotEmpty();
            assertThat(personal.path("overages").isBoolean()).isTrue();
            assertThat(personal.path("blocked_reads").asBoolean(true)).isFalse();
            assertThat(personal.path("blocked_writes").asBoolean(true)).isFalse();
            assertThat(personal.has("plan_id")).isTrue();
            assertThat(personal.has("require_mfa")).isTrue();
        }
    }

    @Test
    void getOrganizationReturnsItWrappedWithAndWithoutV1Prefix() {
        for (String path : List.of("/v1/organizations/admin", "/organizations/admin")) {
            JsonNode org = ok(admin.get(path)).get("organization");
            assertThat(org.path("slug").asText()).isEqualTo("admin");
            assertThat(org.path("type").asText()).isEqualTo("personal");
        }
    }

    @Test
    void patchOrganizationOveragesChangesAndReturnsIt() {
        ok(admin.post("/v1/organizations", obj().put("name", "overage-team")));
        JsonNode on = ok(admin.patch("/v1/organizations/overage-team", obj().put("overages", true)));
        assertThat(on.path("organization").path("overages").asBoolean()).isTrue();
        assertThat(ok(admin.get("/v1/organizations/overage-team")).path("organization").path("overages").asBoolean())
                .isTrue();
        JsonNode off = ok(admin.patch("/organizations/overage-team", obj().put("overages", false)));
        assertThat(off.path("organization").path("overages").asBoolean(true)).isFalse();
    }

    @Test
    void patchOrganizationBodySentAsTextPlainIsAccepted() {
        ok(admin.post("/v1/organizations", obj().put("name", "plain-team")));
        JsonNode body = ok(admin.send("PATCH", "/v1/organizations/plain-team", "{\"overages\":true}",
                "text/plain;charset=UTF-8"));
        assertThat(body.path("organization").path("overages").asBoolean()).isTrue();
    }

    @Test
    void createTeamOrganizationMakesTheCallerItsOwnerWithADefaultGroup() {
        JsonNode created = ok(admin.post("/v1/organizations", obj().put("name", "team-one")));
        assertThat(created.path("organization").path("slug").asText()).isEqualTo("team-one");
        assertThat(created.path("organization").path("type").asText()).isEqualTo("team");

        assertThat(slugs(ok(admin.get("/v1/organizations")).get("organizations"))).contains("admin", "team-one");
        JsonNode members = ok(admin.get("/v1/organizations/team-one/members")).get("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).path("username").asText()).isEqualTo("admin");
        assertThat(members.get(0).path("role").asText()).isEqualTo("owner");
        JsonNode groups = ok(admin.get("/v1/organizations/team-one/groups")).get("groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("name").asText()).isEqualTo("default");
    }

    @Test
    void createOrganizationTwiceIsAConflict() {
        ok(admin.post("/v1/organizations", obj().put("name", "dup-team")));
        error(admin.post("/v1/organizations", obj().put("name", "dup-team")), 409, "organization dup-team already exists");
    }

    @Test
    void createUserReturnsAWorkingApiTokenForAUserWithAPersonalOrganization() {
        String token = createUser("carol");
        PlatformHttp carol = admin.as(token);
        JsonNode orgs = ok(carol.get("/v1/organizations")).get("organizations");
        assertThat(slugs(orgs)).containsExactly("carol");
        assertThat(ok(carol.get("/v1/current-user")).path("user").path("username").asText()).isEqualTo("carol");
    }

    @Test
    void onlyTheFirstUserCanCreateUsers() {
        String token = createUser("dave");
        errorContaining(admin.as(token).post("/v1/users", obj().put("username", "eve")), 401, "first user");
    }

    @Test
    void membersCanBeAddedListedAndRemoved() {
        String bobToken = createUser("bob");
        PlatformHttp bob = admin.as(bobToken);
        ok(admin.post("/v1/organizations", obj().put("name", "crew")));

        // not yet a member: 403
        errorContaining(bob.get("/v1/organizations/crew/databases"), 403, "not a member of organization crew");

        JsonNode added = ok(admin.post("/v1/organizations/crew/members/bob", obj().put("member", "bob").put("role", "member")));
        assertThat(added).isEqualTo(obj().put("member", "bob").put("role", "member"));

        JsonNode members = ok(admin.get("/v1/organizations/crew/members")).get("members");
        assertThat(members).hasSize(2);
        List<String> pairs = new ArrayList<>();
        members.forEach(m -> pairs.add(m.path("username").asText() + ":" + m.path("role").asText()));
        assertThat(pairs).containsExactlyInAnyOrder("admin:owner", "bob:member");

        // now a member: can read
        ok(bob.get("/v1/organizations/crew/databases"));
        assertThat(slugs(ok(bob.get("/v1/organizations")).get("organizations"))).contains("bob", "crew");
        // a plain member cannot manage members (401, not 403: 403 is only for non-members)
        errorContaining(bob.delete("/v1/organizations/crew/members/admin"), 401, "only owners and admins");

        JsonNode removed = ok(admin.delete("/v1/organizations/crew/members/bob"));
        assertThat(removed).isEqualTo(obj().put("member", "bob"));
        assertThat(ok(admin.get("/v1/organizations/crew/members")).get("members")).hasSize(1);
        errorContaining(bob.get("/v1/organizations/crew/databases"), 403, "not a member of organization crew");
    }

    @Test
    void memberAddedWithTheUsernameInTheBodyLikeTheDocsAndCli() {
        createUser("ivan");
        ok(admin.post("/v1/organizations", obj().put("name", "body-crew")));
        JsonNode added = ok(admin.post("/v1/organizations/body-crew/members",
                obj().put("username", "ivan").put("role", "admin")));
        assertThat(added).isEqualTo(obj().put("member", "ivan").put("role", "admin"));
        List<String> usernames = new ArrayList<>();
        ok(admin.get("/v1/organizations/body-crew/members")).get("members")
                .forEach(m -> usernames.add(m.get("username").asText()));
        assertThat(usernames).containsExactlyInAnyOrder("admin", "ivan");
    }

    @Test
    void memberAddedThroughTheNamedRouteWithMemberBodyGetsTheRequestedRole() {
        createUser("frank");
        ok(admin.post("/v1/organizations", obj().put("name", "guild")));
        JsonNode added = ok(admin.send("POST", "/v1/organizations/guild/members/frank",
                "{\"member\":\"frank\",\"role\":\"admin\"}", "text/plain;charset=UTF-8"));
        assertThat(added).isEqualTo(obj().put("member", "frank").put("role", "admin"));
    }

    @Test
    void addingAMemberToAPersonalOrganizationIsRefused() {
        createUser("gina");
        errorContaining(admin.post("/v1/organizations/admin/members/gina", obj().put("role", "member")), 400,
                "personal organization");
    }

    @Test
    void aUserWhoIsNotAMemberGets403OnSomeoneElsesOrganization() {
        PlatformHttp hank = admin.as(createUser("hank"));
        String msg = "you are not a member of organization admin";
        error(hank.get("/v1/organizations/admin"), 403, msg);
        error(hank.get("/v1/organizations/admin/databases"), 403, msg);
        error(hank.get("/v1/organizations/admin/groups"), 403, msg);
        error(hank.get("/v1/organizations/admin/databases/default"), 403, msg);
        error(hank.post("/v1/organizations/admin/databases", obj().put("name", "intruder")), 403, msg);
        error(hank.get("/v1/organizations/admin/members"), 403, msg);
        // …and the admin's databases stay invisible to hank's personal routes
        JsonNode own = ok(hank.get("/v1/databases")).get("databases");
        assertThat(own).isEmpty();
    }

    @Test
    void unknownOrganizationIs404OnGet() {
        error(admin.get("/v1/organizations/no-such-org"), 404, "organization not found");
    }

    @Test
    void unknownOrganizationIs404OnItsSubRoutes() {
        error(admin.get("/v1/organizations/no-such-org/members"), 404, "organization not found");
        error(admin.get("/v1/organizations/no-such-org/databases"), 404, "organization not found");
        error(admin.get("/v1/organizations/no-such-org/groups"), 404, "organization not found");
        error(admin.patch("/v1/organizations/no-such-org", obj().put("overages", true)), 404, "organization not found");
    }

    @Test
    void invalidOrganizationNameIs400() {
        errorContaining(admin.post("/v1/organizations", obj().put("name", "Upper")), 400, "invalid");
        errorContaining(admin.post("/v1/organizations", obj().put("name", "../x")), 400, "invalid");
    }

    @Test
    void locationsListTheSingleLocalLocation() {
        JsonNode v1 = ok(admin.get("/v1/locations"));
        assertThat(v1.path("locations").has("local")).isTrue();
        JsonNode v2 = ok(admin.get("/v2/organizations/admin/locations"));
        assertThat(v2.path("locations").isObject()).isTrue();
        assertThat(v2.path("locations").elements().next().has("local")).isTrue();
    }
}

package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.account.Member;
import dev.shoal.core.account.Organization;
import dev.shoal.core.account.Role;
import dev.shoal.core.account.User;
import dev.shoal.core.apitoken.ApiToken;
import dev.shoal.core.apitoken.ApiTokenService;
import dev.shoal.core.apitoken.Principal;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.group.GroupService;
import java.util.List;
import java.util.Optional;

/** Users, organizations, members, API tokens and locations. */
final class AccountRoutes {
    private final PlatformServices s;
    private final PlatformJson json;
    private final String firstUser;

    AccountRoutes(PlatformServices services, PlatformJson json, String firstUser) {
        this.s = services;
        this.json = json;
        this.firstUser = firstUser;
    }

    void register(PlatformRoutes r) {
        r.get("/v1/current-user", this::currentUser);
        r.get("/v1/user", this::user);
        r.post("/v1/users", this::createUser);
        r.get("/v1/organizations", this::organizations);
        r.get("/v2/organizations", this::organizations);
        r.post("/v1/organizations", this::createOrganization);
        r.get("/v1/organizations/{org}", this::organization);
        r.patch("/v1/organizations/{org}", this::updateOrganization);
        r.get("/v1/organizations/{org}/members", this::members);
        r.post("/v1/organizations/{org}/members", this::addMember);
        r.post("/v1/organizations/{org}/members/{username}", this::addMember);
        r.delete("/v1/organizations/{org}/members/{username}", this::removeMember);
        r.get("/v1/locations", c -> locations(false));
        r.get("/v2/locations", c -> locations(true));
        r.get("/v2/organizations/{org}/locations", c -> {
            s.accounts().organization(c.org());
            c.principal().requireMember(s.accountCatalog(), c.org());
            return locations(true);
        });
        r.get("/v1/auth/api-tokens", this::listTokens);
        r.post("/v1/auth/api-tokens/{name}", c -> mintToken(c, false));
        r.post("/v2/auth/api-tokens/{name}", c -> mintToken(c, true));
        r.delete("/v1/auth/api-tokens/{name}", this::revokeToken);
        r.get("/v1/auth/validate", this::validate);
        r.get("/v1/auth/api-tokens/validate", this::validate);
    }

    private ObjectNode currentUser(Call c) {
        ObjectNode o = json.object();
        ObjectNode u = o.putObject("user");
        u.put("username", c.principal().username());
        u.put("plan", "self-hosted");
        return o;
    }

    private ObjectNode user(Call c) {
        User user = s.accounts().user(c.principal().username());
        ObjectNode o = json.object();
        ObjectNode u = o.putObject("user");
        u.put("username", user.username());
        u.put("name", user.username());
        u.put("email", user.email());
        u.put("avatarUrl", "");
        u.put("plan", "self-hosted");
        u.put("mfa", false);
        u.put("has_pending_invites", false);
        return o;
    }

    /** Shoal extension: the first user (the instance's administrator) creates users. */
    private ObjectNode createUser(Call c) {
        if (!c.principal().username().equals(firstUser)) {
            throw new ShoalException(ErrorCode.UNAUTHORIZED, "only " + firstUser + " (the server's first user) can create users");
        }
        c.principal().requireAccountLevel("create users");
        String username = c.body().requiredText("username");
        User u = s.accounts().createUser(username, c.body().text("email").orElse(""));
        ApiTokenService.Minted minted = s.apiTokens().mint(u.username(), "initial", Optional.empty(), Optional.empty(),
                List.of());
        ObjectNode o = json.object();
        o.putObject("user").put("username", u.username()).put("email", u.email());
        o.put("token", minted.secret());
        return o;
    }

    private ObjectNode organizations(Call c) {
        ObjectNode o = json.object();
        ArrayNode arr = o.putArray("organizations");
        for (Organization org : s.accounts().organizationsOf(c.principal().username())) {
            if (visible(c.principal(), org.slug())) {
                arr.add(json.organization(org));
            }
        }
        return o;
    }

    private static boolean visible(Principal p, String org) {
        return p.token().flatMap(ApiToken::organization).map(org::equals).orElse(true);
    }

    private ObjectNode createOrganization(Call c) {
        c.principal().requireAccountLevel("create organizations");
        String slug = c.body().text("slug").or(() -> c.body().text("name")).orElseThrow(() ->
                new ShoalException(ErrorCode.INVALID_REQUEST, "`name` is required"));
        Organization org = s.accounts().createTeam(c.principal().username(), slug, c.body().text("name"));
        ObjectNode o = json.object();
        o.set("organization", json.organization(org));
        return o;
    }

    private ObjectNode organization(Call c) {
        s.accounts().organization(c.org());
        c.principal().require(s.accountCatalog(), c.org(), Optional.empty(), Scope.READ);
        ObjectNode o = json.object();
        o.set("organization", json.organization(s.accounts().organization(c.org())));
        return o;
    }

    private ObjectNode updateOrganization(Call c) {
        s.accounts().organization(c.org());
        c.principal().requireManager(s.accountCatalog(), c.org());
        Organization org = s.accounts().organization(c.org());
        Optional<Boolean> overages = c.body().bool("overages");
        if (overages.isPresent()) {
            org = s.accounts().setOverages(c.org(), overages.get());
        }
        ObjectNode o = json.object();
        o.set("organization", json.organization(org));
        return o;
    }

    private ObjectNode members(Call c) {
        s.accounts().organization(c.org());
        c.principal().require(s.accountCatalog(), c.org(), Optional.empty(), Scope.READ);
        ObjectNode o = json.object();
        ArrayNode arr = o.putArray("members");
        for (Member m : s.accounts().members(c.org())) {
            arr.addObject().put("username", m.username()).put("role", m.role().wire()).put("email", m.email());
        }
        return o;
    }

    private ObjectNode addMember(Call c) {
        s.accounts().organization(c.org());
        c.principal().requireManager(s.accountCatalog(), c.org());
        String username = Optional.ofNullable(c.param("username"))
                .or(() -> c.body().text("username")).or(() -> c.body().text("member"))
                .orElseThrow(() -> new ShoalException(ErrorCode.INVALID_REQUEST, "`username` is required"));
        Role role = c.body().text("role").map(Role::parse).orElse(Role.MEMBER);
        Member m = s.accounts().addMember(c.org(), username, role);
        return json.object().put("member", m.username()).put("role", m.role().wire());
    }

    private ObjectNode removeMember(Call c) {
        s.accounts().organization(c.org());
        c.principal().requireManager(s.accountCatalog(), c.org());
        s.accounts().removeMember(c.org(), c.param("username"));
        return json.object().put("member", c.param("username"));
    }

    private ObjectNode locations(boolean nested) {
        ObjectNode o = json.object();
        ObjectNode locs = o.putObject("locations");
        ObjectNode target = nested ? locs.putObject("shoal") : locs;
        target.put(GroupService.LOCATION, "This Shoal server");
        return o;
    }

    private ObjectNode listTokens(Call c) {
        c.principal().requireAccountLevel("list API tokens");
        ObjectNode o = json.object();
        ArrayNode arr = o.putArray("tokens");
        s.apiTokens().list(c.principal().username()).forEach(t -> arr.add(json.apiToken(t)));
        return o;
    }

    private ObjectNode mintToken(Call c, boolean v2) {
        Principal p = c.principal();
        p.requireAccountLevel("mint API tokens");
        Optional<String> org = c.body().text("organization");
        Optional<String> group = c.body().text("group");
        org.ifPresent(o -> {
            s.accounts().organization(o);
            p.requireMember(s.accountCatalog(), o);
        });
        group.ifPresent(g -> s.groups().get(org.orElseThrow(() -> new ShoalException(ErrorCode.INVALID_REQUEST,
                "a group-scoped token needs an organization too")), g));
        ApiTokenService.Minted m = s.apiTokens().mint(p.username(), c.param("name"), org, group, c.body().strings("scopes"));
        ObjectNode o = json.object();
        if (v2) {
            o.putObject("token").put("name", m.token().name()).put("id", m.token().id().toString()).put("value", m.secret());
        } else {
            o.put("name", m.token().name()).put("id", m.token().id().toString()).put("token", m.secret());
        }
        return o;
    }

    private ObjectNode revokeToken(Call c) {
        c.principal().requireAccountLevel("revoke API tokens");
        s.apiTokens().revoke(c.principal().username(), c.param("name"));
        return json.object().put("token", c.param("name"));
    }

    /** API tokens do not expire: {@code exp} is -1 ("never"), as Turso reports it. */
    private ObjectNode validate(Call c) {
        return json.object().put("exp", -1);
    }
}

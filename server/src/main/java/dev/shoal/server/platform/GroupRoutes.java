package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.group.Group;
import io.helidon.http.Method;
import java.util.Optional;

/** Groups: list, get, create, delete, configuration, tokens. */
final class GroupRoutes {
    private final PlatformServices s;
    private final PlatformJson json;

    GroupRoutes(PlatformServices services, PlatformJson json) {
        this.s = services;
        this.json = json;
    }

    void register(PlatformRoutes r) {
        r.orgScoped(Method.GET, "/groups", this::list);
        r.orgScoped(Method.POST, "/groups", this::create);
        r.orgScoped(Method.GET, "/groups/{group}", this::get);
        r.orgScoped(Method.DELETE, "/groups/{group}", r.onSqlThreads(this::delete)); // deletes its databases
        r.orgScoped(Method.GET, "/groups/{group}/configuration", this::configuration);
        r.orgScoped(Method.PATCH, "/groups/{group}/configuration", this::configure);
        r.orgScoped(Method.POST, "/groups/{group}/auth/tokens", this::createToken);
        r.orgScoped(Method.POST, "/groups/{group}/auth/rotate", this::rotate);
    }

    private Group group(Call c, Scope scope) {
        s.accounts().organization(c.org());
        c.principal().require(s.accountCatalog(), c.org(), Optional.of(c.param("group")), scope);
        return s.groups().get(c.org(), c.param("group"));
    }

    private ObjectNode list(Call c) {
        s.accounts().organization(c.org());
        Optional<String> limit = c.principal().groupLimit();
        c.principal().require(s.accountCatalog(), c.org(), limit, Scope.READ);
        ObjectNode o = json.object();
        ArrayNode arr = o.putArray("groups");
        s.groups().list(c.org()).stream().filter(g -> limit.map(g.name()::equals).orElse(true))
                .forEach(g -> arr.add(json.group(g)));
        return o;
    }

    private ObjectNode get(Call c) {
        return json.object().set("group", json.group(group(c, Scope.READ)));
    }

    private ObjectNode create(Call c) {
        s.accounts().organization(c.org());
        c.principal().require(s.accountCatalog(), c.org(), Optional.empty(), Scope.GROUP_CREATE);
        Group g = s.groups().create(c.org(), c.body().requiredText("name"), c.body().text("location").orElse(null));
        return json.object().set("group", json.group(g));
    }

    private ObjectNode delete(Call c) {
        group(c, Scope.GROUP_DELETE);
        Group g = s.databases().deleteGroup(c.org(), c.param("group"));
        return json.object().set("group", json.group(g));
    }

    private ObjectNode configuration(Call c) {
        return json.object().put("delete_protection", group(c, Scope.READ).deleteProtection());
    }

    private ObjectNode configure(Call c) {
        Group g = group(c, Scope.GROUP_CONFIGURE);
        Optional<Boolean> protection = c.body().bool("delete_protection");
        if (protection.isPresent()) {
            g = s.groups().setDeleteProtection(c.org(), g.name(), protection.get());
        }
        return json.object().put("delete_protection", g.deleteProtection());
    }

    private ObjectNode createToken(Call c) {
        Group g = group(c, Scope.GROUP_MINT_TOKEN);
        TokenRequests t = TokenRequests.parse(c, s.databases());
        return json.object().put("jwt", s.databaseTokens().mintGroupToken(g.id(), t.access(), t.expiration(),
                t.readAttach(), java.util.Optional.of(c.principal().username())));
    }

    private ObjectNode rotate(Call c) {
        Group g = group(c, Scope.GROUP_ROTATE_CREDS);
        s.tokenKeys().rotate(g.id());
        return json.object();
    }
}

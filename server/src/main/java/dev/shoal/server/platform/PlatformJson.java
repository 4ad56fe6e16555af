package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.account.Organization;
import dev.shoal.core.apitoken.ApiToken;
import dev.shoal.core.apitoken.Scope;
import dev.shoal.core.db.DatabaseConfig;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.group.Group;
import dev.shoal.server.DatabaseAddressing;
import java.util.function.Function;

/** The Platform API's object shapes, with Turso's exact field names and casing. */
final class PlatformJson {
    static final String VERSION = "shoal";

    private final ObjectMapper mapper;
    private final DatabaseAddressing addressing;

    PlatformJson(ObjectMapper mapper, DatabaseAddressing addressing) {
        this.mapper = mapper;
        this.addressing = addressing;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** Database objects mix casings on the wire: {@code Name}, {@code DbId}, {@code Hostname}, then snake_case. */
    ObjectNode database(DatabaseRecord db, Function<java.util.UUID, String> nameOfId) {
        ObjectNode d = mapper.createObjectNode();
        d.put("Name", db.name());
        d.put("DbId", db.id().toString());
        d.put("Hostname", addressing.hostname(db));
        d.putArray("regions").add("local");
        d.put("primaryRegion", "local");
        d.put("type", "logical");
        d.put("database_type", "libsql");
        d.put("version", VERSION);
        d.put("group", db.group());
        d.put("sleeping", false);
        d.put("archived", false);
        DatabaseConfig c = db.config();
        d.put("allow_attach", c.allowAttach());
        d.put("block_reads", c.blockReads());
        d.put("block_writes", c.blockWrites());
        d.put("delete_protection", c.deleteProtection());
        d.put("is_schema", db.kind() == DatabaseKind.SCHEMA);
        d.put("schema", db.parentName().orElse(""));
        d.put("created_at", db.createdAt().toString());
        db.branchedFrom().ifPresent(p -> {
            ObjectNode parent = d.putObject("parent");
            parent.put("id", p.toString());
            parent.put("name", nameOfId.apply(p));
            parent.put("branched_at", db.createdAt().toString());
        });
        return d;
    }

    ObjectNode config(DatabaseConfig c) {
        ObjectNode o = mapper.createObjectNode();
        if (c.sizeLimit().isPresent()) {
            o.put("size_limit", c.sizeLimit().get());
        } else {
            o.putNull("size_limit");
        }
        o.put("allow_attach", c.allowAttach());
        o.put("block_reads", c.blockReads());
        o.put("block_writes", c.blockWrites());
        o.put("delete_protection", c.deleteProtection());
        o.put("migration_mode", c.migrationMode().wireName());
        o.putArray("allowed_ips");
        o.putArray("allowed_aws_vpc_ids");
        return o;
    }

    ObjectNode group(Group g) {
        ObjectNode o = mapper.createObjectNode();
        o.put("uuid", g.id().toString());
        o.put("name", g.name());
        o.put("version", VERSION);
        o.putArray("locations").add(g.location());
        o.put("primary", g.location());
        o.put("archived", false);
        o.put("delete_protection", g.deleteProtection());
        ObjectNode loc = o.putObject("status").putArray("locations").addObject();
        loc.put("name", g.location());
        loc.put("status", "up");
        return o;
    }

    ObjectNode organization(Organization org) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", org.id().toString());
        o.put("name", org.name());
        o.put("slug", org.slug());
        o.put("type", org.personal() ? "personal" : "team");
        o.put("overages", org.overages());
        o.put("blocked_reads", false);
        o.put("blocked_writes", false);
        o.put("plan_id", "self-hosted");
        o.put("plan_timeline", "monthly");
        o.put("platform", "shoal");
        o.put("require_mfa", false);
        return o;
    }

    ObjectNode apiToken(ApiToken t) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", t.id().toString());
        o.put("name", t.name());
        t.organization().ifPresent(org -> o.put("organization", org));
        t.group().ifPresent(g -> o.put("group", g));
        var scopes = o.putArray("scopes");
        t.scopes().stream().map(Scope::wire).forEach(scopes::add);
        o.put("created_at", t.createdAt().toString());
        return o;
    }
}

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
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases over the Platform API: create variants, list filters and pages, get, configuration, usage, instances. */
class DatabasesApiTest {
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

    private static JsonNode create(ObjectNode body) {
        return ok(admin.post("/v1/organizations/admin/databases", body)).get("database");
    }

    private static JsonNode create(String name) {
        return create(obj().put("name", name));
    }

    private static JsonNode get(String name) {
        return ok(admin.get("/v1/organizations/admin/databases/" + name)).get("database");
    }

    /** Runs statements on a database over Hrana with a fresh full-access token; returns the results. */
    static JsonNode sql(String db, String... statements) {
        String jwt = ok(admin.post("/v1/organizations/admin/databases/" + db + "/auth/tokens")).get("jwt").asText();
        String url = "http://" + get(db).get("Hostname").asText() + "v2/pipeline";
        List<JsonNode> reqs = new ArrayList<>();
        for (String s : statements) {
            reqs.add(Hrana.execute(s));
        }
        reqs.add(Hrana.close());
        HttpJson.Response r = admin.as(jwt).post(url, Hrana.pipelineBody(null, reqs.toArray(JsonNode[]::new)));
        JsonNode body = ok(r);
        for (int i = 0; i < statements.length; i++) {
            assertThat(body.get("results").get(i).get("type").asText()).as("%s in %s", statements[i], r).isEqualTo("ok");
        }
        return body.get("results");
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("databases").forEach(d -> out.add(d.get("Name").asText()));
        return out;
    }

    @Test
    void createReturnsDbIdHostnameAndNameOnly() {
        JsonNode db = create("plain");
        assertThat(db.size()).as("%s", db).isEqualTo(3);
        assertThat(db.get("Name").asText()).isEqualTo("plain");
        assertThat(db.get("DbId").asText()).hasSize(36);
        assertThat(db.get("Hostname").asText()).isEqualTo(server.url().substring("http://".length()) + "/db/admin/plain/");
    }

    @Test
    void getDatabaseHasTursoMixedCasingAndLocalPrimaryRegion() {
        JsonNode created = create("shape");
        JsonNode db = get("shape");
        assertThat(db.get("Name").asText()).isEqualTo("shape");
        assertThat(db.get("DbId").asText()).isEqualTo(created.get("DbId").asText());
        assertThat(db.get("Hostname").asText()).isEqualTo(created.get("Hostname").asText());
        assertThat(db.has("name")).isFalse();
        assertThat(db.get("primaryRegion").asText()).isEqualTo("local");
        assertThat(db.get("regions").get(0).asText()).isEqualTo("local");
        assertThat(db.get("type").asText()).isEqualTo("logical");
        assertThat(db.get("group").asText()).isEqualTo("default");
        assertThat(db.get("is_schema").asBoolean(true)).isFalse();
        assertThat(db.get("schema").asText("x")).isEmpty();
        assertThat(db.get("allow_attach").asBoolean(true)).isFalse();
        assertThat(db.get("block_reads").asBoolean(true)).isFalse();
        assertThat(db.get("block_writes").asBoolean(true)).isFalse();
        assertThat(db.get("delete_protection").asBoolean(true)).isFalse();
        assertThat(db.get("sleeping").asBoolean(true)).isFalse();
        assertThat(db.get("archived").asBoolean(true)).isFalse();
        assertThat(db.has("parent")).isFalse();
    }

    @Test
    void everyDatabaseRouteAnswersWithoutV1PrefixAndOnTheOrgLessPersonalRoutes() {
        create("aliased");
        for (String prefix : List.of("/v1/organizations/admin", "/organizations/admin", "/v1", "")) {
            String db = prefix + "/databases/aliased";
            assertThat(names(ok(admin.get(prefix + "/databases")))).as(prefix).contains("aliased");
            assertThat(ok(admin.get(db)).get("database").get("Name").asText()).as(prefix).isEqualTo("aliased");
            assertThat(ok(admin.get(db + "/configuration")).has("size_limit")).as(prefix).isTrue();
            assertThat(ok(admin.patch(db + "/configuration", obj())).has("allow_attach")).as(prefix).isTrue();
            assertThat(ok(admin.get(db + "/usage")).path("database").has("usage")).as(prefix).isTrue();
            assertThat(ok(admin.get(db + "/instances")).get("instances")).as(prefix).hasSize(1);
            assertThat(ok(admin.get(db + "/instances/local")).get("instance").get("name").asText()).isEqualTo("local");
            assertThat(ok(admin.post(db + "/auth/tokens")).get("jwt").asText()).as(prefix).isNotEmpty();
            assertThat(ok(admin.post(db + "/auth/rotate"))).as(prefix).isEqualTo(obj());
        }
        for (String prefix : List.of("/v1/organizations/admin", "/organizations/admin", "/v1", "")) {
            ok(admin.post(prefix + "/databases", obj().put("name", "made-at" + prefix.replace('/', '-'))));
            assertThat(ok(admin.delete(prefix + "/databases/made-at" + prefix.replace('/', '-'))))
                    .isEqualTo(obj().put("database", "made-at" + prefix.replace('/', '-')));
        }
    }

    @Test
    void createBodySentAsTextPlainIsAccepted() {
        JsonNode r = ok(admin.send("POST", "/v1/organizations/admin/databases", "{\"name\":\"texty\"}",
                "text/plain;charset=UTF-8"));
        assertThat(r.get("database").get("Name").asText()).isEqualTo("texty");
    }

    @Test
    void createInAGroupAndListByGroup() {
        ok(admin.post("/v1/groups", obj().put("name", "team-g")));
        create(obj().put("name", "in-g1").put("group", "team-g"));
        create(obj().put("name", "in-g2").put("group", "team-g").put("location", "local"));
        assertThat(get("in-g1").get("group").asText()).isEqualTo("team-g");
        JsonNode list = ok(admin.get("/v1/organizations/admin/databases?group=team-g"));
        assertThat(names(list)).containsExactly("in-g1", "in-g2");
        assertThat(list.get("pagination").get("next").isNull()).isTrue();
    }

    @Test
    void createInAnUnknownGroupIs400() {
        error(admin.post("/v1/databases", obj().put("name", "orphan").put("group", "ghost")), 400, "group not found");
    }

    @Test
    void schemaDatabasesAndTheirChildren() {
        JsonNode parent = create(obj().put("name", "schema-parent").put("is_schema", true));
        create(obj().put("name", "schema-child").put("schema", "schema-parent"));
        create("not-a-child");

        JsonNode p = get("schema-parent");
        assertThat(p.get("is_schema").asBoolean()).isTrue();
        assertThat(p.get("schema").asText()).isEmpty();
        JsonNode c = get("schema-child");
        assertThat(c.get("is_schema").asBoolean(true)).isFalse();
        assertThat(c.get("schema").asText()).isEqualTo("schema-parent");

        assertThat(names(ok(admin.get("/v1/databases?schema=schema-parent")))).containsExactly("schema-child");
        assertThat(names(ok(admin.get("/v1/databases?type=schema")))).containsExactly("schema-parent");
        assertThat(parent.get("Name").asText()).isEqualTo("schema-parent");

        // a parent with children cannot be deleted
        errorContaining(admin.delete("/v1/databases/schema-parent"), 400, "child");
    }

    @Test
    void isSchemaAndSchemaTogetherAre400() {
        create(obj().put("name", "both-parent").put("is_schema", true));
        error(admin.post("/v1/databases", obj().put("name", "both").put("is_schema", true).put("schema", "both-parent")),
                400, "'is_schema' and 'schema' cannot both be provided");
    }

    @Test
    void schemaParentThatIsNotASchemaDatabaseIs400() {
        create("regular-parent");
        errorContaining(admin.post("/v1/databases", obj().put("name", "bad-child").put("schema", "regular-parent")), 400,
                "is not a schema database");
        errorContaining(admin.post("/v1/databases", obj().put("name", "bad-child2").put("schema", "missing-parent")), 400,
                "missing-parent");
        error(admin.get("/v1/databases/bad-child"), 404, "could not find database with name bad-child: record not found");
    }

    @Test
    void schemaChildMustBeInItsParentsGroup() {
        ok(admin.post("/v1/groups", obj().put("name", "schema-home")));
        create(obj().put("name", "homed-parent").put("is_schema", true).put("group", "schema-home"));
        errorContaining(admin.post("/v1/databases", obj().put("name", "stray-child").put("schema", "homed-parent")), 400,
                "same group");
        create(obj().put("name", "homed-child").put("schema", "homed-parent").put("group", "schema-home"));
        assertThat(get("homed-child").get("schema").asText()).isEqualTo("homed-parent");
    }

    @Test
    void seedFromADatabaseCopiesItsRowsByNameOrValue() {
        create("seed-src");
        sql("seed-src", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1), (2), (3)");
        JsonNode src = get("seed-src");

        ObjectNode byName = obj().put("name", "seeded-name");
        byName.putObject("seed").put("type", "database").put("name", "seed-src");
        create(byName);
        ObjectNode byValue = obj().put("name", "seeded-value");
        byValue.putObject("seed").put("type", "database").put("value", "seed-src");
        create(byValue);

        for (String db : List.of("seeded-name", "seeded-value")) {
            JsonNode results = sql(db, "SELECT count(*), sum(x) FROM t");
            JsonNode row = results.get(0).get("response").get("result").get("rows").get(0);
            assertThat(Hrana.decodeRow(row)).as(db).containsExactly(3L, 6L);
            assertThat(get(db).get("parent").get("id").asText()).isEqualTo(src.get("DbId").asText());
            assertThat(get(db).get("parent").get("name").asText()).isEqualTo("seed-src");
        }
        // the copy is independent of its source
        sql("seeded-name", "INSERT INTO t VALUES (10)");
        JsonNode srcCount = sql("seed-src", "SELECT count(*) FROM t").get(0).get("response").get("result");
        assertThat(Hrana.single(srcCount)).isEqualTo(3L);

        assertThat(names(ok(admin.get("/v1/databases?parent=" + src.get("DbId").asText()))))
                .containsExactly("seeded-name", "seeded-value");
    }

    @Test
    void seedFromAnUnknownDatabaseIs400() {
        ObjectNode body = obj().put("name", "seeded-ghost");
        body.putObject("seed").put("type", "database").put("name", "ghost-src");
        error(admin.post("/v1/databases", body), 400, "seed database ghost-src not found");
        error(admin.get("/v1/databases/seeded-ghost"), 404,
                "could not find database with name seeded-ghost: record not found");
    }

    @Test
    void listPaginatesWithLimitAndCursor() {
        ok(admin.post("/v1/groups", obj().put("name", "paged")));
        for (int i = 1; i <= 5; i++) {
            create(obj().put("name", "page-" + i).put("group", "paged"));
        }
        JsonNode p1 = ok(admin.get("/v1/organizations/admin/databases?group=paged&limit=2"));
        assertThat(names(p1)).containsExactly("page-1", "page-2");
        String next = p1.get("pagination").get("next").asText();
        JsonNode p2 = ok(admin.get("/v1/organizations/admin/databases?group=paged&limit=2&cursor=" + next));
        assertThat(names(p2)).containsExactly("page-3", "page-4");
        String next2 = p2.get("pagination").get("next").asText();
        JsonNode p3 = ok(admin.get("/v1/organizations/admin/databases?group=paged&limit=2&cursor=" + next2));
        assertThat(names(p3)).containsExactly("page-5");
        assertThat(p3.get("pagination").get("next").isNull()).isTrue();

        errorContaining(admin.get("/v1/databases?limit=0"), 400, "limit");
        errorContaining(admin.get("/v1/databases?limit=abc"), 400, "limit");
    }

    @Test
    void prefixListsTheNamesThatStartWithItAndPagesWithinThem() {
        ok(admin.post("/v1/groups", obj().put("name", "prefixed")));
        for (String name : new String[] {"pfx-a", "pfx-b", "pfx-c", "pfx", "pfy-a", "pf"}) {
            create(obj().put("name", name).put("group", "prefixed"));
        }
        String base = "/v1/organizations/admin/databases?group=prefixed&prefix=";
        assertThat(names(ok(admin.get(base + "pfx")))).containsExactly("pfx", "pfx-a", "pfx-b", "pfx-c");
        assertThat(names(ok(admin.get(base + "pfx-")))).containsExactly("pfx-a", "pfx-b", "pfx-c");
        assertThat(names(ok(admin.get(base + "pfz")))).isEmpty();
        assertThat(names(ok(admin.get(base)))).hasSize(6); // an empty prefix filters nothing
        JsonNode p1 = ok(admin.get(base + "pfx-&limit=2"));
        assertThat(names(p1)).containsExactly("pfx-a", "pfx-b");
        JsonNode p2 = ok(admin.get(base + "pfx-&limit=2&cursor=" + p1.get("pagination").get("next").asText()));
        assertThat(names(p2)).containsExactly("pfx-c");
        assertThat(p2.get("pagination").get("next").isNull()).isTrue();
        assertThat(names(ok(admin.get("/v1/databases?type=regular&prefix=pfy")))).containsExactly("pfy-a");

        String refused = "invalid `prefix`: database names hold only lowercase letters, digits and dashes (at most "
                + "64), so a prefix must too";
        error(admin.get(base + "PFX"), 400, refused);
        error(admin.get(base + "pf%25"), 400, refused); // LIKE's wildcard is just a refused character
        error(admin.get(base + "a".repeat(65)), 400, refused);
    }

    @Test
    void duplicateDatabaseIs409() {
        create("dupe");
        error(admin.post("/v1/organizations/admin/databases", obj().put("name", "dupe")), 409,
                "database with name dupe already exists");
    }

    @Test
    void unknownDatabaseIs404OnEveryDatabaseRoute() {
        String msg = "could not find database with name nope: record not found";
        String db = "/v1/organizations/admin/databases/nope";
        error(admin.get(db), 404, msg);
        error(admin.delete(db), 404, msg);
        error(admin.get(db + "/configuration"), 404, msg);
        error(admin.patch(db + "/configuration", obj().put("block_reads", true)), 404, msg);
        error(admin.get(db + "/usage"), 404, msg);
        error(admin.get(db + "/instances"), 404, msg);
        error(admin.get(db + "/instances/local"), 404, msg);
        error(admin.post(db + "/auth/tokens"), 404, msg);
        error(admin.post(db + "/auth/rotate"), 404, msg);
        error(admin.get("/databases/nope"), 404, msg);
    }

    @Test
    void invalidDatabaseNamesAre400() {
        errorContaining(admin.post("/v1/databases", obj().put("name", "../x")), 400, "invalid");
        errorContaining(admin.post("/v1/databases", obj().put("name", "a".repeat(1000))), 400, "limit is 64");
        errorContaining(admin.post("/v1/databases", obj().put("name", "UpperCase")), 400, "invalid");
        errorContaining(admin.post("/v1/databases", obj().put("name", "-dash")), 400, "dash");
        errorContaining(admin.post("/v1/databases", obj()), 400, "name");
        errorContaining(admin.post("/v1/databases", "{not json"), 400, "JSON");
        errorContaining(admin.post("/v1/databases", "[1,2]"), 400, "JSON object");
    }

    @Test
    void tokenCreationRejectsBadExpirationAndAuthorization() {
        create("tok-params");
        String base = "/v1/databases/tok-params/auth/tokens";
        error(admin.post(base + "?expiration=forever"), 400, "Invalid expiration format");
        error(admin.post(base + "?expiration=0d"), 400, "Invalid expiration format");
        error(admin.post(base + "?expiration=-1d"), 400, "Invalid expiration format");
        errorContaining(admin.post(base + "?authorization=admin"), 400, "invalid authorization");
        for (String ok : List.of("never", "7d", "2w1d30m", "1w2d6h3m")) {
            assertThat(ok(admin.post(base + "?expiration=" + ok + "&authorization=read-only")).get("jwt").asText())
                    .as(ok).contains(".");
        }
        ObjectNode attach = obj();
        attach.putObject("permissions").putObject("read_attach").putArray("databases").add("no-such-db");
        error(admin.post(base, attach), 400, "databases does not exist: no-such-db");
    }

    @Test
    void configurationGetAndPatchWithNullMeaningUnchanged() {
        create("conf");
        String path = "/v1/organizations/admin/databases/conf/configuration";
        JsonNode initial = ok(admin.get(path));
        assertThat(initial).isEqualTo(PlatformHttp.js(
                "{'size_limit':null,'allow_attach':false,'block_reads':false,'block_writes':false,"
                        + "'delete_protection':false,'migration_mode':'strict','allowed_ips':[],'allowed_aws_vpc_ids':[]}"));

        JsonNode attach = ok(admin.patch(path, PlatformHttp.js("{'allow_attach':true,'delete_protection':null}")));
        assertThat(attach.get("allow_attach").asBoolean()).isTrue();
        assertThat(attach.get("delete_protection").asBoolean(true)).isFalse();

        JsonNode protect = ok(admin.patch(path, PlatformHttp.js("{'allow_attach':null,'delete_protection':true}")));
        assertThat(protect.get("allow_attach").asBoolean()).as("null leaves allow_attach unchanged").isTrue();
        assertThat(protect.get("delete_protection").asBoolean()).isTrue();

        JsonNode all = ok(admin.send("PATCH", path,
                "{\"block_reads\":true,\"block_writes\":true,\"size_limit\":\"256mb\"}", "text/plain;charset=UTF-8"));
        assertThat(all).isEqualTo(PlatformHttp.js(
                "{'size_limit':'256mb','allow_attach':true,'block_reads':true,'block_writes':true,"
                        + "'delete_protection':true,'migration_mode':'strict','allowed_ips':[],'allowed_aws_vpc_ids':[]}"));
        assertThat(ok(admin.get(path))).isEqualTo(all);

        JsonNode db = get("conf");
        assertThat(db.get("allow_attach").asBoolean()).isTrue();
        assertThat(db.get("block_reads").asBoolean()).isTrue();
        assertThat(db.get("block_writes").asBoolean()).isTrue();
        assertThat(db.get("delete_protection").asBoolean()).isTrue();

        errorContaining(admin.patch(path, obj().put("size_limit", "lots")), 400, "invalid size limit");
        errorContaining(admin.patch(path, obj().put("block_reads", "yes")), 400, "block_reads");
    }

    @Test
    void deleteWithDeleteProtectionIs400AndKeepsTheDatabase() {
        create("guarded");
        ok(admin.patch("/v1/databases/guarded/configuration", obj().put("delete_protection", true)));
        errorContaining(admin.delete("/v1/organizations/admin/databases/guarded"), 400, "delete protection");
        ok(admin.get("/v1/databases/guarded"));
        ok(admin.patch("/v1/databases/guarded/configuration", obj().put("delete_protection", false)));
        assertThat(ok(admin.delete("/v1/organizations/admin/databases/guarded")))
                .isEqualTo(obj().put("database", "guarded"));
        error(admin.get("/v1/databases/guarded"), 404, "could not find database with name guarded: record not found");
        // the name is free again
        create("guarded");
    }

    @Test
    void usageGrowsAfterSqlAndReportsUsageAndTotal() {
        JsonNode created = create("metered");
        String path = "/v1/organizations/admin/databases/metered/usage";
        JsonNode before = ok(admin.get(path)).get("database");
        assertThat(before.get("uuid").asText()).isEqualTo(created.get("DbId").asText());
        long read0 = before.get("usage").get("rows_read").asLong();
        long written0 = before.get("usage").get("rows_written").asLong();

        sql("metered", "CREATE TABLE t(x)", "INSERT INTO t VALUES (1), (2), (3)", "SELECT * FROM t");

        JsonNode after = ok(admin.get(path + "?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z")).get("database");
        for (String key : List.of("usage", "total")) {
            JsonNode u = after.get(key);
            assertThat(u.get("rows_read").asLong()).as(key).isGreaterThan(read0);
            assertThat(u.get("rows_written").asLong()).as(key).isGreaterThanOrEqualTo(written0 + 3);
            assertThat(u.get("storage_bytes").asLong()).as(key).isGreaterThan(0);
            assertThat(u.has("bytes_synced")).as(key).isTrue();
        }
        assertThat(after.get("usage")).isEqualTo(after.get("total"));
        assertThat(after.get("instances")).hasSize(1);
        assertThat(after.get("instances").get(0).get("usage")).isEqualTo(after.get("usage"));

        errorContaining(admin.get(path + "?from=yesterday"), 400, "invalid date");
    }

    @Test
    void instancesListOnePrimaryAndGetInstanceReturnsIt() {
        JsonNode created = create("replicated");
        JsonNode list = ok(admin.get("/v1/organizations/admin/databases/replicated/instances"));
        assertThat(list.get("instances")).hasSize(1);
        JsonNode i = list.get("instances").get(0);
        assertThat(i.get("type").asText()).isEqualTo("primary");
        assertThat(i.get("name").asText()).isEqualTo("local");
        assertThat(i.get("region").asText()).isEqualTo("local");
        assertThat(i.get("hostname").asText()).isEqualTo(created.get("Hostname").asText());
        assertThat(i.get("uuid").asText()).isNotEmpty();

        JsonNode one = ok(admin.get("/v1/organizations/admin/databases/replicated/instances/local"));
        assertThat(one.get("instance")).isEqualTo(i);
        errorContaining(admin.get("/v1/organizations/admin/databases/replicated/instances/fra"), 404, "instance not found");
    }

    @Test
    void sizeLimitGivenAtCreateIsInTheConfiguration() {
        create(obj().put("name", "limited-at-birth").put("size_limit", "1gb"));
        assertThat(ok(admin.get("/v1/databases/limited-at-birth/configuration")).get("size_limit").asText())
                .isEqualTo("1gb");
        errorContaining(admin.post("/v1/databases", obj().put("name", "bad-limit").put("size_limit", "huge")), 400,
                "invalid size limit");
    }
}

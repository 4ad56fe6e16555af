package dev.shoal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.platform.PlatformHttp;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HttpJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Test helper: Hrana pipelines with a bearer database token, and assertions on their outcome. */
final class SqlCalls {
    private SqlCalls() {}

    /** POSTs {@code <dbUrl>v2/pipeline} running each statement then closing the stream; {@code jwt} may be null. */
    static HttpJson.Response pipeline(String dbUrl, String jwt, String... statements) {
        List<JsonNode> reqs = new ArrayList<>();
        for (String s : statements) {
            reqs.add(Hrana.execute(s));
        }
        reqs.add(Hrana.close());
        String base = dbUrl.endsWith("/") ? dbUrl : dbUrl + "/";
        return new PlatformHttp(base, jwt).post(base + "v2/pipeline",
                Hrana.pipelineBody(null, reqs.toArray(JsonNode[]::new)));
    }

    /** The pipeline answered 200 and every statement succeeded; returns the results. */
    static JsonNode allOk(HttpJson.Response r) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(200);
        assertThat(r.contentType()).as("content-type of %s", r).hasValue("application/json");
        JsonNode results = r.json().get("results");
        for (JsonNode res : results) {
            assertThat(res.path("type").asText()).as("result in %s", r).isEqualTo("ok");
        }
        return results;
    }

    /** The single value of statement {@code i}'s first row. */
    static Object value(HttpJson.Response r, int i) {
        return Hrana.single(allOk(r).get(i).get("response").get("result"));
    }

    /** The pipeline answered 200 and statement {@code i} failed with {@code code}; returns the error. */
    static JsonNode stmtError(HttpJson.Response r, int i, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(200);
        JsonNode res = r.json().get("results").get(i);
        assertThat(res.path("type").asText()).as("result %d of %s", i, r).isEqualTo("error");
        assertThat(res.path("error").path("code").asText()).as("code in %s", r).isEqualTo(code);
        assertThat(res.path("error").path("message").asText()).as("message in %s", r).isNotBlank();
        return res.get("error");
    }

    /** HTTP 401, JSON, code UNAUTHORIZED, with a message containing {@code fragment}. */
    static void unauthorized(HttpJson.Response r, String fragment) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(401);
        assertThat(r.contentType()).as("content-type of %s", r).hasValue("application/json");
        JsonNode body = r.json();
        assertThat(body.path("code").asText()).as("code in %s", r).isEqualTo("UNAUTHORIZED");
        assertThat(body.path("message").asText()).as("message in %s", r).contains(fragment);
        assertThat(body.path("error").asText()).as("error in %s", r).isEqualTo(body.path("message").asText());
    }

    /** Creates a database by the Platform API (in {@code group}, or default) with t(x) holding one row; returns its URL. */
    static String createDbWithRow(PlatformHttp admin, String name, String group) {
        ObjectNode body = PlatformHttp.obj().put("name", name);
        if (group != null) {
            body.put("group", group);
        }
        JsonNode db = PlatformHttp.ok(admin.post("/v1/organizations/admin/databases", body)).get("database");
        String url = "http://" + db.get("Hostname").asText();
        allOk(pipeline(url, dbToken(admin, name, ""), "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"));
        return url;
    }

    /** A database token minted by the Platform API; {@code query} is e.g. {@code ?authorization=read-only}. */
    static String dbToken(PlatformHttp admin, String db, String query) {
        return PlatformHttp.ok(admin.post("/v1/organizations/admin/databases/" + db + "/auth/tokens" + query))
                .get("jwt").asText();
    }

    /** A group token minted by the Platform API. */
    static String groupToken(PlatformHttp admin, String group, String query) {
        return PlatformHttp.ok(admin.post("/v1/organizations/admin/groups/" + group + "/auth/tokens" + query))
                .get("jwt").asText();
    }

    static String b64url(String s) {
        return b64url(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static JsonNode payload(String jwt) {
        return HttpJson.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}

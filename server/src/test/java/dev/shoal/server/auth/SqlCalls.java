package dev.shoal.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

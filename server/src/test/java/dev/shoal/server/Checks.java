package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.PipelineResult;
import dev.shoal.testkit.HttpJson;

/** Assertions shared by the server tests. */
final class Checks {
    private Checks() {}

    /** A Hrana HTTP-level error: the status, content type exactly application/json, {"message","code"}. */
    static JsonNode assertHranaError(HttpJson.Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.contentType()).as("content-type of %s", r).hasValue("application/json");
        JsonNode body = r.json();
        assertThat(body.path("code").asText()).as("code in %s", r).isEqualTo(code);
        assertThat(body.path("message").isTextual()).as("message in %s", r).isTrue();
        assertThat(body.path("message").asText()).as("message in %s", r).isNotBlank();
        return body;
    }

    static JsonNode assertHranaError(PipelineResult r, int status, String code) {
        return assertHranaError(r.http(), status, code);
    }

    /** A Platform API error: the status, content type application/json, {"error": "..."}. */
    static void assertPlatformError(HttpJson.Response r, int status) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.contentType()).as("content-type of %s", r).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(r.json().path("error").isTextual()).as("error in %s", r).isTrue();
        assertThat(r.json().path("error").asText()).as("error in %s", r).isNotBlank();
    }

    /** A statement-level error inside a result: its code, with a message. */
    static void assertStmtError(JsonNode error, String code) {
        assertThat(error.path("code").asText()).as("code of %s", error).isEqualTo(code);
        assertThat(error.path("message").asText()).as("message of %s", error).isNotBlank();
    }

    /** A trivial query on a new stream works: the server is still serving. */
    static void assertStillServes(HranaClient hrana) {
        assertThat(hrana.queryValue("SELECT 40 + 2")).isEqualTo(42L);
    }
}

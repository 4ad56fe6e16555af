package dev.shoal.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Judges one answer: below 500; an error typed exactly {@code application/json} with Hrana's
 * {@code {"message","code"}}; a 200 that is well-formed JSON (a pipeline) or NDJSON (a cursor) and
 * holds no {@code INTERNAL} error. Also picks out the baton the answer gives.
 */
final class ResponseCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param status  the HTTP status (0 if there was no answer)
     * @param bucket  what to count the answer under, e.g. {@code 400 PROTOCOL_ERROR}
     * @param problem why the answer is wrong, if it is
     * @param baton   the baton for the next request on this stream, if the answer gave one
     */
    record Outcome(int status, String bucket, Optional<String> problem, Optional<String> baton) {}

    private ResponseCheck() {}

    static Outcome judge(FuzzCase c, FuzzTransport.Answer a) {
        int status = a.status();
        if (status >= 500) {
            return bad(status, status + " " + code(a.body()), "HTTP " + status);
        }
        if (status == 400 && a.body().length == 0 && c.headers().stream()
                .anyMatch(h -> h.name().equalsIgnoreCase("Content-Encoding"))) {
            // Helidon refuses any request Content-Encoding (even identity or valid gzip) before
            // routing: 400, empty body, connection closed. Not Shoal's error shape, but a refusal.
            return new Outcome(400, "400 Content-Encoding refused by Helidon", Optional.empty(), Optional.empty());
        }
        if (status >= 400) {
            return errorBody(a);
        }
        if (status != 200) {
            return bad(status, Integer.toString(status), "unexpected HTTP " + status);
        }
        try {
            return c.cursor() ? cursorBody(a) : pipelineBody(a);
        } catch (IOException | RuntimeException e) {
            return bad(200, "200 unreadable", "HTTP 200 with a body that is not what the protocol says: " + e.getMessage());
        }
    }

    private static Outcome errorBody(FuzzTransport.Answer a) {
        String bucket = a.status() + " " + code(a.body());
        if (!a.contentType().equals(Optional.of("application/json"))) {
            return bad(a.status(), bucket, "error typed " + a.contentType().orElse("(none)") + ", not exactly application/json");
        }
        JsonNode n = parse(a.body());
        if (n == null || !n.path("message").isTextual() || n.path("message").asText().isBlank()
                || !n.path("code").isTextual()) {
            return bad(a.status(), bucket, "error body is not {\"message\",\"code\"}");
        }
        return new Outcome(a.status(), bucket, Optional.empty(), Optional.empty());
    }

    private static Outcome pipelineBody(FuzzTransport.Answer a) throws IOException {
        JsonNode n = JSON.readTree(a.body());
        if (!a.contentType().equals(Optional.of("application/json")) || n == null || !n.path("results").isArray()) {
            return bad(200, "200 malformed", "pipeline answer is not JSON with a results array");
        }
        if (holdsInternal(n)) {
            return bad(200, "200 INTERNAL", "pipeline result holds an INTERNAL error");
        }
        return new Outcome(200, "200", Optional.empty(), baton(n));
    }

    private static Outcome cursorBody(FuzzTransport.Answer a) throws IOException {
        String[] lines = new String(a.body(), StandardCharsets.UTF_8).split("\n");
        JsonNode first = JSON.readTree(lines[0]);
        if (first == null || !first.has("baton")) {
            return bad(200, "200 cursor malformed", "cursor answer does not start with a baton line");
        }
        String bucket = "200 cursor";
        for (int i = 1; i < lines.length; i++) {
            JsonNode entry = JSON.readTree(lines[i]);
            if (holdsInternal(entry)) {
                return bad(200, "200 cursor INTERNAL", "cursor entry " + i + " is an INTERNAL error");
            }
            if ("error".equals(entry.path("type").asText())) {
                bucket = "200 cursor error " + entry.path("error").path("code").asText();
            }
        }
        return new Outcome(200, bucket, Optional.empty(), baton(first));
    }

    private static boolean holdsInternal(JsonNode n) {
        return n.findValues("code").stream().anyMatch(c -> "INTERNAL".equals(c.asText()));
    }

    private static Optional<String> baton(JsonNode n) {
        JsonNode b = n.get("baton");
        return b != null && b.isTextual() ? Optional.of(b.asText()) : Optional.empty();
    }

    private static String code(byte[] body) {
        JsonNode n = parse(body);
        return n == null ? "(no JSON)" : n.path("code").asText("(no code)");
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Outcome bad(int status, String bucket, String problem) {
        return new Outcome(status, bucket, Optional.of(problem), Optional.empty());
    }
}

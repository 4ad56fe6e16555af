package dev.shoal.testkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP request the fuzzer sends: {@code POST path} with an optional content type, extra
 * headers and a body, plus a description of how it was made, for the failure report.
 *
 * @param target  the database prefix of the path ({@code ""} for the bare URL, or {@code /db/org/name})
 * @param path    the whole path, e.g. {@code /db/admin/fuzz-a/v3/cursor}
 * @param cursor  whether the path is a cursor endpoint (the response is NDJSON)
 * @param headers extra {@code name, value} pairs
 */
public record FuzzCase(String target, String path, boolean cursor, Optional<String> contentType,
        List<Header> headers, byte[] body, String what) {

    /** An extra request header. */
    public record Header(String name, String value) {}

    /** The request as text for a failure message (the body abbreviated past 4,000 characters). */
    public String describe() {
        String b = new String(body, StandardCharsets.UTF_8);
        if (b.length() > 4000) {
            b = b.substring(0, 4000) + "… (" + body.length + " bytes)";
        }
        StringBuilder s = new StringBuilder("POST " + path + "  content-type: " + contentType.orElse("(none)"));
        for (Header h : headers) {
            s.append("  ").append(h.name()).append(": ").append(h.value());
        }
        return s.append("\n    made by: ").append(what).append("\n    body: ").append(b).toString();
    }
}

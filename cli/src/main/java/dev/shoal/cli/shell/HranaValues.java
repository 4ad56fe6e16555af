package dev.shoal.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.sql.Value;
import java.util.Base64;

/** Hrana's JSON encoding of SQLite values, for Shoal's own value model ({@link Value}). */
final class HranaValues {
    private HranaValues() {}

    /** Decodes a Hrana JSON value ({@code {"type":"integer","value":"1"}} etc.). */
    static Value fromJson(JsonNode node) throws ShellException {
        if (node == null || !node.isObject()) {
            throw new ShellException("HRANA_PROTO_ERROR", "malformed value in the server's response: " + node);
        }
        String type = node.path("type").asText("");
        JsonNode v = node.get("value");
        return switch (type) {
            case "null" -> Value.NULL;
            case "integer" -> {
                if (v == null) {
                    throw new ShellException("HRANA_PROTO_ERROR", "integer value without `value`");
                }
                try {
                    yield new Value.Integer(v.isTextual() ? Long.parseLong(v.asText()) : v.longValue());
                } catch (NumberFormatException e) {
                    throw new ShellException("HRANA_PROTO_ERROR", "bad integer value " + v);
                }
            }
            case "float" -> {
                if (v == null) {
                    throw new ShellException("HRANA_PROTO_ERROR", "float value without `value`");
                }
                yield new Value.Real(v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue());
            }
            case "text" -> new Value.Text(v == null ? "" : v.asText());
            case "blob" -> {
                JsonNode b = node.get("base64");
                try {
                    yield new Value.Blob(b == null ? new byte[0] : Base64.getMimeDecoder().decode(b.asText()));
                } catch (IllegalArgumentException e) {
                    throw new ShellException("HRANA_PROTO_ERROR", "bad base64 blob value");
                }
            }
            default -> throw new ShellException("HRANA_PROTO_ERROR", "unknown value type `" + type + "`");
        };
    }

    /** Encodes a value for a Hrana statement argument. */
    static ObjectNode toJson(Value value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        switch (value) {
            case Value.Null n -> o.put("type", "null");
            case Value.Integer i -> o.put("type", "integer").put("value", Long.toString(i.value()));
            case Value.Real r -> o.put("type", "float").put("value", r.value());
            case Value.Text t -> o.put("type", "text").put("value", t.value());
            case Value.Blob b -> o.put("type", "blob").put("base64", Base64.getEncoder().encodeToString(b.value()));
        }
        return o;
    }
}

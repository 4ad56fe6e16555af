package dev.shoal.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;

/** A SQLite value as Hrana carries it. */
sealed interface SqlValue {
    record Null() implements SqlValue {}

    record Int(long value) implements SqlValue {}

    record Real(double value) implements SqlValue {}

    record Text(String value) implements SqlValue {}

    record Blob(byte[] value) implements SqlValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Blob b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Blob[" + Formats.hexUpper(value) + "]";
        }
    }

    SqlValue NULL = new Null();

    /** Decodes a Hrana JSON value ({@code {"type":"integer","value":"1"}} etc.). */
    static SqlValue fromJson(JsonNode node) throws ShellException {
        if (node == null || !node.isObject()) {
            throw new ShellException("HRANA_PROTO_ERROR", "malformed value in the server's response: " + node);
        }
        String type = node.path("type").asText("");
        JsonNode v = node.get("value");
        return switch (type) {
            case "null" -> NULL;
            case "integer" -> {
                if (v == null) {
                    throw new ShellException("HRANA_PROTO_ERROR", "integer value without `value`");
                }
                try {
                    yield new Int(v.isTextual() ? Long.parseLong(v.asText()) : v.longValue());
                } catch (NumberFormatException e) {
                    throw new ShellException("HRANA_PROTO_ERROR", "bad integer value " + v);
                }
            }
            case "float" -> {
                if (v == null) {
                    throw new ShellException("HRANA_PROTO_ERROR", "float value without `value`");
                }
                yield new Real(v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue());
            }
            case "text" -> new Text(v == null ? "" : v.asText());
            case "blob" -> {
                JsonNode b = node.get("base64");
                try {
                    yield new Blob(b == null ? new byte[0] : Base64.getMimeDecoder().decode(b.asText()));
                } catch (IllegalArgumentException e) {
                    throw new ShellException("HRANA_PROTO_ERROR", "bad base64 blob value");
                }
            }
            default -> throw new ShellException("HRANA_PROTO_ERROR", "unknown value type `" + type + "`");
        };
    }

    /** Encodes this value for a Hrana statement argument. */
    default ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        switch (this) {
            case Null n -> o.put("type", "null");
            case Int i -> o.put("type", "integer").put("value", Long.toString(i.value()));
            case Real r -> o.put("type", "float").put("value", r.value());
            case Text t -> o.put("type", "text").put("value", t.value());
            case Blob b -> o.put("type", "blob").put("base64", Base64.getEncoder().encodeToString(b.value()));
        }
        return o;
    }
}

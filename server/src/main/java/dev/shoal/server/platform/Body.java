package dev.shoal.server.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Platform API request body, read the way Turso's Go server reads it: JSON whatever the
 * Content-Type says, keys matched case-insensitively, {@code null} meaning "not given".
 */
final class Body {
    private final JsonNode node;

    private Body(JsonNode node) {
        this.node = node;
    }

    static Body parse(ObjectMapper mapper, byte[] bytes) {
        if (bytes.length == 0 || new String(bytes, 0, Math.min(bytes.length, 64)).isBlank()) {
            return new Body(mapper.createObjectNode());
        }
        try {
            JsonNode n = mapper.readTree(bytes);
            if (n == null || n.isNull() || n.isMissingNode()) {
                return new Body(mapper.createObjectNode());
            }
            if (!n.isObject()) {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "request body must be a JSON object");
            }
            return new Body(n);
        } catch (IOException e) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "request body is not valid JSON");
        }
    }

    Optional<JsonNode> get(String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue() instanceof NullNode ? Optional.empty() : Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    Optional<String> text(String name) {
        return get(name).map(v -> {
            if (!v.isTextual()) {
                throw invalid(name, "a string");
            }
            return v.asText();
        });
    }

    String requiredText(String name) {
        return text(name).orElseThrow(() -> new ShoalException(ErrorCode.INVALID_REQUEST, "`" + name + "` is required"));
    }

    Optional<Boolean> bool(String name) {
        return get(name).map(v -> {
            if (!v.isBoolean()) {
                throw invalid(name, "true or false");
            }
            return v.asBoolean();
        });
    }

    Optional<Integer> integer(String name) {
        return get(name).map(v -> {
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw invalid(name, "an integer");
            }
            return v.asInt();
        });
    }

    Optional<Body> object(String name) {
        return get(name).map(v -> {
            if (!v.isObject()) {
                throw invalid(name, "an object");
            }
            return new Body(v);
        });
    }

    List<String> strings(String name) {
        Optional<JsonNode> v = get(name);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!v.get().isArray()) {
            throw invalid(name, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v.get()) {
            if (!e.isTextual()) {
                throw invalid(name, "an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static ShoalException invalid(String name, String what) {
        return new ShoalException(ErrorCode.INVALID_REQUEST, "`" + name + "` must be " + what);
    }
}

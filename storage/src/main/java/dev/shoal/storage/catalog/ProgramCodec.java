package dev.shoal.storage.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.core.migration.MigrationProgram;
import dev.shoal.core.migration.MigrationStatement;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A migration program as stored: plain SQL text and typed values in a versioned JSON envelope
 * ({@code {"v":1,"foreign_keys":…,"statements":[{"sql":…,"args":[…],"named":{…}}]}}), so a
 * later release can still read what an earlier one wrote.
 */
final class ProgramCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private ProgramCodec() {}

    static String encode(MigrationProgram p) {
        ObjectNode root = JSON.createObjectNode().put("v", VERSION).put("foreign_keys", p.foreignKeys());
        ArrayNode list = root.putArray("statements");
        for (MigrationStatement s : p.statements()) {
            ObjectNode o = list.addObject().put("sql", s.sql());
            ArrayNode args = o.putArray("args");
            s.args().positional().forEach(v -> args.add(value(v)));
            ArrayNode named = o.putArray("named");
            s.args().named().forEach(n -> named.addObject().put("name", n.name()).set("value", value(n.value())));
        }
        return root.toString();
    }

    static MigrationProgram decode(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root.path("v").asInt() != VERSION) {
                throw new IllegalStateException("unknown migration program version " + root.path("v"));
            }
            List<MigrationStatement> statements = new ArrayList<>();
            for (JsonNode s : root.path("statements")) {
                List<Value> args = new ArrayList<>();
                s.path("args").forEach(a -> args.add(value(a)));
                List<Arguments.Named> named = new ArrayList<>();
                s.path("named").forEach(n -> named.add(new Arguments.Named(n.path("name").asText(), value(n.path("value")))));
                statements.add(new MigrationStatement(s.path("sql").asText(), new Arguments(args, named)));
            }
            return new MigrationProgram(statements, root.path("foreign_keys").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable migration program", e);
        }
    }

    private static ObjectNode value(Value v) {
        ObjectNode o = JSON.createObjectNode();
        switch (v) {
            case Value.Null n -> o.put("type", "null");
            case Value.Integer i -> o.put("type", "integer").put("value", Long.toString(i.value()));
            case Value.Real r -> o.put("type", "float").put("value", r.value());
            case Value.Text t -> o.put("type", "text").put("value", t.value());
            case Value.Blob b -> o.put("type", "blob").put("base64", Base64.getEncoder().encodeToString(b.value()));
        }
        return o;
    }

    private static Value value(JsonNode o) {
        return switch (o.path("type").asText()) {
            case "integer" -> new Value.Integer(Long.parseLong(o.path("value").asText()));
            case "float" -> new Value.Real(o.path("value").asDouble());
            case "text" -> new Value.Text(o.path("value").asText());
            case "blob" -> new Value.Blob(Base64.getDecoder().decode(o.path("base64").asText()));
            default -> Value.NULL;
        };
    }
}

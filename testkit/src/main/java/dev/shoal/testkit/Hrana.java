package dev.shoal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Builders for Hrana JSON (values, statements, stream requests, batches, conditions) and decoders
 * for what comes back (values, rows). Everything is a plain Jackson node, so tests can still tweak
 * any field to send something malformed.
 */
public final class Hrana {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Hrana() {}

    // ---- values ----

    public static ObjectNode integer(long v) {
        return F.objectNode().put("type", "integer").put("value", Long.toString(v));
    }

    public static ObjectNode real(double v) {
        return F.objectNode().put("type", "float").put("value", v);
    }

    public static ObjectNode text(String v) {
        return F.objectNode().put("type", "text").put("value", v);
    }

    /** A blob with padded standard base64 (as the JS client sends it). */
    public static ObjectNode blob(byte[] v) {
        return blobBase64(Base64.getEncoder().encodeToString(v));
    }

    /** A blob with the given base64 text verbatim (padded, unpadded or broken). */
    public static ObjectNode blobBase64(String base64) {
        return F.objectNode().put("type", "blob").put("base64", base64);
    }

    public static ObjectNode nullValue() {
        return F.objectNode().put("type", "null");
    }

    /** A named argument; {@code name} may carry its prefix ({@code :a}) or not ({@code a}). */
    public static ObjectNode named(String name, JsonNode value) {
        ObjectNode n = F.objectNode().put("name", name);
        n.set("value", value);
        return n;
    }

    // ---- statements ----

    public static ObjectNode stmt(String sql, JsonNode... args) {
        ObjectNode s = F.objectNode().put("sql", sql);
        ArrayNode a = s.putArray("args");
        for (JsonNode v : args) {
            a.add(v);
        }
        s.put("want_rows", true);
        return s;
    }

    public static ObjectNode stmtById(int sqlId, JsonNode... args) {
        ObjectNode s = F.objectNode().put("sql_id", sqlId);
        ArrayNode a = s.putArray("args");
        for (JsonNode v : args) {
            a.add(v);
        }
        return s;
    }

    /** A statement with named arguments only; pass results of {@link #named}. */
    public static ObjectNode namedStmt(String sql, ObjectNode... namedArgs) {
        ObjectNode s = F.objectNode().put("sql", sql);
        ArrayNode a = s.putArray("named_args");
        for (ObjectNode n : namedArgs) {
            a.add(n);
        }
        return s;
    }

    // ---- stream requests ----

    public static ObjectNode execute(String sql, JsonNode... args) {
        return execute(stmt(sql, args));
    }

    public static ObjectNode execute(ObjectNode stmt) {
        ObjectNode r = F.objectNode().put("type", "execute");
        r.set("stmt", stmt);
        return r;
    }

    public static ObjectNode batchRequest(ObjectNode batch) {
        ObjectNode r = F.objectNode().put("type", "batch");
        r.set("batch", batch);
        return r;
    }

    public static ObjectNode sequence(String sql) {
        return F.objectNode().put("type", "sequence").put("sql", sql);
    }

    public static ObjectNode describe(String sql) {
        return F.objectNode().put("type", "describe").put("sql", sql);
    }

    public static ObjectNode sequenceById(int sqlId) {
        return F.objectNode().put("type", "sequence").put("sql_id", sqlId);
    }

    public static ObjectNode describeById(int sqlId) {
        return F.objectNode().put("type", "describe").put("sql_id", sqlId);
    }

    public static ObjectNode storeSql(int id, String sql) {
        return F.objectNode().put("type", "store_sql").put("sql_id", id).put("sql", sql);
    }

    public static ObjectNode closeSql(int id) {
        return F.objectNode().put("type", "close_sql").put("sql_id", id);
    }

    public static ObjectNode close() {
        return F.objectNode().put("type", "close");
    }

    public static ObjectNode getAutocommit() {
        return F.objectNode().put("type", "get_autocommit");
    }

    // ---- batches ----

    public static ObjectNode batch(ObjectNode... steps) {
        ObjectNode b = F.objectNode();
        ArrayNode s = b.putArray("steps");
        for (ObjectNode st : steps) {
            s.add(st);
        }
        return b;
    }

    public static ObjectNode step(ObjectNode stmt) {
        ObjectNode s = F.objectNode();
        s.set("stmt", stmt);
        return s;
    }

    public static ObjectNode step(String sql, JsonNode... args) {
        return step(stmt(sql, args));
    }

    public static ObjectNode step(ObjectNode condition, ObjectNode stmt) {
        ObjectNode s = step(stmt);
        s.set("condition", condition);
        return s;
    }

    public static ObjectNode step(ObjectNode condition, String sql, JsonNode... args) {
        return step(condition, stmt(sql, args));
    }

    public static ObjectNode ok(int step) {
        return F.objectNode().put("type", "ok").put("step", step);
    }

    public static ObjectNode error(int step) {
        return F.objectNode().put("type", "error").put("step", step);
    }

    public static ObjectNode not(ObjectNode cond) {
        ObjectNode c = F.objectNode().put("type", "not");
        c.set("cond", cond);
        return c;
    }

    public static ObjectNode and(ObjectNode... conds) {
        return compound("and", conds);
    }

    public static ObjectNode or(ObjectNode... conds) {
        return compound("or", conds);
    }

    public static ObjectNode isAutocommit() {
        return F.objectNode().put("type", "is_autocommit");
    }

    private static ObjectNode compound(String type, ObjectNode... conds) {
        ObjectNode c = F.objectNode().put("type", type);
        ArrayNode a = c.putArray("conds");
        for (ObjectNode x : conds) {
            a.add(x);
        }
        return c;
    }

    // ---- bodies ----

    /** A pipeline body; a null baton is sent as JSON null (a new stream). */
    public static ObjectNode pipelineBody(String baton, JsonNode... requests) {
        ObjectNode b = F.objectNode();
        if (baton == null) {
            b.putNull("baton");
        } else {
            b.put("baton", baton);
        }
        ArrayNode r = b.putArray("requests");
        for (JsonNode x : requests) {
            r.add(x);
        }
        return b;
    }

    public static ObjectNode cursorBody(String baton, ObjectNode batch) {
        ObjectNode b = F.objectNode();
        if (baton == null) {
            b.putNull("baton");
        } else {
            b.put("baton", baton);
        }
        b.set("batch", batch);
        return b;
    }

    // ---- decoding ----

    /**
     * A Hrana value as Java: {@code null}, {@link Long} (from the decimal string), {@link Double},
     * {@link String} or {@code byte[]} (padded or unpadded base64). Strict about shapes.
     */
    public static Object decode(JsonNode value) {
        String type = value.path("type").asText();
        return switch (type) {
            case "null" -> null;
            case "integer" -> {
                JsonNode v = value.get("value");
                if (v == null || !v.isTextual()) {
                    throw new AssertionError("integer value must be a decimal string: " + value);
                }
                yield Long.parseLong(v.asText());
            }
            case "float" -> {
                JsonNode v = value.get("value");
                if (v == null || !v.isNumber()) {
                    throw new AssertionError("float value must be a JSON number: " + value);
                }
                yield v.doubleValue();
            }
            case "text" -> value.get("value").asText();
            case "blob" -> Base64.getDecoder().decode(padded(value.get("base64").asText()));
            default -> throw new AssertionError("unknown value type: " + value);
        };
    }

    private static String padded(String b64) {
        int rem = b64.length() % 4;
        return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
    }

    /** The rows of a StmtResult, each value decoded with {@link #decode}. */
    public static List<List<Object>> rows(JsonNode stmtResult) {
        List<List<Object>> out = new ArrayList<>();
        JsonNode rows = stmtResult.get("rows");
        if (rows == null || !rows.isArray()) {
            throw new AssertionError("StmtResult has no rows array: " + stmtResult);
        }
        for (JsonNode row : rows) {
            out.add(decodeRow(row));
        }
        return out;
    }

    public static List<Object> decodeRow(JsonNode row) {
        List<Object> r = new ArrayList<>();
        for (JsonNode v : row) {
            r.add(decode(v));
        }
        return r;
    }

    /** The single value of a one-row, one-column StmtResult. */
    public static Object single(JsonNode stmtResult) {
        List<List<Object>> rows = rows(stmtResult);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("expected exactly one row with one column: " + stmtResult);
        }
        return rows.get(0).get(0);
    }
}

package dev.shoal.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.fuzz.JsonMutations.Slot;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Mutations that know Hrana's fields: bad argument values, hostile SQL, {@code sql_id} misuse,
 * deeply nested or out-of-range batch conditions, unknown request and value types.
 */
final class HranaMutations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HranaMutations() {}

    /** Applies one Hrana-aware mutation to a pipeline or cursor body; returns what it did. */
    static String mutate(Random r, ObjectNode body) {
        return switch (r.nextInt(8)) {
            case 0 -> badArgument(r, body);
            case 1 -> hostileSql(r, body);
            case 2 -> sqlIdMisuse(r, body);
            case 3 -> deepCondition(r, body);
            case 4 -> stepOutOfRange(r, body);
            case 5 -> wrongTypeName(r, body);
            case 6 -> manyNamedArgs(r, body);
            default -> sqlAndSqlId(r, body);
        };
    }

    private static String badArgument(Random r, ObjectNode body) {
        Optional<Slot> args = JsonMutations.pick(r, JsonMutations.named(body, r.nextBoolean() ? "args" : "named_args"));
        ArrayNode a = args.filter(s -> s.get().isArray()).map(s -> (ArrayNode) s.get()).orElse(null);
        if (a == null) {
            Optional<Slot> stmt = JsonMutations.pick(r, JsonMutations.named(body, "stmt"));
            if (stmt.isEmpty() || !stmt.get().get().isObject()) {
                return "bad argument: no statement";
            }
            a = ((ObjectNode) stmt.get().get()).putArray("args");
        }
        JsonNode bad = badValue(r);
        boolean named = args.isPresent() && "named_args".equals(args.get().field());
        a.add(named ? Hrana.named(r.nextBoolean() ? "a" : "", bad) : bad);
        return "bad argument " + bad;
    }

    /** A Hrana value that is wrong in one way. */
    static JsonNode badValue(Random r) {
        String[] intText = {"9223372036854775808", "-9223372036854775809", "1e5", " 12", "12 ", "0x10", "1.5", "",
                "+1", "--1", "١٢", "99999999999999999999999"};
        return switch (r.nextInt(10)) {
            case 0 -> F.objectNode().put("type", "integer").put("value", intText[r.nextInt(intText.length)]);
            case 1 -> F.objectNode().put("type", "integer").put("value", 1.5);
            case 2 -> F.objectNode().put("type", "integer").set("value", JsonMutations.extremeNumber(r, false));
            case 3 -> Hrana.blobBase64(SqlFragments.pick(r, List.of("!!!", "abc", "a", "====", "YQ", "YQ=", "YQ===",
                    "_-_-", "AAAA AAAA", "\u00e9", "A".repeat(10_001))));
            case 4 -> F.objectNode().put("type", "blob").put("base64", 42);
            case 5 -> F.objectNode().put("type", "float").put("value", "1.5");
            case 6 -> F.objectNode().put("type", "text").put("value", 7);
            case 7 -> F.objectNode().put("type", SqlFragments.pick(r, List.of("int", "INTEGER", "bool", "", "real")))
                    .put("value", "1");
            case 8 -> F.objectNode().put("value", "no type");
            default -> JsonMutations.anyJson(r, 2);
        };
    }

    private static String hostileSql(Random r, ObjectNode body) {
        Optional<Slot> s = JsonMutations.pick(r, JsonMutations.named(body, "sql"));
        String sql = r.nextBoolean() ? SqlFragments.any(r) : SqlFragments.script(r);
        s.ifPresent(slot -> slot.set(F.textNode(sql)));
        return s.isPresent() ? "sql " + abbreviate(sql) : "hostile sql: no sql";
    }

    private static String sqlIdMisuse(Random r, ObjectNode body) {
        JsonNode requests = body.get("requests");
        int id = r.nextInt(3) == 0 ? (int) JsonMutations.extremeNumber(r, false).asLong() : r.nextInt(4);
        if (requests instanceof ArrayNode a) {
            int at = r.nextInt(a.size() + 1);
            switch (r.nextInt(5)) {
                case 0 -> a.insert(at, Hrana.closeSql(id));
                case 1 -> a.insert(at, Hrana.execute(Hrana.stmtById(id)));
                case 2 -> {
                    a.insert(at, Hrana.storeSql(id, "SELECT 1"));
                    a.insert(at, Hrana.storeSql(id, "SELECT 2"));
                }
                case 3 -> a.insert(at, r.nextBoolean() ? Hrana.sequenceById(id) : Hrana.describeById(id));
                default -> {
                    for (int i = 0; i < 60; i++) { // past any per-stream limit on stored SQL
                        a.insert(at, Hrana.storeSql(1000 + i, "SELECT " + i));
                    }
                }
            }
            return "sql_id misuse with id " + id;
        }
        Optional<Slot> stmt = JsonMutations.pick(r, JsonMutations.named(body, "stmt"));
        stmt.filter(s -> s.get().isObject()).ifPresent(s -> {
            ObjectNode o = (ObjectNode) s.get();
            o.remove("sql");
            o.put("sql_id", id);
        });
        return "cursor step by unknown sql_id " + id;
    }

    private static String deepCondition(Random r, ObjectNode body) {
        Optional<Slot> steps = JsonMutations.pick(r, JsonMutations.named(body, "steps"));
        if (steps.isEmpty() || !(steps.get().get() instanceof ArrayNode a) || a.isEmpty()
                || !a.get(a.size() - 1).isObject()) {
            return "deep condition: no batch";
        }
        int depth = r.nextInt(4) == 0 ? 500 + r.nextInt(1200) : 5 + r.nextInt(60);
        JsonNode c = r.nextBoolean() ? Hrana.ok(0) : Hrana.isAutocommit();
        for (int i = 0; i < depth; i++) {
            c = switch (r.nextInt(3)) {
                case 0 -> Hrana.not((ObjectNode) c);
                case 1 -> Hrana.and((ObjectNode) c, Hrana.error(0));
                default -> Hrana.or(Hrana.ok(0), (ObjectNode) c);
            };
        }
        ((ObjectNode) a.get(a.size() - 1)).set("condition", c);
        return "condition nested " + depth + " deep";
    }

    private static String stepOutOfRange(Random r, ObjectNode body) {
        Optional<Slot> step = JsonMutations.pick(r, JsonMutations.named(body, "step"));
        if (step.isEmpty()) {
            Optional<Slot> steps = JsonMutations.pick(r, JsonMutations.named(body, "steps"));
            if (steps.isEmpty() || !(steps.get().get() instanceof ArrayNode a) || a.isEmpty() || !a.get(0).isObject()) {
                return "step out of range: no batch";
            }
            ((ObjectNode) a.get(0)).set("condition", Hrana.ok(0));
            return "condition on step 0 refers to itself";
        }
        int[] bad = {-1, 0, 1, 40, Integer.MAX_VALUE, Integer.MIN_VALUE};
        int v = bad[r.nextInt(bad.length)];
        step.get().set(r.nextBoolean() ? F.numberNode(v) : JsonMutations.extremeNumber(r, r.nextInt(4) == 0));
        return "condition step " + step.get().get();
    }

    private static String wrongTypeName(Random r, ObjectNode body) {
        Optional<Slot> type = JsonMutations.pick(r, JsonMutations.named(body, "type"));
        String t = SqlFragments.pick(r, List.of("execute", "batch", "sequence", "describe", "store_sql", "close_sql",
                "close", "get_autocommit", "ok", "error", "not", "and", "or", "is_autocommit", "integer", "float",
                "text", "blob", "null", "EXECUTE", "", "open_stream", "cursor"));
        type.ifPresent(s -> s.set(F.textNode(t)));
        return "type -> " + t;
    }

    private static String manyNamedArgs(Random r, ObjectNode body) {
        Optional<Slot> stmt = JsonMutations.pick(r, JsonMutations.named(body, "stmt"));
        if (stmt.isEmpty() || !(stmt.get().get() instanceof ObjectNode o)) {
            return "many named args: no statement";
        }
        ArrayNode a = o.putArray(r.nextBoolean() ? "named_args" : "args");
        int n = r.nextInt(10) == 0 ? 3000 : 40;
        for (int i = 0; i < n; i++) {
            a.add(a.isEmpty() || r.nextBoolean() ? Hrana.named(":p" + (i % 50), SeedRequests.value(r))
                    : SeedRequests.value(r));
        }
        return n + " mixed arguments";
    }

    private static String sqlAndSqlId(Random r, ObjectNode body) {
        Optional<Slot> stmt = JsonMutations.pick(r, JsonMutations.named(body, "stmt"));
        if (stmt.isEmpty() || !(stmt.get().get() instanceof ObjectNode o)) {
            return "sql and sql_id: no statement";
        }
        if (r.nextBoolean()) {
            o.put("sql_id", r.nextInt(3));
        } else {
            o.remove("sql");
            o.remove("sql_id");
        }
        return "statement with both or neither of sql and sql_id";
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}

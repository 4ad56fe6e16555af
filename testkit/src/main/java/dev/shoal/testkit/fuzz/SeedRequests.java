package dev.shoal.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import java.util.Random;

/**
 * Well-formed Hrana requests with random content: the starting points the mutations break.
 * Shapes follow the protocol (every request type, positional and named arguments, stored SQL,
 * batches with nested conditions that refer only to earlier steps); the SQL itself may still fail,
 * which is a statement-level error, not a malformed request.
 */
final class SeedRequests {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SeedRequests() {}

    /** The {@code requests} of a pipeline; ends with {@code close} unless the stream should stay open. */
    static ArrayNode pipelineRequests(Random r, int version, boolean keepOpen) {
        ArrayNode out = F.arrayNode();
        int n = 1 + r.nextInt(r.nextInt(8) == 0 ? 12 : 4);
        for (int i = 0; i < n; i++) {
            addRequest(r, version, out);
        }
        if (!keepOpen) {
            out.add(Hrana.close());
        }
        return out;
    }

    private static void addRequest(Random r, int version, ArrayNode out) {
        switch (r.nextInt(10)) {
            case 0, 1, 2 -> out.add(Hrana.execute(stmt(r)));
            case 3, 4 -> out.add(Hrana.batchRequest(batch(r, version)));
            case 5 -> out.add(Hrana.sequence(SqlFragments.script(r)));
            case 6 -> out.add(Hrana.describe(SqlFragments.any(r)));
            case 7 -> {
                int id = r.nextInt(r.nextBoolean() ? 4 : 1000);
                out.add(Hrana.storeSql(id, SqlFragments.any(r)));
                out.add(Hrana.execute(withArgs(r, Hrana.stmtById(id))));
                if (r.nextBoolean()) {
                    out.add(Hrana.closeSql(id));
                }
            }
            case 8 -> out.add(Hrana.getAutocommit());
            default -> out.add(Hrana.execute(stmt(r, SqlFragments.valid(r))));
        }
    }

    static ObjectNode stmt(Random r) {
        return stmt(r, SqlFragments.any(r));
    }

    private static ObjectNode stmt(Random r, String sql) {
        ObjectNode s = F.objectNode().put("sql", sql);
        withArgs(r, s);
        if (r.nextInt(4) == 0) {
            s.put("want_rows", r.nextBoolean());
        }
        return s;
    }

    private static ObjectNode withArgs(Random r, ObjectNode s) {
        s.remove("args");
        int p = r.nextInt(6);
        if (p < 3) {
            ArrayNode a = s.putArray("args");
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                a.add(value(r));
            }
        }
        if (p >= 2 && p < 5) {
            ArrayNode a = s.putArray("named_args");
            String[] names = {"a", ":a", "@b", "$c", "b", ":zz", "a"};
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                a.add(Hrana.named(names[r.nextInt(names.length)], value(r)));
            }
        }
        return s;
    }

    /** A valid Hrana value of any type. */
    static ObjectNode value(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Hrana.integer(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(100));
            case 1 -> Hrana.real(r.nextInt(3) == 0 ? r.nextDouble() * 1e300 : r.nextInt(1000) / 8.0);
            case 2 -> Hrana.text(r.nextInt(3) == 0 ? "text \u0000\u00e9\ud83d\ude00" : "t" + r.nextInt(100));
            case 3 -> {
                byte[] b = new byte[r.nextInt(16)];
                r.nextBytes(b);
                yield Hrana.blob(b);
            }
            default -> Hrana.nullValue();
        };
    }

    /** A batch whose step conditions refer only to earlier steps. */
    static ObjectNode batch(Random r, int version) {
        ObjectNode b = F.objectNode();
        ArrayNode steps = b.putArray("steps");
        int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 40 : 5);
        for (int i = 0; i < n; i++) {
            ObjectNode step = F.objectNode();
            if (i > 0 && r.nextBoolean()) {
                step.set("condition", condition(r, i, version, 1 + r.nextInt(4)));
            }
            step.set("stmt", r.nextInt(3) == 0 ? stmt(r) : stmt(r, SqlFragments.valid(r)));
            steps.add(step);
        }
        return b;
    }

    /** A condition for step {@code stepIndex} nested at most {@code depth} levels. */
    static ObjectNode condition(Random r, int stepIndex, int version, int depth) {
        int kinds = depth <= 1 ? 2 : 5;
        int k = r.nextInt(kinds + (version >= 3 ? 1 : 0));
        if (k == kinds) {
            return Hrana.isAutocommit();
        }
        return switch (k) {
            case 0 -> Hrana.ok(r.nextInt(stepIndex));
            case 1 -> Hrana.error(r.nextInt(stepIndex));
            case 2 -> Hrana.not(condition(r, stepIndex, version, depth - 1));
            case 3 -> Hrana.and(conditions(r, stepIndex, version, depth - 1));
            default -> Hrana.or(conditions(r, stepIndex, version, depth - 1));
        };
    }

    private static ObjectNode[] conditions(Random r, int stepIndex, int version, int depth) {
        ObjectNode[] cs = new ObjectNode[r.nextInt(4)];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = condition(r, stepIndex, version, depth);
        }
        return cs;
    }

    /** A pipeline body. */
    static ObjectNode pipeline(Random r, int version, JsonNode baton, boolean keepOpen) {
        ObjectNode body = F.objectNode();
        body.set("baton", baton);
        body.set("requests", pipelineRequests(r, version, keepOpen));
        return body;
    }

    /** A cursor body (Hrana 3). */
    static ObjectNode cursor(Random r, JsonNode baton) {
        ObjectNode body = F.objectNode();
        body.set("baton", baton);
        body.set("batch", batch(r, 3));
        return body;
    }
}

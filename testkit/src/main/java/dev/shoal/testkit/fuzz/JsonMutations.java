package dev.shoal.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Shape-blind mutations of a JSON tree: drop a field, swap a value for one of another JSON type,
 * put an extreme number where a number (or a numeric string) was, duplicate or drop an array
 * element, add an unknown field. They know nothing about Hrana, so they also reach shapes the
 * Hrana-aware mutations would never think of.
 */
final class JsonMutations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A place in a tree: a field of an object or an element of an array. */
    record Slot(JsonNode container, String field, int index) {
        JsonNode get() {
            return container.isObject() ? container.get(field) : container.get(index);
        }

        void set(JsonNode v) {
            if (container instanceof ObjectNode o) {
                o.set(field, v);
            } else {
                ((ArrayNode) container).set(index, v);
            }
        }

        void remove() {
            if (container instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }

        String name() {
            return container.isObject() ? field : "[" + index + "]";
        }
    }

    private JsonMutations() {}

    /** Every slot in the tree under {@code root}, depth first. */
    static List<Slot> slots(JsonNode root) {
        List<Slot> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.add(new Slot(node, f, -1));
                collect(node.get(f), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(new Slot(node, null, i));
                collect(node.get(i), out);
            }
        }
    }

    /** Slots whose field has this name. */
    static List<Slot> named(JsonNode root, String field) {
        return slots(root).stream().filter(s -> field.equals(s.field())).toList();
    }

    static Optional<Slot> pick(Random r, List<Slot> slots) {
        return slots.isEmpty() ? Optional.empty() : Optional.of(slots.get(r.nextInt(slots.size())));
    }

    /** Applies one random shape-blind mutation; returns what it did, for the failure report. */
    static String mutate(Random r, JsonNode root) {
        Optional<Slot> s = pick(r, slots(root));
        if (s.isEmpty()) {
            return "none";
        }
        Slot slot = s.get();
        switch (r.nextInt(6)) {
            case 0 -> {
                slot.remove();
                return "drop " + slot.name();
            }
            case 1, 2 -> {
                slot.set(otherType(r, slot.get()));
                return "swap type of " + slot.name();
            }
            case 3 -> {
                slot.set(extremeNumber(r, slot.get().isTextual()));
                return "extreme number at " + slot.name();
            }
            case 4 -> {
                if (slot.get() instanceof ArrayNode a && !a.isEmpty()) {
                    int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 300 : 3);
                    for (int i = 0; i < n; i++) {
                        a.add(a.get(r.nextInt(a.size())).deepCopy());
                    }
                    return "duplicate elements of " + slot.name();
                }
                slot.set(F.nullNode());
                return "null " + slot.name();
            }
            default -> {
                if (slot.get() instanceof ObjectNode o) {
                    o.set(r.nextBoolean() ? "unknown_field" : "type", anyJson(r, 2));
                    return "add field to " + slot.name();
                }
                slot.set(anyJson(r, 3));
                return "replace " + slot.name();
            }
        }
    }

    /** A value of a different JSON type than {@code current}. */
    static JsonNode otherType(Random r, JsonNode current) {
        for (int i = 0; i < 10; i++) {
            JsonNode n = anyJson(r, 2);
            if (n.getNodeType() != current.getNodeType()) {
                return n;
            }
        }
        return F.nullNode();
    }

    /** Any JSON value, nested at most {@code depth} levels. */
    static JsonNode anyJson(Random r, int depth) {
        int k = r.nextInt(depth <= 0 ? 4 : 6);
        return switch (k) {
            case 0 -> F.textNode(strings(r));
            case 1 -> extremeNumber(r, false);
            case 2 -> F.nullNode();
            case 3 -> F.booleanNode(r.nextBoolean());
            case 4 -> {
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    a.add(anyJson(r, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                if (r.nextBoolean()) {
                    o.put("type", SqlFragments.pick(r, List.of("execute", "batch", "ok", "not", "integer", "text",
                            "blob", "close", "x")));
                }
                if (r.nextBoolean()) {
                    o.set("value", anyJson(r, depth - 1));
                }
                yield o;
            }
        };
    }

    private static String strings(Random r) {
        return SqlFragments.pick(r, List.of("", " ", "abc", "0", "-1", "1.5", "1e3", "9223372036854775808",
                "-9223372036854775809", "0x10", "\u0000", "\ud800", "null", "true", "{}", "[]", "x".repeat(1000)));
    }

    /** A number at the edges: 32/64-bit limits and beyond, negative, fractional, huge exponents. */
    static JsonNode extremeNumber(Random r, boolean asString) {
        String[] lits = {"0", "-1", "-2147483649", "2147483647", "2147483648", "-9223372036854775808",
                "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
                "1e400", "-1e400", "0.5", "-0.0", "1.0", "3.14159", "1e-400", "123456789012345678901234567890",
                "4.9e-324", "1.7976931348623157e308"};
        String lit = lits[r.nextInt(lits.length)];
        if (asString) {
            return F.textNode(lit);
        }
        if (lit.contains(".") || lit.contains("e")) {
            return F.numberNode(new BigDecimal(lit));
        }
        return F.numberNode(new BigInteger(lit));
    }
}

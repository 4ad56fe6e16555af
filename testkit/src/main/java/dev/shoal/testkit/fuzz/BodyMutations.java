package dev.shoal.testkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Byte-level damage to a serialized body (truncation, flipped bytes, invalid UTF-8, trailing
 * garbage, nesting past the JSON parser's limits, no JSON at all) and wrong request headers
 * (content types, content encodings).
 */
final class BodyMutations {
    private static final List<String> NOT_JSON = List.of("", " ", "null", "[]", "42", "\"requests\"", "{", "}",
            "{\"requests\":", "{\"requests\":[", "{\"requests\":[{\"type\":", "{'requests':[]}", "requests=[]",
            "{\"requests\":[]}{\"requests\":[]}", "\ufeff{\"requests\":[]}", "{\"requests\":[]}\u0000",
            "{\"requests\":[],}", "{\"requests\":[] /* comment */}", "{\"requests\":NaN}", "{\"baton\":Infinity}",
            "<xml/>", "\u0000\u0000\u0000\u0000");

    private BodyMutations() {}

    /** Damages {@code body} in one way; returns the new bytes and what was done. */
    static Damaged damage(Random r, byte[] body) {
        switch (r.nextInt(8)) {
            case 0 -> {
                int cut = body.length == 0 ? 0 : r.nextInt(body.length);
                return new Damaged(Arrays.copyOf(body, cut), "truncated at " + cut + " of " + body.length);
            }
            case 1 -> {
                byte[] b = body.clone();
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return new Damaged(b, n + " random bytes");
            }
            case 2 -> {
                byte[] bad = {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
                return new Damaged(insert(body, r.nextInt(body.length + 1), bad), "invalid UTF-8 inserted");
            }
            case 3 -> {
                String tail = SqlFragments.pick(r, List.of(" garbage", "}", "]", ",", "{\"requests\":[]}", "\u0000"));
                return new Damaged(concat(body, tail.getBytes(StandardCharsets.UTF_8)), "trailing " + tail);
            }
            case 4 -> {
                int depth = r.nextInt(20) == 0 ? 100_000 : 900 + r.nextInt(300); // around the parser's limit
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                return new Damaged(("{\"requests\":" + open.repeat(depth)).getBytes(StandardCharsets.UTF_8),
                        "nested " + depth + " deep");
            }
            case 5 -> {
                String digits = "9".repeat(1 + r.nextInt(r.nextInt(20) == 0 ? 100_000 : 2_000));
                String b = "{\"requests\":[{\"type\":\"store_sql\",\"sql_id\":" + digits + ",\"sql\":\"SELECT 1\"}]}";
                return new Damaged(b.getBytes(StandardCharsets.UTF_8), "number with " + digits.length() + " digits");
            }
            default -> {
                String s = SqlFragments.pick(r, NOT_JSON);
                return new Damaged(s.getBytes(StandardCharsets.UTF_8), "body " + HranaMutations.abbreviate(s));
            }
        }
    }

    record Damaged(byte[] body, String what) {}

    /** A content type: usually right, sometimes missing, wrong or odd. */
    static Optional<String> contentType(Random r) {
        if (r.nextInt(5) != 0) {
            return Optional.of("application/json");
        }
        return SqlFragments.pick(r, List.of(Optional.<String>empty(), Optional.of("text/plain"),
                Optional.of("application/json; charset=utf-8"), Optional.of("application/json; charset=latin1"),
                Optional.of("application/x-www-form-urlencoded"), Optional.of("multipart/form-data; boundary=x"),
                Optional.of("application/octet-stream"), Optional.of("application/protobuf"), Optional.of("*/*"),
                Optional.of("garbage"), Optional.of(";"), Optional.of("application/json; q=\"unterminated")));
    }

    /** Extra headers that change how a body is read: none, usually. */
    static List<String[]> extraHeaders(Random r) {
        if (r.nextInt(40) != 0) {
            return List.of();
        }
        String enc = SqlFragments.pick(r, List.of("gzip", "deflate", "br", "identity", "x-unknown", "gzip, gzip"));
        return List.<String[]>of(new String[] {"Content-Encoding", enc});
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package dev.shoal.server.hrana;

import dev.shoal.core.sql.Value;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A cursor's {@code {"type":"row","row":[…]}} entry encoded straight to UTF-8 bytes, byte for byte
 * what Jackson's generator writes for it ({@code RowLineTest} compares the two), written by the
 * cursor straight to its output after the generator's buffer is drained. Jackson spent a fifth of a
 * cursor's SQL thread on its per-value context checks and field names; here a row is a loop over its
 * cells, and its bytes are copied once.
 */
final class RowLine {
    private static final byte[] START = ascii("{\"type\":\"row\",\"row\":[");
    private static final byte[] END = ascii("]}");
    private static final byte[] NULL = ascii("{\"type\":\"null\"}");
    private static final byte[] INTEGER = ascii("{\"type\":\"integer\",\"value\":\"");
    private static final byte[] FLOAT = ascii("{\"type\":\"float\",\"value\":");
    private static final byte[] TEXT = ascii("{\"type\":\"text\",\"value\":\"");
    private static final byte[] BLOB = ascii("{\"type\":\"blob\",\"base64\":\"");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private byte[] buf = new byte[512];
    private int len;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Encodes {@code row}, replacing what was encoded before. */
    void encode(Value[] row) {
        len = 0;
        put(START);
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            switch (row[i]) {
                case Value.Null n -> put(NULL);
                case Value.Integer v -> {
                    put(INTEGER);
                    putAscii(Long.toString(v.value()));
                    put((byte) '"');
                    put((byte) '}');
                }
                case Value.Real v -> {
                    put(FLOAT);
                    double d = v.value();
                    // As HranaWriter.writeDouble: JSON has no infinity (SQLite makes NaN NULL).
                    putAscii(Double.isInfinite(d) ? (d > 0 ? "1e999" : "-1e999") : Double.toString(d));
                    put((byte) '}');
                }
                case Value.Text v -> {
                    put(TEXT);
                    putString(v.value());
                    put((byte) '"');
                    put((byte) '}');
                }
                case Value.Blob v -> {
                    put(BLOB);
                    put(BASE64.encode(v.value()));
                    put((byte) '"');
                    put((byte) '}');
                }
            }
        }
        put(END);
    }

    /**
     * A JSON string's content as Jackson escapes it: {@code " \\}, control characters and UTF-16
     * surrogates escaped, UTF-8 for the rest.
     */
    private void putString(String s) {
        int n = s.length();
        ensure(n + 16);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    if (len == buf.length) {
                        ensure(1);
                    }
                    buf[len++] = (byte) c;
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                // Jackson 2 writes each half of a pair (and a lone half) as an escape, not as UTF-8.
                hexEscape(c);
            } else {
                ensure(3);
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    private void escape(char c) {
        ensure(6);
        buf[len++] = '\\';
        switch (c) {
            case '"' -> buf[len++] = '"';
            case '\\' -> buf[len++] = '\\';
            case '\b' -> buf[len++] = 'b';
            case '\t' -> buf[len++] = 't';
            case '\n' -> buf[len++] = 'n';
            case '\f' -> buf[len++] = 'f';
            case '\r' -> buf[len++] = 'r';
            default -> {
                len--;
                hexEscape(c);
            }
        }
    }

    private void hexEscape(char c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[c >> 12];
        buf[len++] = HEX[(c >> 8) & 0xf];
        buf[len++] = HEX[(c >> 4) & 0xf];
        buf[len++] = HEX[c & 0xf];
    }

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    /** Writes the row's entry as last encoded. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }
}

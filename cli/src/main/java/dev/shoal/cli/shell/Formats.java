package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HexFormat;

/** How values are written on screen (table, csv, line, json); SQL literals for .dump are core's {@code SqlLiterals}. */
final class Formats {
    private Formats() {}

    private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();

    /**
     * A value as the table, csv and line modes show it (the rules of the Go {@code turso} shell):
     * {@code NULL}, integers in decimal, floats in {@link #plainFloat plain shortest form}, text
     * as is, blobs as {@code 0x} and upper-case hex.
     */
    static String display(Value v) {
        return switch (v) {
            case Value.Null n -> "NULL";
            case Value.Integer i -> Long.toString(i.value());
            case Value.Real r -> plainFloat(r.value());
            case Value.Text t -> t.value();
            case Value.Blob b -> "0x" + hexUpper(b.value());
        };
    }

    /**
     * The shortest decimal digits that read back as the same double, written without an exponent
     * (Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, which the {@code turso} shell uses):
     * {@code 42.0} → {@code 42}, {@code 0.1} → {@code 0.1}, {@code 1e-7} → {@code 0.0000001},
     * {@code 1e300} → {@code 1} followed by 300 zeros; {@code -0.0} → {@code -0};
     * infinities → {@code +Inf}/{@code -Inf}, NaN → {@code NaN}.
     */
    static String plainFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        // Double.toString gives the shortest round-tripping digits (JDK 19+), but never fewer than
        // two: where one digit is enough (5e-324, which it writes 4.9E-324) take that one, as Go does
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (bd.precision() == 2) {
            BigDecimal one = bd.round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == d) {
                bd = one;
            }
        }
        return bd.toPlainString();
    }

    static String hexUpper(byte[] b) {
        return HEX_UPPER.formatHex(b);
    }

    /**
     * Terminal columns a string takes (as go-runewidth counts them, East Asian ambiguous as
     * narrow): combining marks and zero-width characters 0, wide and full-width characters 2.
     */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            w += codePointWidth(cp);
        }
        return w;
    }

    private static int codePointWidth(int cp) {
        if (cp == 0 || cp < 32 || (cp >= 0x7f && cp < 0xa0)) {
            return 0;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x200B) {
            return 0;
        }
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD)) {
            return 2;
        }
        return 1;
    }
}

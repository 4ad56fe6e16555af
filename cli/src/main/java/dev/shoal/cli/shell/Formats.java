package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** How values are written: on screen (table, csv, line, json) and as SQL literals (.dump). */
final class Formats {
    private Formats() {}

    private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();
    private static final HexFormat HEX_LOWER = HexFormat.of();

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
     * A value as a SQL literal that reads back exactly, in the style of sqlite3's {@code .dump}:
     * integers in decimal; floats that hold an integer as {@code N.0}, others in the shortest
     * round-tripping form ({@code 0.1}, {@code 1.0E300}), infinities as {@code 9.0e+999};
     * text quoted with {@code '} doubled, newlines and carriage returns through
     * {@code replace(...,'\n',char(10))} so every literal stays on one line, text holding NUL as
     * {@code CAST(X'..' AS TEXT)}; blobs as {@code X'hex'}.
     */
    static String sqlLiteral(Value v) {
        return switch (v) {
            case Value.Null n -> "NULL";
            case Value.Integer i -> Long.toString(i.value());
            case Value.Real r -> floatLiteral(r.value());
            case Value.Text t -> textLiteral(t.value());
            case Value.Blob b -> "X'" + HEX_LOWER.formatHex(b.value()) + "'";
        };
    }

    static String floatLiteral(double r) {
        if (Double.isNaN(r)) {
            return "NULL"; // SQLite stores NaN as NULL
        }
        if (Double.isInfinite(r)) {
            return r > 0 ? "9.0e+999" : "-9.0e+999";
        }
        if (r == 0 && Double.doubleToRawLongBits(r) < 0) {
            return "-0.0";
        }
        if (Math.abs(r) < 0x1p63 && r == Math.rint(r)) {
            return Long.toString((long) r) + ".0";
        }
        return Double.toString(r);
    }

    static String textLiteral(String z) {
        if (z.indexOf('\0') >= 0) {
            return "CAST(X'" + HEX_LOWER.formatHex(z.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "' AS TEXT)";
        }
        boolean special = false;
        int nNL = 0;
        int nCR = 0;
        for (int i = 0; i < z.length(); i++) {
            char c = z.charAt(i);
            if (c == '\'') {
                special = true;
            } else if (c == '\n') {
                nNL++;
            } else if (c == '\r') {
                nCR++;
            }
        }
        if (!special && nNL == 0 && nCR == 0) {
            return "'" + z + "'";
        }
        String nl = nNL > 0 ? unusedString(z, "\\n", "\\012") : null;
        String cr = nCR > 0 ? unusedString(z, "\\r", "\\015") : null;
        StringBuilder sb = new StringBuilder(z.length() + 40);
        if (nNL > 0) {
            sb.append("replace(");
        }
        if (nCR > 0) {
            sb.append("replace(");
        }
        sb.append('\'');
        for (int i = 0; i < z.length(); i++) {
            char c = z.charAt(i);
            switch (c) {
                case '\'' -> sb.append("''");
                case '\n' -> sb.append(nl);
                case '\r' -> sb.append(cr);
                default -> sb.append(c);
            }
        }
        sb.append('\'');
        if (nCR > 0) {
            sb.append(",'").append(cr).append("',char(13))");
        }
        if (nNL > 0) {
            sb.append(",'").append(nl).append("',char(10))");
        }
        return sb.toString();
    }

    /** sqlite3's unused_string: a marker that does not occur in {@code z}. */
    private static String unusedString(String z, String a, String b) {
        if (!z.contains(a)) {
            return a;
        }
        if (!z.contains(b)) {
            return b;
        }
        for (long i = 0; ; i++) {
            String s = "(" + i + ")";
            if (!z.contains(s)) {
                return s;
            }
        }
    }

    /** {@code "name"} with {@code "} doubled. */
    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The name as is when it is a plain identifier and not a keyword (sqlite3's quoteChar), else quoted. */
    static String identifier(String name) {
        if (name.isEmpty()) {
            return quoteIdentifier(name);
        }
        char c0 = name.charAt(0);
        if (!isAsciiLetter(c0) && c0 != '_') {
            return quoteIdentifier(name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_') {
                return quoteIdentifier(name);
            }
        }
        return KEYWORDS.contains(name.toUpperCase(Locale.ROOT)) ? quoteIdentifier(name) : name;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** SQLite's keywords (sqlite3_keyword_name). */
    static final Set<String> KEYWORDS = Set.of(
            "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC",
            "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST",
            "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS",
            "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT",
            "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH", "DISTINCT", "DO", "DROP", "EACH",
            "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL",
            "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB",
            "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED",
            "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN",
            "KEY", "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT",
            "NOTHING", "NOTNULL", "NULL", "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS",
            "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY", "RAISE",
            "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE",
            "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET",
            "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED",
            "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN",
            "WHERE", "WINDOW", "WITH", "WITHOUT");

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

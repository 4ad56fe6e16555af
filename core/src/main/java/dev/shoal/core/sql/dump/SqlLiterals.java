package dev.shoal.core.sql.dump;

import dev.shoal.core.sql.Value;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** Values and names written as SQL text that SQLite reads back exactly, as sqlite3's {@code .dump} writes them. */
public final class SqlLiterals {
    private static final HexFormat HEX_LOWER = HexFormat.of();

    private SqlLiterals() {}

    /**
     * A value as a SQL literal that reads back exactly, in the style of sqlite3's {@code .dump}:
     * integers in decimal; floats that hold an integer as {@code N.0}, others in the shortest
     * round-tripping form ({@code 0.1}, {@code 1.0E300}), infinities as {@code 9.0e+999};
     * text quoted with {@code '} doubled, newlines and carriage returns through
     * {@code replace(...,'\n',char(10))} so every literal stays on one line, text holding NUL as
     * {@code CAST(X'..' AS TEXT)}; blobs as {@code X'hex'}.
     */
    public static String sqlLiteral(Value v) {
        return switch (v) {
            case Value.Null n -> "NULL";
            case Value.Integer i -> Long.toString(i.value());
            case Value.Real r -> floatLiteral(r.value());
            case Value.Text t -> textLiteral(t.value());
            case Value.Blob b -> "X'" + HEX_LOWER.formatHex(b.value()) + "'";
        };
    }

    public static String floatLiteral(double r) {
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

    public static String textLiteral(String z) {
        if (z.indexOf('\0') >= 0) {
            return "CAST(X'" + HEX_LOWER.formatHex(z.getBytes(StandardCharsets.UTF_8)) + "' AS TEXT)";
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
    public static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The name as is when it is a plain identifier and not a keyword (sqlite3's quoteChar), else quoted. */
    public static String identifier(String name) {
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
    private static final Set<String> KEYWORDS = Set.of(
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
}

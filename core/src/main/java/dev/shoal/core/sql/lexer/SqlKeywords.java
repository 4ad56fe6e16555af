package dev.shoal.core.sql.lexer;

/**
 * The keywords the lexer cares about, as small int codes ({@link #NONE} for every other word),
 * recognised ASCII case-insensitively straight from the text, without allocating.
 */
final class SqlKeywords {

    static final int NONE = 0;
    static final int EXPLAIN = 1;
    static final int QUERY = 2;
    static final int PLAN = 3;
    static final int WITH = 4;
    static final int RECURSIVE = 5;
    static final int AS = 6;
    static final int SELECT = 7;
    static final int VALUES = 8;
    static final int INSERT = 9;
    static final int REPLACE = 10;
    static final int UPDATE = 11;
    static final int DELETE = 12;
    static final int CREATE = 13;
    static final int DROP = 14;
    static final int ALTER = 15;
    static final int BEGIN = 16;
    static final int DEFERRED = 17;
    static final int IMMEDIATE = 18;
    static final int EXCLUSIVE = 19;
    static final int COMMIT = 20;
    static final int END = 21;
    static final int ROLLBACK = 22;
    static final int TO = 23;
    static final int SAVEPOINT = 24;
    static final int RELEASE = 25;
    static final int ATTACH = 26;
    static final int DETACH = 27;
    static final int PRAGMA = 28;
    static final int ANALYZE = 29;
    static final int VACUUM = 30;
    static final int REINDEX = 31;
    static final int TEMP = 32;
    static final int TEMPORARY = 33;
    static final int TRIGGER = 34;

    private SqlKeywords() {}

    /** The keyword code of the word {@code s[start, end)}, {@link #NONE} if it is not one of ours. */
    static int of(String s, int start, int end) {
        final int len = end - start;
        if (len < 2 || len > 9) {
            return NONE;
        }
        switch (s.charAt(start) | 0x20) {
            case 'a':
                if (len == 2) return is(s, start, "as") ? AS : NONE;
                if (len == 5) return is(s, start, "alter") ? ALTER : NONE;
                if (len == 6) return is(s, start, "attach") ? ATTACH : NONE;
                if (len == 7) return is(s, start, "analyze") ? ANALYZE : NONE;
                return NONE;
            case 'b':
                return len == 5 && is(s, start, "begin") ? BEGIN : NONE;
            case 'c':
                if (len != 6) return NONE;
                if (is(s, start, "create")) return CREATE;
                return is(s, start, "commit") ? COMMIT : NONE;
            case 'd':
                if (len == 4) return is(s, start, "drop") ? DROP : NONE;
                if (len == 6) {
                    if (is(s, start, "delete")) return DELETE;
                    return is(s, start, "detach") ? DETACH : NONE;
                }
                return len == 8 && is(s, start, "deferred") ? DEFERRED : NONE;
            case 'e':
                if (len == 3) return is(s, start, "end") ? END : NONE;
                if (len == 7) return is(s, start, "explain") ? EXPLAIN : NONE;
                return len == 9 && is(s, start, "exclusive") ? EXCLUSIVE : NONE;
            case 'i':
                if (len == 6) return is(s, start, "insert") ? INSERT : NONE;
                return len == 9 && is(s, start, "immediate") ? IMMEDIATE : NONE;
            case 'p':
                if (len == 4) return is(s, start, "plan") ? PLAN : NONE;
                return len == 6 && is(s, start, "pragma") ? PRAGMA : NONE;
            case 'q':
                return len == 5 && is(s, start, "query") ? QUERY : NONE;
            case 'r':
                if (len == 7) {
                    if (is(s, start, "replace")) return REPLACE;
                    if (is(s, start, "release")) return RELEASE;
                    return is(s, start, "reindex") ? REINDEX : NONE;
                }
                if (len == 8) return is(s, start, "rollback") ? ROLLBACK : NONE;
                return len == 9 && is(s, start, "recursive") ? RECURSIVE : NONE;
            case 's':
                if (len == 6) return is(s, start, "select") ? SELECT : NONE;
                return len == 9 && is(s, start, "savepoint") ? SAVEPOINT : NONE;
            case 't':
                if (len == 2) return is(s, start, "to") ? TO : NONE;
                if (len == 4) return is(s, start, "temp") ? TEMP : NONE;
                if (len == 7) return is(s, start, "trigger") ? TRIGGER : NONE;
                return len == 9 && is(s, start, "temporary") ? TEMPORARY : NONE;
            case 'u':
                return len == 6 && is(s, start, "update") ? UPDATE : NONE;
            case 'v':
                if (len != 6) return NONE;
                if (is(s, start, "values")) return VALUES;
                return is(s, start, "vacuum") ? VACUUM : NONE;
            case 'w':
                return len == 4 && is(s, start, "with") ? WITH : NONE;
            default:
                return NONE;
        }
    }

    /** Whether {@code s} holds {@code lower} at {@code start}, ignoring ASCII case. */
    private static boolean is(String s, int start, String lower) {
        for (int k = 0, len = lower.length(); k < len; k++) {
            if ((s.charAt(start + k) | 0x20) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}

package dev.shoal.storage.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A SQLite-aware SQL lexer: splits a script into statements and describes each one (kind,
 * EXPLAIN, BEGIN mode, parameter slots) without executing or fully parsing it.
 *
 * <p>Tokens are recognised the way SQLite's tokenizer ({@code tokenize.c}) recognises them:
 * {@code '...'} strings, {@code "..."}, {@code [...]} and {@code `...`} identifiers (doubled
 * quotes escape), line ({@code --}) and block comments, numbers, identifiers and the
 * parameter forms {@code ?}, {@code ?NNN}, {@code :name}, {@code @name}, {@code $name},
 * {@code #name} (with Tcl-style {@code ::} segments and a {@code (...)} suffix).
 *
 * <p>Statement boundaries follow the state machine of {@code sqlite3_complete} ({@code complete.c}):
 * a semicolon ends a statement, except inside {@code [EXPLAIN] CREATE [TEMP|TEMPORARY] TRIGGER},
 * which only ends at a semicolon that follows an {@code END} that itself directly follows a
 * semicolon. Unlike {@code sqlite3_complete}, a parameter such as {@code @create} is one token
 * (as in the real tokenizer), so it can never look like the {@code CREATE} keyword.
 *
 * <p>Never throws on malformed input: an unterminated string, quoted identifier or comment runs
 * to the end of the text, and SQLite reports the error when the statement is prepared. Like
 * SQLite, which reads SQL text as a C string, the lexer treats a NUL character as the end of
 * the text and ignores everything after it.
 *
 * <p>Parameters that SQLite would reject ({@code ?0}, {@code ?NNN} above
 * {@link #MAX_VARIABLE_NUMBER}, {@code #1}, {@code :} alone, an unclosed {@code $a(}) are not
 * counted; such statements fail to prepare anyway.
 *
 * <p>Thread-safe: all state lives in a per-call scanner.
 */
public final class SqlLexer {

    /**
     * The largest {@code ?NNN} the lexer accepts: the {@code SQLITE_MAX_VARIABLE_NUMBER} that
     * the bundled sqlite-jdbc library is compiled with (250000; SQLite's own default is 32766).
     * It must not be lower than the connection's {@code SQLITE_LIMIT_VARIABLE_NUMBER}: a larger
     * {@code ?NNN} fails to prepare anyway, so the lexer ignores it rather than let it inflate
     * {@code parameterCount}.
     */
    public static final int MAX_VARIABLE_NUMBER = 250_000;

    private SqlLexer() {}

    /**
     * Splits a script into statements the way {@code sqlite3_complete}/{@code sqlite3_prepare}
     * would, skipping empty ones (a lone {@code ;}, whitespace, only comments). The
     * {@link SqlStatement#sql() sql} of each runs from its first token to its last: comments
     * between tokens are kept, comments before the first or after the last token are dropped,
     * and so is the terminating semicolon. A script holding a single statement without
     * surrounding whitespace or semicolon yields that very string.
     *
     * @return the statements in order; an unmodifiable list, empty when the script has none
     */
    public static List<SqlStatement> split(String script) {
        Objects.requireNonNull(script, "script");
        return new Scan(script).run();
    }

    // ---------------------------------------------------------------------------------------
    // Character classes

    /** Bits for chars 0..63 that SQLite's IdChar accepts: digits and '$'. */
    private static final long ID_LO = idMask(0);
    /** Bits for chars 64..127 that SQLite's IdChar accepts: letters and '_'. */
    private static final long ID_HI = idMask(64);

    private static long idMask(int base) {
        long m = 0;
        for (int c = base; c < base + 64; c++) {
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || c == '_' || c == '$') {
                m |= 1L << (c - base);
            }
        }
        return m;
    }

    /** SQLite's IdChar: letters, digits, '_', '$' and every non-ASCII char (UTF-8 byte >= 0x80). */
    static boolean isIdChar(char c) {
        if (c < 64) {
            return ((ID_LO >>> c) & 1L) != 0;
        }
        if (c < 128) {
            return ((ID_HI >>> c) & 1L) != 0; // shift distance is taken mod 64
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    }

    /** sqlite3Isspace: space, \t, \n, \v, \f, \r. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    // ---------------------------------------------------------------------------------------
    // Token types fed to the statement classifier

    private static final int T_WORD = 0;   // unquoted identifier or keyword
    private static final int T_LP = 1;
    private static final int T_RP = 2;
    private static final int T_COMMA = 3;
    private static final int T_OTHER = 4;  // anything else (literals, quoted names, operators, ...)

    // Keywords the lexer cares about (K_NONE for every other word)
    private static final int K_NONE = 0;
    private static final int K_EXPLAIN = 1;
    private static final int K_QUERY = 2;
    private static final int K_PLAN = 3;
    private static final int K_WITH = 4;
    private static final int K_RECURSIVE = 5;
    private static final int K_AS = 6;
    private static final int K_SELECT = 7;
    private static final int K_VALUES = 8;
    private static final int K_INSERT = 9;
    private static final int K_REPLACE = 10;
    private static final int K_UPDATE = 11;
    private static final int K_DELETE = 12;
    private static final int K_CREATE = 13;
    private static final int K_DROP = 14;
    private static final int K_ALTER = 15;
    private static final int K_BEGIN = 16;
    private static final int K_DEFERRED = 17;
    private static final int K_IMMEDIATE = 18;
    private static final int K_EXCLUSIVE = 19;
    private static final int K_COMMIT = 20;
    private static final int K_END = 21;
    private static final int K_ROLLBACK = 22;
    private static final int K_TO = 23;
    private static final int K_SAVEPOINT = 24;
    private static final int K_RELEASE = 25;
    private static final int K_ATTACH = 26;
    private static final int K_DETACH = 27;
    private static final int K_PRAGMA = 28;
    private static final int K_ANALYZE = 29;
    private static final int K_VACUUM = 30;
    private static final int K_REINDEX = 31;
    private static final int K_TEMP = 32;
    private static final int K_TEMPORARY = 33;
    private static final int K_TRIGGER = 34;

    // States of sqlite3_complete's machine (complete.c); whitespace never changes the state
    private static final int S_START = 1;
    private static final int S_NORMAL = 2;
    private static final int S_EXPLAIN = 3;
    private static final int S_CREATE = 4;
    private static final int S_TRIGGER = 5;
    private static final int S_SEMI = 6;
    private static final int S_END = 7;

    // Phases of the statement classifier
    private static final int P_START = 0;         // first token
    private static final int P_AFTER_EXPLAIN = 1; // after EXPLAIN: QUERY, WITH or the verb
    private static final int P_EXPECT_PLAN = 2;   // after EXPLAIN QUERY
    private static final int P_AFTER_PLAN = 3;    // after EXPLAIN QUERY PLAN: WITH or the verb
    private static final int P_WITH_FIRST = 4;    // after WITH: RECURSIVE or the first CTE name
    private static final int P_WITH_LIST = 5;     // inside the CTE list
    private static final int P_AFTER_CTE = 6;     // after a CTE body: ',' or the verb
    private static final int P_BEGIN = 7;         // after BEGIN: the mode, if any
    private static final int P_ROLLBACK = 8;      // after ROLLBACK: looking for TO
    private static final int P_DONE = 9;

    private static final Optional<String> DEFERRED = Optional.of("DEFERRED");
    private static final Optional<String> IMMEDIATE = Optional.of("IMMEDIATE");
    private static final Optional<String> EXCLUSIVE = Optional.of("EXCLUSIVE");

    /** One split() call. */
    private static final class Scan {
        private final String s;
        private final int n;

        // statement being built
        private int stmtStart = -1;
        private int stmtEnd;
        private int cstate = S_START;

        // classifier
        private int phase = P_START;
        private StatementKind kind;
        private Optional<String> beginMode = Optional.empty();
        private boolean explain;
        private int depth;
        private boolean asSeen;

        // parameters of the statement being built (slots in order of creation)
        private int maxIndex;
        private int pCount;
        private int[] pIndex;
        private String[] pName;

        // results
        private SqlStatement first;
        private ArrayList<SqlStatement> more;

        Scan(String s) {
            this.s = s;
            // SQLite's tokenizer stops at a NUL character: whatever follows is never seen
            int nul = s.indexOf('\0');
            this.n = nul < 0 ? s.length() : nul;
        }

        List<SqlStatement> run() {
            final String s = this.s;
            final int n = this.n;
            int i = 0;
            while (i < n) {
                final char c = s.charAt(i);
                final int start = i;
                int type = T_OTHER;
                switch (c) {
                    case ' ', '\t', '\n', '\f', '\r' -> {
                        i++;
                        continue;
                    }
                    case '-' -> {
                        if (i + 1 < n && s.charAt(i + 1) == '-') {
                            int nl = s.indexOf('\n', i + 2, n);
                            i = nl < 0 ? n : nl;
                            continue;
                        }
                        i++;
                    }
                    case '/' -> {
                        // tokenize.c: "/*" only opens a comment when something follows it
                        if (i + 2 < n && s.charAt(i + 1) == '*') {
                            int close = s.indexOf("*/", i + 2, n);
                            i = close < 0 ? n : close + 2;
                            continue;
                        }
                        i++;
                    }
                    case ';' -> {
                        if (cstate == S_TRIGGER || cstate == S_SEMI) {
                            cstate = S_SEMI; // inside a trigger body: part of the statement
                            stmtEnd = i + 1;
                            i++;
                            continue;
                        }
                        finishStatement();
                        i++;
                        continue;
                    }
                    case '\'', '"', '`' -> i = skipQuoted(i, c);
                    case '[' -> {
                        int close = s.indexOf(']', i + 1, n);
                        i = close < 0 ? n : close + 1;
                    }
                    case '(' -> {
                        type = T_LP;
                        i++;
                    }
                    case ')' -> {
                        type = T_RP;
                        i++;
                    }
                    case ',' -> {
                        type = T_COMMA;
                        i++;
                    }
                    case '?' -> i = numberedParameter(i);
                    case '$', '@', ':', '#' -> i = namedParameter(i);
                    case '.' -> i = (i + 1 < n && isDigit(s.charAt(i + 1))) ? skipNumber(i) : i + 1;
                    default -> {
                        if (isDigit(c)) {
                            i = skipNumber(i);
                        } else if (c >= 128 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_') {
                            i++;
                            while (i < n && isIdChar(s.charAt(i))) {
                                i++;
                            }
                            type = T_WORD;
                        } else {
                            i++;
                        }
                    }
                }
                token(type, start, i);
            }
            finishStatement();
            if (more != null) {
                return Collections.unmodifiableList(more);
            }
            return first == null ? List.of() : List.of(first);
        }

        /** Any token other than whitespace, comments and a statement-ending ';'. */
        private void token(int type, int start, int end) {
            if (stmtStart < 0) {
                stmtStart = start;
            }
            stmtEnd = end;
            final int cs = cstate;
            final int ph = phase;
            if (type == T_WORD) {
                boolean completeNeedsKeyword = cs != S_NORMAL && cs != S_TRIGGER && cs != S_END;
                boolean classifierNeedsKeyword = ph != P_DONE && !(ph == P_WITH_LIST && depth > 0);
                int kw = (completeNeedsKeyword || classifierNeedsKeyword) ? keyword(start, end) : K_NONE;
                if (completeNeedsKeyword || cs == S_END) {
                    cstate = next(cs, kw);
                }
                if (ph != P_DONE) {
                    classify(type, kw);
                }
            } else {
                if (cs != S_NORMAL && cs != S_TRIGGER) {
                    cstate = next(cs, K_NONE);
                }
                if (ph != P_DONE) {
                    classify(type, K_NONE);
                }
            }
        }

        /** sqlite3_complete's transition for a non-space, non-';' token. */
        private static int next(int state, int kw) {
            return switch (state) {
                case S_START -> kw == K_EXPLAIN ? S_EXPLAIN : kw == K_CREATE ? S_CREATE : S_NORMAL;
                case S_EXPLAIN -> switch (kw) {
                    case K_CREATE -> S_CREATE;
                    case K_EXPLAIN, K_TEMP, K_TEMPORARY, K_TRIGGER, K_END -> S_NORMAL;
                    default -> S_EXPLAIN;
                };
                case S_CREATE -> kw == K_TEMP || kw == K_TEMPORARY ? S_CREATE
                        : kw == K_TRIGGER ? S_TRIGGER : S_NORMAL;
                case S_SEMI -> kw == K_END ? S_END : S_TRIGGER;
                case S_END, S_TRIGGER -> S_TRIGGER;
                default -> S_NORMAL;
            };
        }

        private void classify(int type, int kw) {
            switch (phase) {
                case P_START -> {
                    if (kw == K_EXPLAIN) {
                        explain = true;
                        phase = P_AFTER_EXPLAIN;
                    } else {
                        head(type, kw);
                    }
                }
                case P_AFTER_EXPLAIN -> {
                    if (kw == K_QUERY) {
                        phase = P_EXPECT_PLAN;
                    } else {
                        head(type, kw);
                    }
                }
                case P_EXPECT_PLAN -> {
                    if (kw == K_PLAN) {
                        phase = P_AFTER_PLAN;
                    } else {
                        kind = StatementKind.OTHER;
                        phase = P_DONE;
                    }
                }
                case P_AFTER_PLAN -> head(type, kw);
                case P_WITH_FIRST -> phase = P_WITH_LIST; // RECURSIVE or the first CTE name
                case P_WITH_LIST -> {
                    if (type == T_LP) {
                        depth++;
                    } else if (type == T_RP) {
                        if (depth > 0 && --depth == 0 && asSeen) {
                            phase = P_AFTER_CTE;
                        }
                    } else if (depth == 0 && kw == K_AS) {
                        asSeen = true;
                    }
                }
                case P_AFTER_CTE -> {
                    if (type == T_COMMA) {
                        asSeen = false;
                        phase = P_WITH_LIST;
                    } else {
                        verb(kw);
                    }
                }
                case P_BEGIN -> {
                    beginMode = switch (kw) {
                        case K_IMMEDIATE -> IMMEDIATE;
                        case K_EXCLUSIVE -> EXCLUSIVE;
                        default -> DEFERRED;
                    };
                    phase = P_DONE;
                }
                case P_ROLLBACK -> {
                    if (kw == K_TO) {
                        kind = StatementKind.ROLLBACK_TO;
                        phase = P_DONE;
                    }
                }
                default -> { }
            }
        }

        /** The first token after any EXPLAIN prefix: WITH or the verb. */
        private void head(int type, int kw) {
            if (kw == K_WITH) {
                phase = P_WITH_FIRST;
                depth = 0;
                asSeen = false;
            } else {
                verb(kw);
            }
        }

        private void verb(int kw) {
            phase = P_DONE;
            kind = switch (kw) {
                case K_SELECT, K_VALUES -> StatementKind.SELECT;
                case K_INSERT, K_REPLACE -> StatementKind.INSERT;
                case K_UPDATE -> StatementKind.UPDATE;
                case K_DELETE -> StatementKind.DELETE;
                case K_CREATE, K_DROP, K_ALTER -> StatementKind.DDL;
                case K_BEGIN -> {
                    phase = P_BEGIN;
                    beginMode = DEFERRED;
                    yield StatementKind.BEGIN;
                }
                case K_COMMIT, K_END -> StatementKind.COMMIT;
                case K_ROLLBACK -> {
                    phase = P_ROLLBACK;
                    yield StatementKind.ROLLBACK;
                }
                case K_SAVEPOINT -> StatementKind.SAVEPOINT;
                case K_RELEASE -> StatementKind.RELEASE;
                case K_ATTACH -> StatementKind.ATTACH;
                case K_DETACH -> StatementKind.DETACH;
                case K_PRAGMA -> StatementKind.PRAGMA;
                case K_ANALYZE -> StatementKind.ANALYZE;
                case K_VACUUM -> StatementKind.VACUUM;
                case K_REINDEX -> StatementKind.REINDEX;
                default -> StatementKind.OTHER;
            };
        }

        // -----------------------------------------------------------------------------------
        // Token scanners

        /** End of a quoted string/identifier starting at {@code i}; doubled quotes escape. */
        private int skipQuoted(int i, char quote) {
            int from = i + 1;
            while (true) {
                int close = s.indexOf(quote, from, n);
                if (close < 0) {
                    return n;
                }
                if (close + 1 < n && s.charAt(close + 1) == quote) {
                    from = close + 2;
                } else {
                    return close + 1;
                }
            }
        }

        /** End of a numeric literal starting at {@code i} (a digit, or '.' before a digit). */
        private int skipNumber(int i) {
            final String s = this.s;
            final int n = this.n;
            if (s.charAt(i) == '0' && i + 2 < n && (s.charAt(i + 1) | 0x20) == 'x'
                    && isHexDigit(s.charAt(i + 2))) {
                i += 3;
                while (i < n && isHexDigit(s.charAt(i))) {
                    i++;
                }
                return i;
            }
            while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
            }
            if (i + 1 < n && (s.charAt(i) | 0x20) == 'e') {
                char c1 = s.charAt(i + 1);
                if (isDigit(c1) || ((c1 == '+' || c1 == '-') && i + 2 < n && isDigit(s.charAt(i + 2)))) {
                    i += 2;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                }
            }
            // SQLite glues trailing identifier chars onto the number (an illegal token)
            while (i < n && isIdChar(s.charAt(i))) {
                i++;
            }
            return i;
        }

        /** {@code ?} or {@code ?NNN} at {@code i}; returns the token end. */
        private int numberedParameter(int i) {
            final int start = i;
            i++;
            int value = 0;
            while (i < n && isDigit(s.charAt(i))) {
                if (value <= MAX_VARIABLE_NUMBER) {
                    value = value * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start + 1) {
                addSlot(++maxIndex, null);
            } else if (value >= 1 && value <= MAX_VARIABLE_NUMBER) {
                if (value > maxIndex) {
                    maxIndex = value;
                    addSlot(value, s.substring(start, i));
                } else {
                    int slot = slotOf(value);
                    if (slot < 0) {
                        addSlot(value, s.substring(start, i));
                    } else if (pName[slot] == null) {
                        pName[slot] = s.substring(start, i); // as sqlite3_bind_parameter_name does
                    }
                }
            }
            return i;
        }

        /** {@code :name}, {@code @name}, {@code $name} or {@code #name} at {@code i}. */
        private int namedParameter(int i) {
            final String s = this.s;
            final int n = this.n;
            final int start = i;
            int idChars = 0;
            boolean legal = true;
            i++;
            while (i < n) {
                char c = s.charAt(i);
                if (isIdChar(c)) {
                    idChars++;
                    i++;
                } else if (c == '(' && idChars > 0) {
                    do {
                        i++;
                    } while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != ')');
                    if (i < n && s.charAt(i) == ')') {
                        i++;
                    } else {
                        legal = false;
                    }
                    break;
                } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
                    i += 2;
                } else {
                    break;
                }
            }
            if (idChars == 0 || !legal) {
                return i;
            }
            if (s.charAt(start) == '#' && isDigit(s.charAt(start + 1))) {
                return i; // "#1" is a register reference, a syntax error outside SQLite itself
            }
            int len = i - start;
            for (int k = 0; k < pCount; k++) {
                String name = pName[k];
                if (name != null && name.length() == len && s.startsWith(name, start)) {
                    return i;
                }
            }
            addSlot(++maxIndex, s.substring(start, i));
            return i;
        }

        private int slotOf(int index) {
            for (int k = 0; k < pCount; k++) {
                if (pIndex[k] == index) {
                    return k;
                }
            }
            return -1;
        }

        private void addSlot(int index, String name) {
            if (pIndex == null) {
                pIndex = new int[4];
                pName = new String[4];
            } else if (pCount == pIndex.length) {
                pIndex = java.util.Arrays.copyOf(pIndex, pCount * 2);
                pName = java.util.Arrays.copyOf(pName, pCount * 2);
            }
            pIndex[pCount] = index;
            pName[pCount] = name;
            pCount++;
        }

        // -----------------------------------------------------------------------------------

        private void finishStatement() {
            if (stmtStart >= 0) {
                SqlStatement st = new SqlStatement(
                        s.substring(stmtStart, stmtEnd),
                        kind == null ? StatementKind.OTHER : kind,
                        kind == StatementKind.BEGIN ? beginMode : Optional.empty(),
                        explain,
                        parameters(),
                        maxIndex);
                if (first == null) {
                    first = st;
                } else {
                    if (more == null) {
                        more = new ArrayList<>();
                        more.add(first);
                    }
                    more.add(st);
                }
            }
            stmtStart = -1;
            cstate = S_START;
            phase = P_START;
            kind = null;
            beginMode = Optional.empty();
            explain = false;
            depth = 0;
            asSeen = false;
            maxIndex = 0;
            pCount = 0;
        }

        private List<Parameter> parameters() {
            final int count = pCount;
            if (count == 0) {
                return List.of();
            }
            // slots are created in index order except for ?NNN filling a gap: insertion sort
            int[] idx = pIndex;
            String[] names = pName;
            for (int a = 1; a < count; a++) {
                int ki = idx[a];
                String kn = names[a];
                int b = a - 1;
                while (b >= 0 && idx[b] > ki) {
                    idx[b + 1] = idx[b];
                    names[b + 1] = names[b];
                    b--;
                }
                idx[b + 1] = ki;
                names[b + 1] = kn;
            }
            if (count == 1) {
                return List.of(new Parameter(idx[0], Optional.ofNullable(names[0])));
            }
            Parameter[] out = new Parameter[count];
            for (int k = 0; k < count; k++) {
                out[k] = new Parameter(idx[k], Optional.ofNullable(names[k]));
            }
            return List.of(out);
        }

        // -----------------------------------------------------------------------------------
        // Keywords (ASCII case-insensitive, no allocation)

        private boolean is(int start, String lower) {
            for (int k = 0, len = lower.length(); k < len; k++) {
                if ((s.charAt(start + k) | 0x20) != lower.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        private int keyword(int start, int end) {
            final int len = end - start;
            if (len < 2 || len > 9) {
                return K_NONE;
            }
            switch (s.charAt(start) | 0x20) {
                case 'a':
                    if (len == 2) return is(start, "as") ? K_AS : K_NONE;
                    if (len == 5) return is(start, "alter") ? K_ALTER : K_NONE;
                    if (len == 6) return is(start, "attach") ? K_ATTACH : K_NONE;
                    if (len == 7) return is(start, "analyze") ? K_ANALYZE : K_NONE;
                    return K_NONE;
                case 'b':
                    return len == 5 && is(start, "begin") ? K_BEGIN : K_NONE;
                case 'c':
                    if (len != 6) return K_NONE;
                    if (is(start, "create")) return K_CREATE;
                    return is(start, "commit") ? K_COMMIT : K_NONE;
                case 'd':
                    if (len == 4) return is(start, "drop") ? K_DROP : K_NONE;
                    if (len == 6) {
                        if (is(start, "delete")) return K_DELETE;
                        return is(start, "detach") ? K_DETACH : K_NONE;
                    }
                    return len == 8 && is(start, "deferred") ? K_DEFERRED : K_NONE;
                case 'e':
                    if (len == 3) return is(start, "end") ? K_END : K_NONE;
                    if (len == 7) return is(start, "explain") ? K_EXPLAIN : K_NONE;
                    return len == 9 && is(start, "exclusive") ? K_EXCLUSIVE : K_NONE;
                case 'i':
                    if (len == 6) return is(start, "insert") ? K_INSERT : K_NONE;
                    return len == 9 && is(start, "immediate") ? K_IMMEDIATE : K_NONE;
                case 'p':
                    if (len == 4) return is(start, "plan") ? K_PLAN : K_NONE;
                    return len == 6 && is(start, "pragma") ? K_PRAGMA : K_NONE;
                case 'q':
                    return len == 5 && is(start, "query") ? K_QUERY : K_NONE;
                case 'r':
                    if (len == 7) {
                        if (is(start, "replace")) return K_REPLACE;
                        if (is(start, "release")) return K_RELEASE;
                        return is(start, "reindex") ? K_REINDEX : K_NONE;
                    }
                    if (len == 8) return is(start, "rollback") ? K_ROLLBACK : K_NONE;
                    return len == 9 && is(start, "recursive") ? K_RECURSIVE : K_NONE;
                case 's':
                    if (len == 6) return is(start, "select") ? K_SELECT : K_NONE;
                    return len == 9 && is(start, "savepoint") ? K_SAVEPOINT : K_NONE;
                case 't':
                    if (len == 2) return is(start, "to") ? K_TO : K_NONE;
                    if (len == 4) return is(start, "temp") ? K_TEMP : K_NONE;
                    if (len == 7) return is(start, "trigger") ? K_TRIGGER : K_NONE;
                    return len == 9 && is(start, "temporary") ? K_TEMPORARY : K_NONE;
                case 'u':
                    return len == 6 && is(start, "update") ? K_UPDATE : K_NONE;
                case 'v':
                    if (len != 6) return K_NONE;
                    if (is(start, "values")) return K_VALUES;
                    return is(start, "vacuum") ? K_VACUUM : K_NONE;
                case 'w':
                    return len == 4 && is(start, "with") ? K_WITH : K_NONE;
                default:
                    return K_NONE;
            }
        }
    }
}

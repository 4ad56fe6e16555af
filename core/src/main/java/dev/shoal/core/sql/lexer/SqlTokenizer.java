package dev.shoal.core.sql.lexer;

/**
 * Cuts SQL text into tokens the way SQLite's {@code tokenize.c} does and feeds them, in one
 * pass, to a {@link TokenSink} (the {@link StatementSplitter}, or a {@link TokenList}): whitespace and comments are skipped, {@code ;} and
 * parameters get their own calls, everything else arrives as a token type with its
 * {@code [start, end)} positions. Strings, quoted identifiers and numbers are opaque
 * {@link #OTHER} tokens; only the few types the classifier tells apart are distinguished.
 *
 * <p>Stops at the end of the text or at its first NUL character, like SQLite reading a C
 * string. Unterminated strings, quoted identifiers and comments run to that end. Allocates
 * nothing while scanning.
 */
final class SqlTokenizer {

    // Token types passed to TokenSink.token

    /** An unquoted identifier or keyword. */
    static final int WORD = 0;
    static final int LP = 1;
    static final int RP = 2;
    static final int COMMA = 3;
    /** Anything else: literals, quoted names, operators, parameters, ... */
    static final int OTHER = 4;

    private SqlTokenizer() {}

    /** Feeds every token of {@code s} (up to its first NUL) to {@code out}, in order. */
    static void scan(String s, TokenSink out) {
        // SQLite's tokenizer stops at a NUL character: whatever follows is never seen
        int nul = s.indexOf('\0');
        final int n = nul < 0 ? s.length() : nul;
        int i = 0;
        while (i < n) {
            final char c = s.charAt(i);
            final int start = i;
            int type = OTHER;
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
                    i++;
                    out.semicolon(i);
                    continue;
                }
                case '\'', '"', '`' -> i = skipQuoted(s, i, n, c);
                case '[' -> {
                    int close = s.indexOf(']', i + 1, n);
                    i = close < 0 ? n : close + 1;
                }
                case '(' -> {
                    type = LP;
                    i++;
                }
                case ')' -> {
                    type = RP;
                    i++;
                }
                case ',' -> {
                    type = COMMA;
                    i++;
                }
                case '?' -> i = numberedParameter(s, i, n, out);
                case '$', '@', ':', '#' -> i = namedParameter(s, i, n, out);
                case '.' -> i = (i + 1 < n && isDigit(s.charAt(i + 1))) ? skipNumber(s, i, n) : i + 1;
                default -> {
                    if (isDigit(c)) {
                        i = skipNumber(s, i, n);
                    } else if (c >= 128 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_') {
                        i++;
                        while (i < n && isIdChar(s.charAt(i))) {
                            i++;
                        }
                        type = WORD;
                    } else {
                        i++;
                    }
                }
            }
            out.token(type, start, i);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Token scanners

    /** End of a quoted string/identifier starting at {@code i}; doubled quotes escape. */
    private static int skipQuoted(String s, int i, int n, char quote) {
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
    private static int skipNumber(String s, int i, int n) {
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

    /** {@code ?} or {@code ?NNN} at {@code i}: reports it to {@code out}, returns the token end. */
    private static int numberedParameter(String s, int i, int n, TokenSink out) {
        final int start = i;
        i++;
        int value = 0;
        while (i < n && isDigit(s.charAt(i))) {
            if (value <= SqlLexer.MAX_VARIABLE_NUMBER) {
                value = value * 10 + (s.charAt(i) - '0'); // capped: no overflow
            }
            i++;
        }
        if (i == start + 1) {
            out.bareParameter();
        } else {
            out.numberedParameter(value, start, i);
        }
        return i;
    }

    /**
     * {@code :name}, {@code @name}, {@code $name} or {@code #name} at {@code i}: reports it to
     * {@code out} if SQLite would accept it as a parameter, returns the token end either way.
     */
    private static int namedParameter(String s, int i, int n, TokenSink out) {
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
        out.namedParameter(start, i);
        return i;
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
    private static boolean isIdChar(char c) {
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
}

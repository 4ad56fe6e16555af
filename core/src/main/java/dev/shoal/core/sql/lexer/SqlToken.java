package dev.shoal.core.sql.lexer;

import java.util.Locale;

/**
 * One token as SQLite's tokenizer sees it (whitespace and comments are never tokens).
 *
 * @param type what kind of token; strings, quoted names, numbers, operators and parameters are
 *             all {@link Type#OTHER} and told apart by their text
 * @param text the token exactly as written
 */
public record SqlToken(Type type, String text) {
    public enum Type { WORD, LEFT_PAREN, RIGHT_PAREN, COMMA, SEMICOLON, OTHER }

    /** Whether this is an unquoted word equal to {@code keyword}, ignoring ASCII case. */
    public boolean isWord(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    /** Whether this is a quoted name or string: {@code "x"}, {@code [x]}, {@code `x`} or {@code 'x'}. */
    public boolean isQuoted() {
        if (type != Type.OTHER || text.isEmpty()) {
            return false;
        }
        char c = text.charAt(0);
        return c == '"' || c == '[' || c == '`' || c == '\'';
    }

    /** Whether this token is the operator or punctuation {@code op}. */
    public boolean is(String op) {
        return type != Type.WORD && !isQuoted() && text.equals(op);
    }

    /**
     * The name this token stands for where SQLite accepts a name ({@code sqlite3NameFromToken}):
     * a word as written, a quoted name or string without its quotes (doubled quotes undone);
     * empty for other tokens. An unterminated quote yields what follows it.
     */
    public String name() {
        if (type == Type.WORD) {
            return text;
        }
        if (!isQuoted()) {
            return "";
        }
        char open = text.charAt(0);
        char close = open == '[' ? ']' : open;
        int end = text.length() > 1 && text.charAt(text.length() - 1) == close ? text.length() - 1 : text.length();
        String body = text.substring(1, end);
        return open == '[' ? body : body.replace(String.valueOf(close) + close, String.valueOf(close));
    }

    /** {@link #name()} in lower case, the way SQLite compares names (ASCII case-insensitively). */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

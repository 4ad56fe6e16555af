package dev.shoal.core.policy;

import dev.shoal.core.sql.lexer.SqlToken;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PRAGMA statement read the way SQLite's grammar reads it ({@code parse.y}):
 * <pre>
 *   [EXPLAIN [QUERY PLAN]] PRAGMA nm [. nm] [= value | ( value )]
 *   nm    ::= word | "quoted" | [quoted] | `quoted` | 'string'
 *   value ::= nm | ON | DELETE | DEFAULT | [+] number | - number
 * </pre>
 * Names are compared as SQLite compares them: without their quotes, ASCII case-insensitively;
 * comments and whitespace between tokens never matter (they are not tokens). A statement that does
 * not fit the grammar is one SQLite would reject as a syntax error.
 *
 * @param schema the schema prefix ({@code main} in {@code PRAGMA main.user_version}), lower case
 * @param name   the pragma's name, lower case
 * @param value  the value SQLite would be given ({@code zRight}): dequoted, a leading {@code -} kept
 */
public record PragmaStatement(Optional<String> schema, String name, Optional<String> value) {

    /** Reads the tokens of one statement whose kind is PRAGMA; empty if they do not fit the grammar. */
    public static Optional<PragmaStatement> parse(List<SqlToken> tokens) {
        int i = 0;
        int n = tokens.size();
        while (n > 0 && tokens.get(n - 1).type() == SqlToken.Type.SEMICOLON) {
            n--;
        }
        if (i < n && tokens.get(i).isWord("EXPLAIN")) {
            i++;
            if (i + 1 < n && tokens.get(i).isWord("QUERY") && tokens.get(i + 1).isWord("PLAN")) {
                i += 2;
            }
        }
        if (i >= n || !tokens.get(i).isWord("PRAGMA")) {
            return Optional.empty();
        }
        i++;
        if (i >= n || !isName(tokens.get(i))) {
            return Optional.empty();
        }
        String first = tokens.get(i++).lowerName();
        Optional<String> schema = Optional.empty();
        String name = first;
        if (i < n && tokens.get(i).is(".")) {
            if (i + 1 >= n || !isName(tokens.get(i + 1))) {
                return Optional.empty();
            }
            schema = Optional.of(first);
            name = tokens.get(i + 1).lowerName();
            i += 2;
        }
        if (i == n) {
            return Optional.of(new PragmaStatement(schema, name, Optional.empty()));
        }
        boolean call = tokens.get(i).type() == SqlToken.Type.LEFT_PAREN;
        if (call) {
            i++;
        } else if (tokens.get(i).is("=")) {
            i++;
            if (i < n && tokens.get(i).is("=")) {
                i++; // SQLite reads "==" as one EQ token
            }
        } else {
            return Optional.empty();
        }
        int[] end = new int[1];
        Optional<String> value = value(tokens, i, n, end);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        i = end[0];
        if (call) {
            if (i >= n || tokens.get(i).type() != SqlToken.Type.RIGHT_PAREN) {
                return Optional.empty();
            }
            i++;
        }
        return i == n ? Optional.of(new PragmaStatement(schema, name, value)) : Optional.empty();
    }

    /** The value at {@code i}, with {@code end[0]} set past it. */
    private static Optional<String> value(List<SqlToken> tokens, int i, int n, int[] end) {
        if (i >= n) {
            return Optional.empty();
        }
        SqlToken t = tokens.get(i);
        String sign = "";
        if (t.is("+") || t.is("-")) {
            sign = t.is("-") ? "-" : "";
            if (i + 1 >= n || !isNumber(tokens.get(i + 1))) {
                return Optional.empty();
            }
            end[0] = i + 2;
            return Optional.of(sign + tokens.get(i + 1).text());
        }
        if (isNumber(t)) {
            end[0] = i + 1;
            return Optional.of(t.text());
        }
        if (isName(t)) {
            end[0] = i + 1;
            return Optional.of(t.name());
        }
        return Optional.empty();
    }

    private static boolean isName(SqlToken t) {
        return t.type() == SqlToken.Type.WORD || t.isQuoted();
    }

    private static boolean isNumber(SqlToken t) {
        if (t.type() != SqlToken.Type.OTHER || t.text().isEmpty()) {
            return false;
        }
        char c = t.text().charAt(0);
        return (c >= '0' && c <= '9') || (c == '.' && t.text().length() > 1);
    }

    /** The value as a whole decimal number, the only integer spelling Shoal accepts for capped settings. */
    public Optional<Long> integerValue() {
        String v = value.orElse("").trim();
        if (!v.matches("[+-]?[0-9]{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(v));
    }

    /** How the statement reads in messages: {@code PRAGMA name} or {@code PRAGMA name = value}. */
    public String describe() {
        return "PRAGMA " + name + value.map(v -> " = " + v).orElse("");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

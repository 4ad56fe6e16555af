package dev.shoal.core.sql.lexer;

import java.util.List;
import java.util.Objects;

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
 * <p>The work is shared by package-private helpers, all driven in one pass over the text:
 * {@link SqlTokenizer} (characters to tokens), {@link SqlKeywords} (the few keywords that
 * matter), {@link StatementSplitter} (statement boundaries, building the results),
 * {@link StatementClassifier} (kind, EXPLAIN, BEGIN mode) and {@link ParameterSlots}
 * (parameter numbering).
 *
 * <p>Thread-safe: all state lives in per-call objects.
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
        return new StatementSplitter(script).run();
    }

    /**
     * Every token of {@code sql} in order, the way SQLite's tokenizer cuts it: whitespace and
     * comments dropped, {@code ;} kept as a token, nothing after a NUL character.
     */
    public static List<SqlToken> tokens(String sql) {
        Objects.requireNonNull(sql, "sql");
        return new TokenList(sql).run();
    }
}

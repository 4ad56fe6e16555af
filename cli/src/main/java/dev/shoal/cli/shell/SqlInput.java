package dev.shoal.cli.shell;

import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import java.util.List;

/** Statement boundaries, decided by Shoal's SQLite-compatible lexer. */
final class SqlInput {
    private SqlInput() {}

    /** Statements of a script, without their terminating semicolons; empty ones skipped. */
    static List<SqlStatement> split(String text) {
        return SqlLexer.split(text);
    }

    /**
     * True when {@code text} ends at a statement boundary, as {@code sqlite3_complete} decides it:
     * the last statement is closed by a {@code ;} outside strings, quoted names, comments and
     * trigger bodies, with only whitespace and comments after it. Text with no statement at all
     * (blank, or only finished comments) counts as complete; an unclosed block comment does not.
     *
     * <p>Decided with the lexer: text is complete exactly when a token appended after a line
     * break starts a statement of its own rather than joining the last one (or vanishing into an
     * open string or comment).
     */
    static boolean isComplete(String text) {
        int before = SqlLexer.split(text).size();
        int after = SqlLexer.split(text + "\nX").size();
        return after == before + 1;
    }

    /** True when the text holds no statement (only whitespace and comments). */
    static boolean isEmpty(String text) {
        return SqlLexer.split(text).isEmpty();
    }
}

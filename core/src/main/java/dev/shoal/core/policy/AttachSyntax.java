package dev.shoal.core.policy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.SqlToken;
import dev.shoal.core.sql.lexer.StatementKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code ATTACH [DATABASE] <database> AS <alias>} and {@code DETACH [DATABASE] <alias>} from
 * the tokens SQLite's tokenizer sees, and refuses every other shape. The database is a name or id,
 * bare or quoted as an identifier ({@code "x"}, {@code [x]}, {@code `x`}); a string literal, a
 * parameter or any expression is refused, because to SQLite it would be a file name. What is
 * accepted is rewritten: storage binds the file of the database the name resolves to.
 */
final class AttachSyntax {
    /** What a database name or id can contain; anything else (/, :, ?, ., %) can only be a file name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String SHAPE = "write ATTACH \"<database name or id>\" AS <alias>";

    private AttachSyntax() {}

    static Judgement judge(SqlStatement stmt, ConnectionOptions rules) {
        if (rules.role() == ConnectionOptions.Role.SCHEMA || rules.role() == ConnectionOptions.Role.MIGRATION) {
            throw new ShoalException(ErrorCode.SCHEMA_MIGRATION_ERROR,
                    "Schema migration error: Error executing migration: ATTACH is not permitted in migration scripts");
        }
        if (stmt.explain()) {
            throw refused("EXPLAIN " + stmt.kind() + " is not allowed");
        }
        List<SqlToken> tokens = withoutSemicolons(SqlLexer.tokens(stmt.sql()));
        return stmt.kind() == StatementKind.ATTACH ? attach(tokens) : detach(tokens);
    }

    private static Judgement attach(List<SqlToken> tokens) {
        int i = tokens.size() > 4 && tokens.get(1).isWord("DATABASE") ? 2 : 1;
        if (tokens.size() != i + 3 || !tokens.get(i + 1).isWord("AS")) {
            boolean key = tokens.stream().anyMatch(t -> t.isWord("KEY"));
            throw refused(key ? "ATTACH ... KEY is not supported: Shoal attaches only its own databases, read-only"
                    : "ATTACH takes one database and an alias: " + SHAPE);
        }
        String target = target(tokens.get(i));
        String alias = alias(tokens.get(i + 2), "ATTACH");
        return rewritten("ATTACH DATABASE ? AS " + quoted(alias), new AttachStatement.Attach(target, alias));
    }

    private static Judgement detach(List<SqlToken> tokens) {
        int i = tokens.size() == 3 && tokens.get(1).isWord("DATABASE") ? 2 : 1;
        if (tokens.size() != i + 1) {
            throw refused("DETACH takes one alias: write DETACH <alias>");
        }
        String alias = alias(tokens.get(i), "DETACH");
        return rewritten("DETACH DATABASE " + quoted(alias), new AttachStatement.Detach(alias));
    }

    /** The database a target token names: a bare word or a quoted identifier, never a string or expression. */
    private static String target(SqlToken t) {
        boolean identifier = t.type() == SqlToken.Type.WORD || (t.isQuoted() && t.text().charAt(0) != '\'');
        if (t.isQuoted() && t.text().charAt(0) == '\'') {
            throw refused("ATTACH takes a database name or id, not a file name or string literal: " + SHAPE
                    + " (double quotes)");
        }
        if (!identifier) {
            throw refused("ATTACH takes a database name or id, not `" + t.text() + "`: " + SHAPE
                    + " (quote names with dashes and ids)");
        }
        String name = t.name();
        if (!NAME.matcher(name).matches()) {
            throw refused("`" + printable(name) + "` is not a database name or id: ATTACH opens Shoal databases "
                    + "of your organization, never files (" + SHAPE + ")");
        }
        return name;
    }

    private static String alias(SqlToken t, String verb) {
        boolean identifier = t.type() == SqlToken.Type.WORD || t.isQuoted();
        String alias = identifier ? t.name() : "";
        if (alias.isEmpty() || alias.indexOf('\0') >= 0) {
            throw refused(verb + " needs an alias written as a name, got `" + printable(t.text()) + "`");
        }
        String lower = alias.toLowerCase(Locale.ROOT);
        if (lower.equals("main") || lower.equals("temp")) {
            throw refused(verb.equals("ATTACH") ? "the alias " + lower + " is taken by the stream's own database; "
                    + "choose another" : lower + " is the stream's own database; it cannot be detached");
        }
        return lower;
    }

    private static Judgement rewritten(String sql, AttachStatement what) {
        // An attached database stays with the connection: it must never serve another stream afterwards.
        return new Judgement(sql, false, true, false, Optional.of(what));
    }

    private static List<SqlToken> withoutSemicolons(List<SqlToken> tokens) {
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).type() == SqlToken.Type.SEMICOLON) {
            end--;
        }
        return tokens.subList(0, end);
    }

    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static ShoalException refused(String message) {
        return ShoalException.sqlite("SQLITE_AUTH", message, null);
    }
}

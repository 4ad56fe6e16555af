package dev.shoal.core.policy;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.SqlToken;
import dev.shoal.core.sql.lexer.StatementKind;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a tenant's statement may run, for every path that runs tenant
 * SQL (Hrana streams, the cursor, dump seeds). Deny by default: it judges the statement by the
 * tokens SQLite's own tokenizer would see (quotes, brackets, backticks, comments, schema prefixes,
 * case, {@code =} and call forms all read alike), so a spelling cannot slip past it.
 *
 * <p>What it refuses, and why it must be decided here rather than by running the statement: a
 * PRAGMA takes effect while SQLite <em>prepares</em> it (even under EXPLAIN), so a pragma must be
 * judged before SQLite sees it. ATTACH and DETACH are read by {@link AttachSyntax} and run by
 * storage itself (a database of the organization, read-only, never a file name the tenant typed).
 * SQLite enforces the rest as a second line (see {@code docs/decisions.md}): no ATTACH slots outside
 * Shoal's own ATTACH, {@code query_only} for read-only tokens, {@code max_page_count} for size limits,
 * {@code trusted_schema=OFF}, and limits on value sizes.
 *
 * <p>Refusals are {@code SQLITE_AUTH} errors naming what was refused; a statement that only fails
 * because of the stream's rules (read-only token, blocked database) gets the code clients know.
 * Stateless and thread-safe.
 */
public final class SqlPolicy {
    /** Virtual table modules a tenant may create: full-text search and R*Trees, nothing that reads outside. */
    static final Set<String> VIRTUAL_TABLE_MODULES = Set.of("fts3", "fts4", "fts5", "fts5vocab", "fts4aux", "rtree",
            "rtree_i32");
    /** Pragma functions refused although their statement form runs (use the statement form instead). */
    private static final Set<String> ACTION_FUNCTIONS = Set.of("optimize", "incremental_vacuum", "wal_checkpoint");
    private static final Set<String> ACTIONS = Set.of("optimize", "incremental_vacuum");
    private static final Pattern TEMP = Pattern.compile("\\btemp(orary)?\\b", Pattern.CASE_INSENSITIVE);

    private final PolicySettings settings;

    public SqlPolicy(PolicySettings settings) {
        this.settings = settings;
    }

    /** Decides one statement under a stream's rules; throws {@link ShoalException} when it may not run. */
    public Judgement judge(SqlStatement stmt, ConnectionOptions rules) {
        if (rules.blockReads()) {
            throw new ShoalException(ErrorCode.BLOCKED, "Operation was blocked: reads are blocked on this database");
        }
        if (rules.role() == ConnectionOptions.Role.CHILD && changesSchema(stmt)) {
            throw new ShoalException(ErrorCode.BLOCKED, "Operation was blocked: database " + rules.database()
                    + " takes its schema from " + rules.parent().orElse("its schema database")
                    + "; apply schema changes there");
        }
        Judgement j = switch (stmt.kind()) {
            case PRAGMA -> pragma(stmt, rules);
            case ATTACH, DETACH -> AttachSyntax.judge(stmt, rules);
            case VACUUM -> vacuum(stmt);
            default -> new Judgement(stmt.sql(), stmt.needsWriter(), leavesState(stmt), false);
        };
        checkNames(stmt);
        checkWrites(j, rules);
        return j;
    }

    /** DDL that changes the database's own schema (TEMP objects live and die with the connection). */
    private static boolean changesSchema(SqlStatement stmt) {
        if (stmt.kind() != StatementKind.DDL || stmt.explain()) {
            return false;
        }
        List<SqlToken> tokens = SqlLexer.tokens(stmt.sql());
        return !(tokens.size() > 1 && tokens.get(0).isWord("CREATE")
                && (tokens.get(1).isWord("TEMP") || tokens.get(1).isWord("TEMPORARY")));
    }

    private static void checkWrites(Judgement j, ConnectionOptions rules) {
        if (!j.writes()) {
            return;
        }
        if (rules.writes() == ConnectionOptions.Writes.BLOCKED) {
            throw new ShoalException(ErrorCode.BLOCKED, "Operation was blocked: writes are blocked on this database");
        }
        if (rules.writes() == ConnectionOptions.Writes.READ_ONLY_TOKEN) {
            throw ShoalException.sqlite("SQLITE_READONLY",
                    "this token is read-only: writes are not allowed (mint a full-access token to write)", null);
        }
    }

    private static boolean leavesState(SqlStatement stmt) {
        return stmt.kind() == StatementKind.OTHER
                || (stmt.kind() == StatementKind.DDL && TEMP.matcher(stmt.sql()).find());
    }

    private static Judgement vacuum(SqlStatement stmt) {
        for (SqlToken t : SqlLexer.tokens(stmt.sql())) {
            if (t.isWord("INTO")) {
                throw refused("VACUUM INTO is not allowed: it writes a file on the server; "
                        + "use `shoal db create --from-db` to copy a database");
            }
        }
        return new Judgement(stmt.sql(), stmt.needsWriter(), false, !stmt.explain());
    }

    private Judgement pragma(SqlStatement stmt, ConnectionOptions rules) {
        PragmaStatement p = PragmaStatement.parse(SqlLexer.tokens(stmt.sql()))
                .orElseThrow(() -> ShoalException.sqlite("SQLITE_ERROR",
                        "malformed PRAGMA statement: expected PRAGMA [schema.]name [= value | (value)]", null));
        PragmaRule rule = PragmaRules.find(p.name()).orElseThrow(() -> refused("PRAGMA " + p.name()
                + " is not allowed: Shoal runs only the pragmas it knows (see docs/hrana.md, \"Tenant SQL policy\")"));
        if (p.value().isEmpty()) {
            if (!rule.read()) {
                throw refused("PRAGMA " + p.name() + " " + rule.why());
            }
            if (p.name().equals("database_list")) {
                return new Judgement(explainPrefix(stmt) + "SELECT seq, name, '' AS file FROM pragma_database_list",
                        false, false, false);
            }
            return new Judgement(stmt.sql(), !stmt.explain() && ACTIONS.contains(p.name()), false, false);
        }
        switch (rule.value()) {
            case REFUSED -> throw refused("PRAGMA " + p.name() + " " + (rule.why() == null ? "takes no value" : rule.why()));
            case ARGUMENT -> checkArgument(p);
            case CAPPED_SETTING -> checkCap(p, rules);
            case SETTING -> { }
        }
        // A header field (user_version, application_id) is written to the file, not kept by the connection.
        boolean setting = (rule.value() == PragmaRule.ValueUse.SETTING || rule.value() == PragmaRule.ValueUse.CAPPED_SETTING)
                && !rule.writesFile();
        boolean writes = !stmt.explain() && (rule.writesFile() || ACTIONS.contains(p.name()));
        // A pragma acts while it is prepared, so even EXPLAIN of a setting leaves the setting changed.
        return new Judgement(stmt.sql(), writes, setting, false);
    }

    private static void checkArgument(PragmaStatement p) {
        if (p.name().equals("wal_checkpoint") && !p.value().orElse("").equalsIgnoreCase("passive")) {
            throw refused("PRAGMA wal_checkpoint(" + p.value().orElse("") + ") is not allowed: only PASSIVE "
                    + "checkpoints run on request (Shoal checkpoints databases itself)");
        }
    }

    private void checkCap(PragmaStatement p, ConnectionOptions rules) {
        boolean family = rules.role() == ConnectionOptions.Role.SCHEMA || rules.role() == ConnectionOptions.Role.CHILD;
        if (family && p.name().equals("user_version")) {
            throw refused("PRAGMA user_version holds the schema version Shoal keeps for database " + rules.database()
                    + " and its family; it can be read but not set");
        }
        long v = p.integerValue().orElseThrow(() -> refused("PRAGMA " + p.name()
                + " needs a whole number written in decimal, got `" + p.value().orElse("") + "`"));
        switch (p.name()) {
            case "busy_timeout" -> {
                if (v < 0 || v > settings.maxBusyTimeoutMillis()) {
                    throw refused("PRAGMA busy_timeout must be between 0 and " + settings.maxBusyTimeoutMillis()
                            + " ms on this server, got " + v);
                }
            }
            case "cache_size" -> {
                long max = settings.maxCacheBytes();
                if (v < 0 ? v < -(max / 1024) : v > max / 4096) {
                    throw refused("PRAGMA cache_size is capped at " + (max >> 10) + " KiB on this server ("
                            + -(max >> 10) + ", or " + (max / 4096) + " pages of 4 KiB), got " + v);
                }
            }
            case "analysis_limit" -> {
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw refused("PRAGMA analysis_limit must be between 0 and " + Integer.MAX_VALUE + ", got " + v);
                }
            }
            default -> { // user_version, application_id: a 32-bit header field
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw refused("PRAGMA " + p.name() + " must be a 32-bit integer, got " + v);
                }
            }
        }
    }

    /**
     * Names that reach past the tenant's own data: pragma table-valued functions whose pragma is
     * refused (or shows file paths), extension loading, and virtual table modules not on the list.
     * The text is tokenized only when it could hold one of them.
     */
    private static void checkNames(SqlStatement stmt) {
        String sql = stmt.sql();
        boolean pragmaName = containsIgnoreCase(sql, "pragma_");
        boolean extension = containsIgnoreCase(sql, "load_extension");
        boolean virtual = stmt.kind() == StatementKind.DDL && containsIgnoreCase(sql, "virtual");
        if (!pragmaName && !extension && !virtual) {
            return;
        }
        List<SqlToken> tokens = SqlLexer.tokens(sql);
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            String name = t.lowerName();
            if (name.startsWith("pragma_")) {
                checkPragmaFunction(name.substring("pragma_".length()));
            } else if (t.isWord("load_extension")) {
                throw refused("load_extension() is not allowed: Shoal loads no extensions");
            }
        }
        if (virtual) {
            virtualTableModule(tokens).ifPresent(m -> {
                if (!VIRTUAL_TABLE_MODULES.contains(m)) {
                    throw refused("virtual table module " + m + " is not allowed (available: "
                            + String.join(", ", VIRTUAL_TABLE_MODULES.stream().sorted().toList()) + ")");
                }
            });
        }
    }

    private static void checkPragmaFunction(String pragma) {
        Optional<PragmaRule> rule = PragmaRules.find(pragma);
        if (rule.isEmpty()) {
            return; // not a pragma: SQLite has no such function, so the name is the tenant's own table
        }
        if (!rule.get().read()) {
            throw refused("pragma_" + pragma + " is not available: PRAGMA " + pragma + " " + rule.get().why());
        }
        if (PragmaRules.FUNCTION_REFUSED.contains(pragma)) {
            throw refused("pragma_" + pragma + " is not available: it would show server file paths; "
                    + "run PRAGMA " + pragma + " instead");
        }
        if (ACTION_FUNCTIONS.contains(pragma)) {
            throw refused("pragma_" + pragma + " is not available as a function; run PRAGMA " + pragma + " instead");
        }
    }

    /** The module of {@code [EXPLAIN] CREATE VIRTUAL TABLE ... USING module}, lower case. */
    private static Optional<String> virtualTableModule(List<SqlToken> tokens) {
        int c = 0;
        while (c < tokens.size() && !tokens.get(c).isWord("CREATE") && c < 3) {
            c++; // EXPLAIN [QUERY PLAN]
        }
        if (c + 2 >= tokens.size() || !tokens.get(c).isWord("CREATE") || !tokens.get(c + 1).isWord("VIRTUAL")
                || !tokens.get(c + 2).isWord("TABLE")) {
            return Optional.empty();
        }
        for (int i = c + 3; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord("USING")) {
                return Optional.of(tokens.get(i + 1).lowerName());
            }
        }
        return Optional.empty();
    }

    private static String explainPrefix(SqlStatement stmt) {
        if (!stmt.explain()) {
            return "";
        }
        List<SqlToken> tokens = SqlLexer.tokens(stmt.sql());
        return tokens.size() > 2 && tokens.get(1).isWord("QUERY") ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
    }

    static boolean containsIgnoreCase(String s, String lowerNeedle) {
        int n = lowerNeedle.length();
        char first = lowerNeedle.charAt(0);
        for (int i = 0, last = s.length() - n; i <= last; i++) {
            char c = s.charAt(i);
            if ((c == first || Character.toLowerCase(c) == first) && s.regionMatches(true, i, lowerNeedle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private static ShoalException refused(String message) {
        return ShoalException.sqlite("SQLITE_AUTH", message, null);
    }
}

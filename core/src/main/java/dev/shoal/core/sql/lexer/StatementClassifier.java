package dev.shoal.core.sql.lexer;

import static dev.shoal.core.sql.lexer.SqlKeywords.ALTER;
import static dev.shoal.core.sql.lexer.SqlKeywords.ANALYZE;
import static dev.shoal.core.sql.lexer.SqlKeywords.AS;
import static dev.shoal.core.sql.lexer.SqlKeywords.ATTACH;
import static dev.shoal.core.sql.lexer.SqlKeywords.BEGIN;
import static dev.shoal.core.sql.lexer.SqlKeywords.COMMIT;
import static dev.shoal.core.sql.lexer.SqlKeywords.CREATE;
import static dev.shoal.core.sql.lexer.SqlKeywords.DELETE;
import static dev.shoal.core.sql.lexer.SqlKeywords.DETACH;
import static dev.shoal.core.sql.lexer.SqlKeywords.DROP;
import static dev.shoal.core.sql.lexer.SqlKeywords.END;
import static dev.shoal.core.sql.lexer.SqlKeywords.EXCLUSIVE;
import static dev.shoal.core.sql.lexer.SqlKeywords.EXPLAIN;
import static dev.shoal.core.sql.lexer.SqlKeywords.IMMEDIATE;
import static dev.shoal.core.sql.lexer.SqlKeywords.INSERT;
import static dev.shoal.core.sql.lexer.SqlKeywords.PLAN;
import static dev.shoal.core.sql.lexer.SqlKeywords.PRAGMA;
import static dev.shoal.core.sql.lexer.SqlKeywords.QUERY;
import static dev.shoal.core.sql.lexer.SqlKeywords.REINDEX;
import static dev.shoal.core.sql.lexer.SqlKeywords.RELEASE;
import static dev.shoal.core.sql.lexer.SqlKeywords.REPLACE;
import static dev.shoal.core.sql.lexer.SqlKeywords.ROLLBACK;
import static dev.shoal.core.sql.lexer.SqlKeywords.SAVEPOINT;
import static dev.shoal.core.sql.lexer.SqlKeywords.SELECT;
import static dev.shoal.core.sql.lexer.SqlKeywords.TO;
import static dev.shoal.core.sql.lexer.SqlKeywords.UPDATE;
import static dev.shoal.core.sql.lexer.SqlKeywords.VACUUM;
import static dev.shoal.core.sql.lexer.SqlKeywords.VALUES;
import static dev.shoal.core.sql.lexer.SqlKeywords.WITH;

import java.util.Optional;

/**
 * Works out what one statement is from its leading tokens: its {@link StatementKind}, whether
 * it is an EXPLAIN (or EXPLAIN QUERY PLAN), and the mode of a BEGIN. A leading {@code WITH}
 * clause is skipped by counting parentheses until the verb after the last CTE body. Reads as
 * few tokens as it needs, then reports {@link #active()} false and ignores the rest. Reused
 * across statements via {@link #reset()}.
 */
final class StatementClassifier {

    // Phases
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

    private static final Optional<String> MODE_DEFERRED = Optional.of("DEFERRED");
    private static final Optional<String> MODE_IMMEDIATE = Optional.of("IMMEDIATE");
    private static final Optional<String> MODE_EXCLUSIVE = Optional.of("EXCLUSIVE");

    private int phase = P_START;
    private StatementKind kind;
    private Optional<String> beginMode = Optional.empty();
    private boolean explain;
    private int depth;
    private boolean asSeen;

    /** Whether more tokens may still change the outcome. */
    boolean active() {
        return phase != P_DONE;
    }

    /** Whether the next word's keyword code matters (so the caller must look it up). */
    boolean wantsKeyword() {
        return phase != P_DONE && !(phase == P_WITH_LIST && depth > 0);
    }

    StatementKind kind() {
        return kind == null ? StatementKind.OTHER : kind;
    }

    /** The BEGIN mode of a BEGIN statement; empty for every other kind. */
    Optional<String> beginMode() {
        return kind == StatementKind.BEGIN ? beginMode : Optional.empty();
    }

    boolean explain() {
        return explain;
    }

    void reset() {
        phase = P_START;
        kind = null;
        beginMode = Optional.empty();
        explain = false;
        depth = 0;
        asSeen = false;
    }

    /**
     * Feeds the next token: its {@link SqlTokenizer} type (only {@code LP}, {@code RP} and
     * {@code COMMA} are told apart) and keyword code ({@link SqlKeywords#NONE} for non-words).
     */
    void accept(int type, int kw) {
        switch (phase) {
            case P_START -> {
                if (kw == EXPLAIN) {
                    explain = true;
                    phase = P_AFTER_EXPLAIN;
                } else {
                    head(kw);
                }
            }
            case P_AFTER_EXPLAIN -> {
                if (kw == QUERY) {
                    phase = P_EXPECT_PLAN;
                } else {
                    head(kw);
                }
            }
            case P_EXPECT_PLAN -> {
                if (kw == PLAN) {
                    phase = P_AFTER_PLAN;
                } else {
                    kind = StatementKind.OTHER;
                    phase = P_DONE;
                }
            }
            case P_AFTER_PLAN -> head(kw);
            case P_WITH_FIRST -> phase = P_WITH_LIST; // RECURSIVE or the first CTE name
            case P_WITH_LIST -> {
                if (type == SqlTokenizer.LP) {
                    depth++;
                } else if (type == SqlTokenizer.RP) {
                    if (depth > 0 && --depth == 0 && asSeen) {
                        phase = P_AFTER_CTE;
                    }
                } else if (depth == 0 && kw == AS) {
                    asSeen = true;
                }
            }
            case P_AFTER_CTE -> {
                if (type == SqlTokenizer.COMMA) {
                    asSeen = false;
                    phase = P_WITH_LIST;
                } else {
                    verb(kw);
                }
            }
            case P_BEGIN -> {
                beginMode = switch (kw) {
                    case IMMEDIATE -> MODE_IMMEDIATE;
                    case EXCLUSIVE -> MODE_EXCLUSIVE;
                    default -> MODE_DEFERRED;
                };
                phase = P_DONE;
            }
            case P_ROLLBACK -> {
                if (kw == TO) {
                    kind = StatementKind.ROLLBACK_TO;
                    phase = P_DONE;
                }
            }
            default -> { }
        }
    }

    /** The first token after any EXPLAIN prefix: WITH or the verb. */
    private void head(int kw) {
        if (kw == WITH) {
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
            case SELECT, VALUES -> StatementKind.SELECT;
            case INSERT, REPLACE -> StatementKind.INSERT;
            case UPDATE -> StatementKind.UPDATE;
            case DELETE -> StatementKind.DELETE;
            case CREATE, DROP, ALTER -> StatementKind.DDL;
            case BEGIN -> {
                phase = P_BEGIN;
                beginMode = MODE_DEFERRED;
                yield StatementKind.BEGIN;
            }
            case COMMIT, END -> StatementKind.COMMIT;
            case ROLLBACK -> {
                phase = P_ROLLBACK;
                yield StatementKind.ROLLBACK;
            }
            case SAVEPOINT -> StatementKind.SAVEPOINT;
            case RELEASE -> StatementKind.RELEASE;
            case ATTACH -> StatementKind.ATTACH;
            case DETACH -> StatementKind.DETACH;
            case PRAGMA -> StatementKind.PRAGMA;
            case ANALYZE -> StatementKind.ANALYZE;
            case VACUUM -> StatementKind.VACUUM;
            case REINDEX -> StatementKind.REINDEX;
            default -> StatementKind.OTHER;
        };
    }
}

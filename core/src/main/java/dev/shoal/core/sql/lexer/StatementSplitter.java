package dev.shoal.core.sql.lexer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@link SqlLexer#split} call: takes the tokens {@link SqlTokenizer} feeds it, decides where
 * each statement ends with the state machine of {@code sqlite3_complete} ({@code complete.c}),
 * passes tokens on to the {@link StatementClassifier} and parameters to {@link ParameterSlots},
 * and builds the {@link SqlStatement}s. A word's keyword code is looked up only while one of
 * the two machines needs it.
 */
final class StatementSplitter implements TokenSink {

    // States of sqlite3_complete's machine; whitespace and comments never change the state
    private static final int S_START = 1;
    private static final int S_NORMAL = 2;
    private static final int S_EXPLAIN = 3;
    private static final int S_CREATE = 4;
    private static final int S_TRIGGER = 5;
    private static final int S_SEMI = 6;
    private static final int S_END = 7;

    private final String s;
    private final StatementClassifier classifier = new StatementClassifier();
    private final ParameterSlots params = new ParameterSlots();

    // statement being built
    private int stmtStart = -1;
    private int stmtEnd;
    private int cstate = S_START;

    // results
    private SqlStatement first;
    private ArrayList<SqlStatement> more;

    StatementSplitter(String script) {
        this.s = script;
    }

    List<SqlStatement> run() {
        SqlTokenizer.scan(s, this);
        finishStatement();
        if (more != null) {
            return Collections.unmodifiableList(more);
        }
        return first == null ? List.of() : List.of(first);
    }

    // ---------------------------------------------------------------------------------------
    // Called by SqlTokenizer.scan, in text order

    /** A {@code ;} ending at {@code end}: ends the statement unless inside a trigger body. */
    @Override
    public void semicolon(int end) {
        if (cstate == S_TRIGGER || cstate == S_SEMI) {
            cstate = S_SEMI; // inside a trigger body: part of the statement
            stmtEnd = end;
        } else {
            finishStatement();
        }
    }

    /** A bare {@code ?}; its {@link #token} follows. */
    @Override
    public void bareParameter() {
        params.next();
    }

    /** {@code ?NNN} at {@code [start, end)} with NNN = {@code value}; its {@link #token} follows. */
    @Override
    public void numberedParameter(int value, int start, int end) {
        params.numbered(value, s, start, end);
    }

    /** A well-formed named parameter at {@code [start, end)}; its {@link #token} follows. */
    @Override
    public void namedParameter(int start, int end) {
        params.named(s, start, end);
    }

    /** Any token other than whitespace, comments and {@code ;}: a {@link SqlTokenizer} type. */
    @Override
    public void token(int type, int start, int end) {
        if (stmtStart < 0) {
            stmtStart = start;
        }
        stmtEnd = end;
        final int cs = cstate;
        if (type == SqlTokenizer.WORD) {
            boolean completeNeedsKeyword = cs != S_NORMAL && cs != S_TRIGGER && cs != S_END;
            int kw = (completeNeedsKeyword || classifier.wantsKeyword())
                    ? SqlKeywords.of(s, start, end) : SqlKeywords.NONE;
            if (completeNeedsKeyword || cs == S_END) {
                cstate = next(cs, kw);
            }
            if (classifier.active()) {
                classifier.accept(type, kw);
            }
        } else {
            if (cs != S_NORMAL && cs != S_TRIGGER) {
                cstate = next(cs, SqlKeywords.NONE);
            }
            if (classifier.active()) {
                classifier.accept(type, SqlKeywords.NONE);
            }
        }
    }

    /** sqlite3_complete's transition for a non-space, non-';' token. */
    private static int next(int state, int kw) {
        return switch (state) {
            case S_START -> kw == SqlKeywords.EXPLAIN ? S_EXPLAIN : kw == SqlKeywords.CREATE ? S_CREATE : S_NORMAL;
            case S_EXPLAIN -> switch (kw) {
                case SqlKeywords.CREATE -> S_CREATE;
                case SqlKeywords.EXPLAIN, SqlKeywords.TEMP, SqlKeywords.TEMPORARY, SqlKeywords.TRIGGER,
                        SqlKeywords.END -> S_NORMAL;
                default -> S_EXPLAIN;
            };
            case S_CREATE -> kw == SqlKeywords.TEMP || kw == SqlKeywords.TEMPORARY ? S_CREATE
                    : kw == SqlKeywords.TRIGGER ? S_TRIGGER : S_NORMAL;
            case S_SEMI -> kw == SqlKeywords.END ? S_END : S_TRIGGER;
            case S_END, S_TRIGGER -> S_TRIGGER;
            default -> S_NORMAL;
        };
    }

    private void finishStatement() {
        if (stmtStart >= 0) {
            SqlStatement st = new SqlStatement(
                    s.substring(stmtStart, stmtEnd),
                    classifier.kind(),
                    classifier.beginMode(),
                    classifier.explain(),
                    params.toList(),
                    params.maxIndex());
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
        classifier.reset();
        params.reset();
    }
}

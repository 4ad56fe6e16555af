package dev.shoal.server.hrana;

import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.StatementKind;
import dev.shoal.server.hrana.HranaParser.Pipeline;
import java.util.List;
import java.util.Optional;

/**
 * Which way a pipeline takes to SQLite, decided in one pass that lexes each statement once:
 * a few single SELECTs on the request's own thread ({@link QuickReads}), a new stream's writes
 * through their database's write lane ({@link #LANE_WRITE}), anything else handed to a SQL thread.
 */
enum PipelineShape {
    /** A new stream of at most {@link QuickReads#MAX_STATEMENTS} single SELECTs, plus close/get_autocommit. */
    QUICK_READ,
    /**
     * A new stream (no baton: it cannot hold the writer slot yet) whose statements, given as text, all
     * write or control the transaction, at least one writing: it would only queue for the database's
     * writer slot once on a SQL thread, so it goes through the database's write lane
     * ({@code SqlWorkers.submitInLane}), which runs such pipelines back to back on one thread and
     * passes the slot on without a thread wake-up (docs/decisions.md, "Writes of one database in one
     * lane"). A read among them goes the usual way, so a long read does not hold up the lane.
     */
    LANE_WRITE,
    OTHER;

    /** What one statement text is, for the two shapes above. */
    private enum Text { SELECT, WRITES, CONTROL, OTHER }

    static PipelineShape of(Pipeline p) {
        if (p.baton().isPresent()) {
            return OTHER; // a stream that may hold a transaction, or the writer slot
        }
        int selects = 0;
        boolean writes = false;
        boolean onlyReads = true;
        boolean onlyWrites = true;
        for (HranaRequest r : p.requests()) {
            switch (r) {
                case HranaRequest.Execute e -> {
                    Text t = text(e.stmt());
                    selects += t == Text.SELECT ? 1 : 0;
                    onlyReads &= t == Text.SELECT;
                    onlyWrites &= t == Text.WRITES || t == Text.CONTROL;
                    writes |= t == Text.WRITES;
                }
                case HranaRequest.RunBatch b -> {
                    onlyReads = false;
                    for (HranaRequest.Step step : b.batch().steps()) {
                        Text t = text(step.stmt());
                        onlyWrites &= t == Text.WRITES || t == Text.CONTROL;
                        writes |= t == Text.WRITES;
                    }
                }
                case HranaRequest.Close c -> { }
                case HranaRequest.GetAutocommit g -> { }
                default -> {
                    return OTHER;
                }
            }
            if (!onlyReads && !onlyWrites) {
                return OTHER;
            }
        }
        if (onlyReads && selects <= QuickReads.MAX_STATEMENTS) {
            return QUICK_READ;
        }
        return onlyWrites && writes ? LANE_WRITE : OTHER;
    }

    private static Text text(HranaRequest.Stmt stmt) {
        Optional<String> sql = stmt.sql().sql();
        if (sql.isEmpty()) {
            return Text.OTHER; // SQL by id
        }
        List<SqlStatement> parts = SqlLexer.split(sql.get());
        if (parts.size() == 1 && parts.getFirst().kind() == StatementKind.SELECT && !parts.getFirst().needsWriter()) {
            return Text.SELECT; // EXPLAIN included: it reads nothing at all
        }
        boolean writes = false;
        for (SqlStatement s : parts) {
            if (s.explain()) {
                return Text.OTHER;
            }
            switch (s.kind()) {
                case BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO -> { }
                case INSERT, UPDATE, DELETE, DDL -> writes = true;
                default -> {
                    return Text.OTHER;
                }
            }
        }
        return parts.isEmpty() ? Text.OTHER : writes ? Text.WRITES : Text.CONTROL;
    }
}

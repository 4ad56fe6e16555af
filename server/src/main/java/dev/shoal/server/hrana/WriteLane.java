package dev.shoal.server.hrana;

import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.server.hrana.HranaParser.Pipeline;
import java.util.List;
import java.util.Optional;

/**
 * Which pipelines go through their database's write lane ({@code SqlWorkers.submitInLane}): those
 * that would only queue for its writer slot once on a SQL thread. The lane runs them back to back on
 * one thread, so the slot passes from one to the next without a thread wake-up between them
 * (docs/decisions.md, "Writes of one database in one lane"). Eligible: a new stream (no baton: it
 * cannot hold the slot yet) whose statements, given as text, all write or control the transaction,
 * with at least one write. A read among them goes the usual way, so a long read does not hold up
 * the lane's writes.
 */
final class WriteLane {
    private WriteLane() {}

    static boolean eligible(Pipeline p) {
        if (p.baton().isPresent()) {
            return false;
        }
        boolean writes = false;
        for (HranaRequest r : p.requests()) {
            switch (r) {
                case HranaRequest.Execute e -> {
                    Optional<Boolean> w = writes(e.stmt());
                    if (w.isEmpty()) {
                        return false;
                    }
                    writes |= w.get();
                }
                case HranaRequest.RunBatch b -> {
                    for (HranaRequest.Step step : b.batch().steps()) {
                        Optional<Boolean> w = writes(step.stmt());
                        if (w.isEmpty()) {
                            return false;
                        }
                        writes |= w.get();
                    }
                }
                case HranaRequest.Close c -> { }
                case HranaRequest.GetAutocommit g -> { }
                default -> {
                    return false;
                }
            }
        }
        return writes;
    }

    /** True: writes; false: transaction control only; empty: reads (or not given as text), so not for the lane. */
    private static Optional<Boolean> writes(HranaRequest.Stmt stmt) {
        Optional<String> sql = stmt.sql().sql();
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        List<SqlStatement> parts = SqlLexer.split(sql.get());
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        boolean writes = false;
        for (SqlStatement s : parts) {
            if (s.explain()) {
                return Optional.empty();
            }
            switch (s.kind()) {
                case BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO -> { }
                case INSERT, UPDATE, DELETE, DDL -> writes = true;
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(writes);
    }
}

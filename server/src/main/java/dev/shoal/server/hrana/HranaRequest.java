package dev.shoal.server.hrana;

import dev.shoal.core.sql.Arguments;
import java.util.List;
import java.util.Optional;

/** The stream requests of a Hrana pipeline (HTTP flavour), as parsed and validated. */
sealed interface HranaRequest {
    /** The {@code type} string the response must echo. */
    String type();

    /** SQL given inline ({@code sql}) or by a stored id ({@code sql_id}): exactly one. */
    record SqlRef(Optional<String> sql, Optional<Integer> sqlId) {}

    record Stmt(SqlRef sql, Arguments args, boolean wantRows) {}

    record Step(Optional<Condition> condition, Stmt stmt) {}

    record Batch(List<Step> steps) {}

    record Execute(Stmt stmt) implements HranaRequest {
        public String type() {
            return "execute";
        }
    }

    record RunBatch(Batch batch) implements HranaRequest {
        public String type() {
            return "batch";
        }
    }

    record Sequence(SqlRef sql) implements HranaRequest {
        public String type() {
            return "sequence";
        }
    }

    record Describe(SqlRef sql) implements HranaRequest {
        public String type() {
            return "describe";
        }
    }

    record StoreSql(int sqlId, String sql) implements HranaRequest {
        public String type() {
            return "store_sql";
        }
    }

    record CloseSql(int sqlId) implements HranaRequest {
        public String type() {
            return "close_sql";
        }
    }

    record Close() implements HranaRequest {
        public String type() {
            return "close";
        }
    }

    record GetAutocommit() implements HranaRequest {
        public String type() {
            return "get_autocommit";
        }
    }

    /** Batch step conditions. */
    sealed interface Condition {
        record Ok(int step) implements Condition {}

        record Error(int step) implements Condition {}

        record Not(Condition cond) implements Condition {}

        record And(List<Condition> conds) implements Condition {}

        record Or(List<Condition> conds) implements Condition {}

        record IsAutocommit() implements Condition {}
    }
}

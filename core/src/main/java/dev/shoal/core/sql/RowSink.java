package dev.shoal.core.sql;

import java.util.List;

/**
 * Receives a statement's output as it is produced, so results can be streamed (Hrana cursors)
 * or collected (pipelines) by the same execution code.
 */
public interface RowSink {
    /** A sink that keeps nothing, for statements run only for their effect. */
    RowSink DISCARD = new RowSink() {
        @Override
        public void columns(List<Column> columns) {}

        @Override
        public void row(Value[] row) {}
    };

    /** Called once, before any row, when the statement has been prepared and bound. */
    void columns(List<Column> columns);

    /** Called per row when rows are wanted. The array is owned by the sink afterwards. */
    void row(Value[] row);
}

package dev.shoal.server.hrana;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a statement's rows for a pipeline response, refusing to hold more than a set number of
 * bytes (clients that want huge results use the cursor endpoint, which streams).
 */
final class CollectedRows implements RowSink {
    private final long maxBytes;
    private List<Column> columns = List.of();
    private final List<Value[]> rows = new ArrayList<>();
    private long bytes;

    CollectedRows(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void columns(List<Column> columns) {
        this.columns = columns;
    }

    @Override
    public void row(Value[] row) {
        for (Value v : row) {
            bytes += switch (v) {
                case Value.Text t -> 24 + t.value().length();
                case Value.Blob b -> 24 + b.value().length * 4L / 3;
                default -> 32;
            };
        }
        if (bytes > maxBytes) {
            throw new ShoalException(ErrorCode.RESPONSE_TOO_LARGE, "response is too large (over " + maxBytes
                    + " bytes); fetch fewer rows or use the cursor endpoint (/v3/cursor), which streams");
        }
        rows.add(row);
    }

    List<Column> columns() {
        return columns;
    }

    List<Value[]> rows() {
        return rows;
    }
}

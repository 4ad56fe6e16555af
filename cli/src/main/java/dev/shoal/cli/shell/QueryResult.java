package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import java.util.List;

/** The columns and rows of one statement. */
public record QueryResult(List<String> columns, List<List<Value>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}

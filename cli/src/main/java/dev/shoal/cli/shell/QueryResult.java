package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import java.util.List;

/** The columns and rows of one statement. */
record QueryResult(List<String> columns, List<List<Value>> rows) {
    QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}

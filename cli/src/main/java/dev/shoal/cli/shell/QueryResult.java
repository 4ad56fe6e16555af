package dev.shoal.cli.shell;

import java.util.List;

/** The columns and rows of one statement. */
record QueryResult(List<String> columns, List<List<SqlValue>> rows) {
    QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}

package dev.shoal.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Borderless tables as Turso's CLI prints its lists: header row, cells left-aligned and padded to
 * the column width, columns separated by a fixed gap, no header when there are no rows.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, headers, width);
        rows.forEach(r -> line(out, r, width));
    }

    private static void line(PrintStream out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(cells.get(i));
            if (i < cells.size() - 1) {
                b.append(" ".repeat(width[i] - cells.get(i).length() + 4));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}

package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders statement results in the shell's output modes.
 *
 * <p>Table mode reproduces the {@code turso} shell (olekukonko/tablewriter v0.0.5 with no borders,
 * no header line, left alignment, auto-formatted headers and a five-space table padding): each
 * column is as wide as its widest cell (header included, in terminal columns); the header cells
 * are upper-cased with {@code _} (and {@code .} not between digits) turned into spaces and
 * trimmed; every cell is left-aligned and padded to its column width and followed by five spaces,
 * except the last header cell, which is followed by one space; cells holding newlines span
 * several lines. A result without columns prints nothing; one with columns but no rows prints the
 * header alone.
 */
final class ResultPrinter {
    private static final String PADDING = "     ";
    private static final JsonFactory JSON = new JsonFactory();

    private ResultPrinter() {}

    static String render(QueryResult r, OutputMode mode, boolean headers) {
        if (r.columns().isEmpty()) {
            return "";
        }
        return switch (mode) {
            case TABLE -> table(headers ? r.columns() : null, displayRows(r));
            case CSV -> csv(r, headers);
            case JSON -> json(r);
            case LINE -> line(r);
        };
    }

    static List<List<String>> displayRows(QueryResult r) {
        List<List<String>> rows = new ArrayList<>(r.rows().size());
        for (List<Value> row : r.rows()) {
            List<String> cells = new ArrayList<>(row.size());
            for (Value v : row) {
                cells.add(Formats.display(v));
            }
            rows.add(cells);
        }
        return rows;
    }

    // ------------------------------------------------------------------------------------------
    // table

    /** A table without borders; {@code header} null for none. */
    static String table(List<String> header, List<List<String>> rows) {
        int n = header != null ? header.size() : rows.isEmpty() ? 0 : rows.get(0).size();
        if (n == 0) {
            return "";
        }
        int[] widths = new int[n];
        String[][] headerLines = null;
        if (header != null) {
            headerLines = new String[n][];
            for (int y = 0; y < n; y++) {
                headerLines[y] = lines(header.get(y));
                widen(widths, y, headerLines[y]);
            }
        }
        List<String[][]> rowLines = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            String[][] cells = new String[n][];
            for (int y = 0; y < n; y++) {
                cells[y] = lines(y < row.size() ? row.get(y) : "");
                widen(widths, y, cells[y]);
            }
            rowLines.add(cells);
        }
        StringBuilder sb = new StringBuilder();
        if (headerLines != null) {
            int height = height(headerLines);
            for (int x = 0; x < height; x++) {
                for (int y = 0; y < n; y++) {
                    String h = x < headerLines[y].length ? headerLines[y][x] : "";
                    padRight(sb, title(h), widths[y]);
                    sb.append(y == n - 1 ? " " : PADDING);
                }
                sb.append('\n');
            }
        }
        for (String[][] cells : rowLines) {
            int height = height(cells);
            for (int x = 0; x < height; x++) {
                for (int y = 0; y < n; y++) {
                    String c = x < cells[y].length ? cells[y][x] : "  "; // tablewriter's filler
                    padRight(sb, c, widths[y]);
                    sb.append(PADDING);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String[] lines(String s) {
        return s.split("\n", -1);
    }

    private static void widen(int[] widths, int y, String[] lines) {
        for (String l : lines) {
            widths[y] = Math.max(widths[y], Formats.displayWidth(l));
        }
    }

    private static int height(String[][] cells) {
        int h = 0;
        for (String[] c : cells) {
            h = Math.max(h, c.length);
        }
        return h;
    }

    private static void padRight(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int gap = width - Formats.displayWidth(s); gap > 0; gap--) {
            sb.append(' ');
        }
    }

    /** tablewriter's Title: {@code _} and non-numeric {@code .} become spaces, trimmed, upper-cased. */
    static String title(String name) {
        int origLen = name.length();
        char[] rs = name.toCharArray();
        for (int i = 0; i < rs.length; i++) {
            if (rs[i] == '_') {
                rs[i] = ' ';
            } else if (rs[i] == '.') {
                if ((i != 0 && !isNumOrSpace(rs[i - 1])) || (i != rs.length - 1 && !isNumOrSpace(rs[i + 1]))) {
                    rs[i] = ' ';
                }
            }
        }
        String s = new String(rs).strip();
        if (s.isEmpty() && origLen > 0) {
            s = " ";
        }
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean isNumOrSpace(char c) {
        return (c >= '0' && c <= '9') || c == ' ';
    }

    // ------------------------------------------------------------------------------------------
    // csv

    /** A header row unless {@code .headers off}, then one record per row; {@code \n} ends records. */
    static String csv(QueryResult r, boolean headers) {
        StringBuilder sb = new StringBuilder();
        if (headers) {
            csvRecord(sb, r.columns());
        }
        for (List<String> row : displayRows(r)) {
            csvRecord(sb, row);
        }
        return sb.toString();
    }

    private static void csvRecord(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            if (needsQuotes(f)) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append('\n');
    }

    /** Go encoding/csv's rule (RFC 4180 plus a leading space and {@code \.}). */
    private static boolean needsQuotes(String f) {
        if (f.isEmpty()) {
            return false;
        }
        if (f.equals("\\.")) {
            return true;
        }
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return Character.isWhitespace(f.codePointAt(0)) || Character.isSpaceChar(f.codePointAt(0));
    }

    // ------------------------------------------------------------------------------------------
    // json

    /**
     * One array of objects (keys in column order) on one line; nothing for zero rows. Integers
     * and floats are JSON numbers (floats in the plain shortest form, infinities as
     * {@code ±1e999}), text a string, blobs a {@code "0x<HEX>"} string, NULL {@code null}.
     */
    static String json(QueryResult r) {
        if (r.rows().isEmpty()) {
            return "";
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (List<Value> row : r.rows()) {
                g.writeStartObject();
                for (int i = 0; i < r.columns().size(); i++) {
                    g.writeFieldName(r.columns().get(i));
                    Value v = i < row.size() ? row.get(i) : Value.NULL;
                    switch (v) {
                        case Value.Null n -> g.writeNull();
                        case Value.Integer n -> g.writeNumber(n.value());
                        case Value.Real f -> {
                            if (Double.isNaN(f.value())) {
                                g.writeNull();
                            } else if (Double.isInfinite(f.value())) {
                                g.writeRawValue(f.value() > 0 ? "1e999" : "-1e999");
                            } else {
                                g.writeRawValue(Formats.plainFloat(f.value()));
                            }
                        }
                        case Value.Text t -> g.writeString(t.value());
                        case Value.Blob b -> g.writeString(Formats.display(b));
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    // ------------------------------------------------------------------------------------------
    // line

    /**
     * sqlite3's line mode: {@code name = value} per column, names right-aligned to the widest
     * (at least 5), a blank line between rows.
     */
    static String line(QueryResult r) {
        int w = 5;
        for (String c : r.columns()) {
            w = Math.max(w, Formats.displayWidth(c));
        }
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (List<String> row : displayRows(r)) {
            if (!first) {
                sb.append('\n');
            }
            first = false;
            for (int i = 0; i < r.columns().size(); i++) {
                String name = r.columns().get(i);
                for (int pad = w - Formats.displayWidth(name); pad > 0; pad--) {
                    sb.append(' ');
                }
                sb.append(name).append(" = ").append(i < row.size() ? row.get(i) : "NULL").append('\n');
            }
        }
        return sb.toString();
    }
}

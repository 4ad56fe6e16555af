package dev.shoal.server.hrana;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.StatementOutcome;
import dev.shoal.core.sql.Value;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * Writes Hrana JSON shapes: values, columns, statement results, errors. The names and type strings
 * every value repeats are encoded once ({@link SerializedString}): a cursor writes them for every
 * cell of every row.
 */
final class HranaWriter {
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString BASE64_FIELD = new SerializedString("base64");
    private static final SerializedString NULL = new SerializedString("null");
    private static final SerializedString INTEGER = new SerializedString("integer");
    private static final SerializedString FLOAT = new SerializedString("float");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString BLOB = new SerializedString("blob");

    private HranaWriter() {}

    static void value(JsonGenerator g, Value v) throws IOException {
        g.writeStartObject();
        g.writeFieldName(TYPE);
        switch (v) {
            case Value.Null n -> g.writeString(NULL);
            case Value.Integer i -> {
                g.writeString(INTEGER);
                g.writeFieldName(VALUE);
                g.writeString(Long.toString(i.value()));
            }
            case Value.Real r -> {
                g.writeString(FLOAT);
                g.writeFieldName(VALUE);
                writeDouble(g, r.value());
            }
            case Value.Text t -> {
                g.writeString(TEXT);
                g.writeFieldName(VALUE);
                g.writeString(t.value());
            }
            case Value.Blob b -> {
                g.writeString(BLOB);
                g.writeFieldName(BASE64_FIELD);
                g.writeString(BASE64.encodeToString(b.value()));
            }
        }
        g.writeEndObject();
    }

    /**
     * JSON has no infinity; SQLite can produce it ({@code SELECT 1e999}). Shoal writes the number
     * literal {@code 1e999} / {@code -1e999}: valid JSON that JavaScript and Jackson parse back to
     * ±Infinity. (SQLite turns NaN into NULL, so NaN never reaches here.)
     */
    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isInfinite(d)) {
            g.writeNumber(d > 0 ? "1e999" : "-1e999");
        } else {
            g.writeNumber(d);
        }
    }

    static void row(JsonGenerator g, Value[] row) throws IOException {
        g.writeStartArray();
        for (Value v : row) {
            value(g, v);
        }
        g.writeEndArray();
    }

    static void columns(JsonGenerator g, List<Column> cols) throws IOException {
        g.writeStartArray();
        for (Column c : cols) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            g.writeFieldName("decltype");
            if (c.declType().isPresent()) {
                g.writeString(c.declType().get());
            } else {
                g.writeNull();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void stmtResult(JsonGenerator g, CollectedRows rows, StatementOutcome outcome, long micros)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName("cols");
        columns(g, rows.columns());
        g.writeArrayFieldStart("rows");
        for (Value[] r : rows.rows()) {
            row(g, r);
        }
        g.writeEndArray();
        g.writeNumberField("affected_row_count", outcome.affectedRowCount());
        g.writeFieldName("last_insert_rowid");
        if (outcome.lastInsertRowid().isPresent()) {
            g.writeString(Long.toString(outcome.lastInsertRowid().getAsLong()));
        } else {
            g.writeNull();
        }
        g.writeNullField("replication_index");
        g.writeNumberField("rows_read", outcome.rowsRead());
        g.writeNumberField("rows_written", outcome.rowsWritten());
        g.writeNumberField("query_duration_ms", micros / 1000.0);
        g.writeEndObject();
    }

    static void error(JsonGenerator g, ShoalException e) throws IOException {
        g.writeStartObject();
        g.writeStringField("message", e.safeMessage());
        g.writeStringField("code", e.wireCode());
        g.writeEndObject();
    }
}

package dev.shoal.core.migration;

import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.Column;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import dev.shoal.core.sql.Value;
import java.util.List;

/** The version a member of a schema family is at: its {@code PRAGMA user_version}, which Shoal owns there. */
public final class SchemaVersion {
    private SchemaVersion() {}

    public static long of(SqlConnection c) {
        long[] v = {0};
        c.execute("PRAGMA user_version", Arguments.NONE, true, new RowSink() {
            @Override
            public void columns(List<Column> columns) {}

            @Override
            public void row(Value[] row) {
                v[0] = row[0] instanceof Value.Integer i ? i.value() : 0;
            }
        });
        return v[0];
    }
}

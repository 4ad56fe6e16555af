package dev.shoal.core.sql.dump;

import dev.shoal.core.sql.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A database as SQL text in the style of sqlite3's {@code .dump}, which a fresh database loads back
 * to the same content. The one writer behind the CLI's {@code .dump} and the server's
 * {@code GET <db-url>/dump}.
 *
 * <pre>
 * PRAGMA foreign_keys=OFF;
 * BEGIN TRANSACTION;
 * CREATE TABLE t(...);                      -- each table in creation order, then its rows:
 * INSERT INTO t VALUES(1,'a',X'00',0.5,NULL);
 * DELETE FROM sqlite_sequence;              -- AUTOINCREMENT counters, as sqlite3 restores them
 * INSERT INTO sqlite_sequence VALUES('t',1);
 * CREATE INDEX ...;                         -- then indexes, views and triggers, each in creation order
 * COMMIT;
 * </pre>
 *
 * Values are written by {@link SqlLiterals#sqlLiteral} so that they read back exactly. Internal
 * objects ({@code sqlite_%} other than {@code sqlite_sequence} and {@code sqlite_stat*},
 * {@code _litestream_%}, {@code libsql_wasm_func_table}) and the shadow tables of virtual tables
 * are left out; a virtual table is dumped as its {@code CREATE VIRTUAL TABLE} and its rows. Header
 * fields ({@code user_version}, where Shoal keeps a schema family's version) are not dumped. Rows
 * are streamed table by table, so a table of any size dumps in constant memory. Whether the dump
 * sees one snapshot is up to the source (the server reads inside one transaction).
 *
 * @param <E> the failure of the source and the output
 */
public final class SqlDump<E extends Exception> {
    /** Names the internal objects that listings and dumps hide (an SQL condition on {@code name}). */
    public static final String HIDDEN_NAMES = "name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\'"
            + " AND name != 'libsql_wasm_func_table'";

    private static final int CHECK_OUTPUT_EVERY_ROWS = 1024;

    private final DumpSource<E> db;
    private final DumpOutput<E> out;

    public SqlDump(DumpSource<E> db, DumpOutput<E> out) {
        this.db = db;
        this.out = out;
    }

    /** Dumps everything, or only the tables whose name is LIKE {@code pattern} and their objects. */
    public void dump(Optional<String> pattern) throws E {
        List<Value> args = pattern.<List<Value>>map(p -> List.of(new Value.Text(p))).orElse(List.of());
        String like = pattern.isPresent() ? " AND tbl_name LIKE ?" : "";
        List<List<Value>> tables = db.rows("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL"
                + like + " ORDER BY tbl_name = 'sqlite_sequence', rowid", args);
        Set<String> shadow = shadowTables();

        out.print("PRAGMA foreign_keys=OFF;\n");
        out.print("BEGIN TRANSACTION;\n");
        for (List<Value> t : tables) {
            String name = text(t.get(0));
            if (!shadow.contains(name) && table(name, text(t.get(1)))) {
                rows(name);
                out.flush();
            }
        }
        List<List<Value>> objects = db.rows("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL"
                + " AND type IN ('index', 'view', 'trigger') AND " + HIDDEN_NAMES + like
                + " ORDER BY CASE type WHEN 'index' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, rowid", args);
        for (List<Value> o : objects) {
            out.print(text(o.get(0)) + ";\n");
        }
        out.print("COMMIT;\n");
        out.flush();
    }

    /** Writes what recreates table {@code name}; false for an internal table that is left out. */
    private boolean table(String name, String sql) throws E {
        if (name.startsWith("_litestream_") || name.equals("libsql_wasm_func_table")) {
            return false;
        }
        if (name.equals("sqlite_sequence")) {
            out.print("DELETE FROM sqlite_sequence;\n");
        } else if (name.matches("sqlite_stat.")) {
            out.print("ANALYZE sqlite_schema;\n");
        } else if (name.startsWith("sqlite_")) {
            return false;
        } else if (sql.regionMatches(true, 0, "CREATE TABLE ", 0, 13)
                && sql.length() > 13 && (sql.charAt(13) == '\'' || sql.charAt(13) == '"')) {
            out.print("CREATE TABLE IF NOT EXISTS " + sql.substring(13) + ";\n");
        } else {
            out.print(sql + ";\n");
        }
        return true;
    }

    /** {@code INSERT INTO <name> VALUES(...)} for every row, with a column list when some are generated. */
    private void rows(String table) throws E {
        List<String> stored = new ArrayList<>();
        boolean generated = false;
        Optional<List<List<Value>>> cols = db.rowsIfSupported("SELECT name, hidden FROM pragma_table_xinfo(?)",
                List.of(new Value.Text(table)));
        for (List<Value> c : cols.orElse(List.of())) { // table_xinfo unavailable: SELECT * it is
            long hidden = c.get(1) instanceof Value.Integer h ? h.value() : 0;
            if (hidden == 2 || hidden == 3) {
                generated = true;
            } else if (hidden == 0) {
                stored.add(text(c.get(0)));
            }
        }
        String select = "SELECT * FROM " + SqlLiterals.quoteIdentifier(table);
        String insert = "INSERT INTO " + SqlLiterals.identifier(table) + " VALUES(";
        if (generated) {
            List<String> quoted = new ArrayList<>();
            List<String> plain = new ArrayList<>();
            for (String c : stored) {
                quoted.add(SqlLiterals.quoteIdentifier(c));
                plain.add(SqlLiterals.identifier(c));
            }
            select = "SELECT " + String.join(",", quoted) + " FROM " + SqlLiterals.quoteIdentifier(table);
            insert = "INSERT INTO " + SqlLiterals.identifier(table) + "(" + String.join(",", plain) + ") VALUES(";
        }
        insertEach(select, insert);
    }

    private void insertEach(String select, String insert) throws E {
        StringBuilder sb = new StringBuilder();
        long[] rows = {0};
        db.stream(select, values -> {
            sb.setLength(0);
            sb.append(insert);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(SqlLiterals.sqlLiteral(values.get(i)));
            }
            sb.append(");\n");
            out.print(sb);
            if (++rows[0] % CHECK_OUTPUT_EVERY_ROWS == 0) {
                out.checkStillWanted();
            }
        });
    }

    /** Tables that belong to virtual tables (their content comes with the virtual table). */
    private Set<String> shadowTables() throws E {
        Set<String> names = new HashSet<>();
        // an older SQLite without table_list: no shadow tables are known
        for (List<Value> row : db.rowsIfSupported(
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'", List.of())
                .orElse(List.of())) {
            names.add(text(row.get(0)));
        }
        return names;
    }

    /** Names and SQL from {@code sqlite_schema} are text; anything else is shown as its literal. */
    private static String text(Value v) {
        return v instanceof Value.Text t ? t.value() : SqlLiterals.sqlLiteral(v);
    }
}

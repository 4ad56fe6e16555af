package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code .dump}: the database as SQL text in the style of sqlite3's {@code .dump}, which a fresh
 * database loads back ({@code shoal db shell db < dump.sql}) to the same content.
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
 * Values are written by {@link Formats#sqlLiteral} so that they read back exactly. Internal
 * objects ({@code sqlite_%} other than {@code sqlite_sequence} and {@code sqlite_stat*},
 * {@code _litestream_%}, {@code libsql_wasm_func_table}) and the shadow tables of virtual tables
 * are left out; a virtual table is dumped as its {@code CREATE VIRTUAL TABLE} and its rows.
 * Rows are streamed through the cursor endpoint, so tables of any size dump in constant memory.
 */
final class Dumper {
    private final HranaHttp db;
    private final PrintStream out;

    Dumper(HranaHttp db, PrintStream out) {
        this.db = db;
        this.out = out;
    }

    /** Dumps everything, or only the tables whose name is LIKE {@code pattern} and their objects. */
    void dump(Optional<String> pattern) throws ShellException {
        List<Value> args = pattern.<List<Value>>map(p -> List.of(new Value.Text(p))).orElse(List.of());
        String like = pattern.isPresent() ? " AND tbl_name LIKE ?" : "";
        QueryResult tables = db.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL"
                + like + " ORDER BY tbl_name = 'sqlite_sequence', rowid", args);
        Set<String> shadow = shadowTables();

        out.print("PRAGMA foreign_keys=OFF;\n");
        out.print("BEGIN TRANSACTION;\n");
        for (List<Value> t : tables.rows()) {
            String name = text(t.get(0));
            String sql = text(t.get(1));
            if (shadow.contains(name) || name.startsWith("_litestream_") || name.equals("libsql_wasm_func_table")) {
                continue;
            }
            if (name.equals("sqlite_sequence")) {
                out.print("DELETE FROM sqlite_sequence;\n");
            } else if (name.matches("sqlite_stat.")) {
                out.print("ANALYZE sqlite_schema;\n");
            } else if (name.startsWith("sqlite_")) {
                continue;
            } else if (sql.regionMatches(true, 0, "CREATE TABLE ", 0, 13)
                    && sql.length() > 13 && (sql.charAt(13) == '\'' || sql.charAt(13) == '"')) {
                out.print("CREATE TABLE IF NOT EXISTS " + sql.substring(13) + ";\n");
            } else {
                out.print(sql + ";\n");
            }
            rows(name);
            out.flush();
        }
        QueryResult objects = db.execute("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL"
                + " AND type IN ('index', 'view', 'trigger') AND " + Session.HIDDEN_NAMES + like
                + " ORDER BY CASE type WHEN 'index' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, rowid", args);
        for (List<Value> o : objects.rows()) {
            out.print(text(o.get(0)) + ";\n");
        }
        out.print("COMMIT;\n");
        out.flush();
    }

    /** {@code INSERT INTO <name> VALUES(...)} for every row, with a column list when some are generated. */
    private void rows(String table) throws ShellException {
        String quoted = Formats.quoteIdentifier(table);
        List<String> stored = new ArrayList<>();
        boolean generated = false;
        try {
            QueryResult cols = db.execute("SELECT name, hidden FROM pragma_table_xinfo(?)",
                    List.of(new Value.Text(table)));
            for (List<Value> c : cols.rows()) {
                long hidden = c.get(1) instanceof Value.Integer h ? h.value() : 0;
                if (hidden == 2 || hidden == 3) {
                    generated = true;
                } else if (hidden == 0) {
                    stored.add(text(c.get(0)));
                }
            }
        } catch (ShellException e) {
            generated = false; // table_xinfo unavailable: SELECT * it is
            stored.clear();
        }
        String select;
        String insert;
        if (generated) {
            List<String> q = new ArrayList<>();
            List<String> plain = new ArrayList<>();
            for (String c : stored) {
                q.add(Formats.quoteIdentifier(c));
                plain.add(Formats.identifier(c));
            }
            select = "SELECT " + String.join(",", q) + " FROM " + quoted;
            insert = "INSERT INTO " + Formats.identifier(table) + "(" + String.join(",", plain) + ") VALUES(";
        } else {
            select = "SELECT * FROM " + quoted;
            insert = "INSERT INTO " + Formats.identifier(table) + " VALUES(";
        }
        StringBuilder sb = new StringBuilder();
        db.query(select, new HranaHttp.RowSink() {
            private long rows;

            @Override
            public void columns(List<String> names) {}

            @Override
            public void row(List<Value> values) throws ShellException {
                sb.setLength(0);
                sb.append(insert);
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(Formats.sqlLiteral(values.get(i)));
                }
                sb.append(");\n");
                out.print(sb);
                if (++rows % 1024 == 0 && out.checkError()) {
                    throw new ShellException("the output was closed");
                }
            }
        });
    }

    /** Tables that belong to virtual tables (their content comes with the virtual table). */
    private Set<String> shadowTables() {
        Set<String> names = new HashSet<>();
        try {
            QueryResult r = db.execute("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'");
            for (List<Value> row : r.rows()) {
                names.add(text(row.get(0)));
            }
        } catch (ShellException e) {
            // an older SQLite without table_list: no shadow tables are known
        }
        return names;
    }

    private static String text(Value v) {
        return v instanceof Value.Text t ? t.value() : Formats.display(v);
    }
}

package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import dev.shoal.core.sql.dump.DumpOutput;
import dev.shoal.core.sql.dump.DumpSource;
import dev.shoal.core.sql.dump.SqlDump;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code .dump}: core's {@link SqlDump} over the session's Hrana stream, written to the shell's
 * output. Small queries (the schema, a table's columns) run on the session's stream; rows are
 * streamed through the cursor endpoint, so tables of any size dump in constant memory. A fresh
 * database loads the text back ({@code shoal db shell db < dump.sql}) to the same content.
 */
final class Dumper implements DumpSource<ShellException>, DumpOutput<ShellException> {
    private final HranaHttp db;
    private final PrintStream out;

    Dumper(HranaHttp db, PrintStream out) {
        this.db = db;
        this.out = out;
    }

    /** Dumps everything, or only the tables whose name is LIKE {@code pattern} and their objects. */
    void dump(Optional<String> pattern) throws ShellException {
        new SqlDump<>(this, this).dump(pattern);
    }

    @Override
    public List<List<Value>> rows(String sql, List<Value> args) throws ShellException {
        return db.execute(sql, args).rows();
    }

    @Override
    public Optional<List<List<Value>>> rowsIfSupported(String sql, List<Value> args) {
        try {
            return Optional.of(rows(sql, args));
        } catch (ShellException e) {
            return Optional.empty(); // e.g. a server whose SQLite predates the pragma function
        }
    }

    @Override
    public void stream(String sql, RowConsumer<ShellException> rows) throws ShellException {
        db.query(sql, new HranaHttp.RowSink() {
            @Override
            public void columns(List<String> names) {}

            @Override
            public void row(List<Value> values) throws ShellException {
                rows.row(values);
            }
        });
    }

    @Override
    public void print(CharSequence text) {
        out.print(text);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void checkStillWanted() throws ShellException {
        if (out.checkError()) {
            throw new ShellException("the output was closed");
        }
    }
}

package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import dev.shoal.core.sql.lexer.SqlStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One shell session: the connection, the settings of the dot-commands ({@code .mode},
 * {@code .headers}, {@code .timer}) and the interpreter shared by every input path (one-shot
 * SQL, piped stdin, {@code .read} files, interactive lines).
 *
 * <p>Input is taken line by line. A line whose first non-blank character is {@code .} while no
 * statement is pending is a dot-command; anything else is SQL and is run, statement by
 * statement, as soon as the collected text ends a statement. The first error stops the input
 * being run and is printed as {@code Error: <text>} on the error stream.
 *
 * <p>With batching (one-shot and piped input, and files they {@code .read}) consecutive
 * statements are queued and sent as one Hrana {@code batch} on the session's stream, each step
 * conditioned on the one before it having succeeded: at most {@value #MAX_BATCH_STATEMENTS}
 * statements or about {@value #MAX_BATCH_CHARS} characters of SQL per request. The queue is sent
 * before a dot-command runs, before the shell would wait for more input (a slow pipe), at the
 * end of the input and when it is full; results are then printed in statement order, and at a
 * failing statement its error is printed after the results of the statements before it, and
 * nothing after it has run, exactly as without batching. While {@code .timer} is on statements
 * are sent one at a time, so that each gets its own {@code Run Time} line. The interactive shell
 * sends every statement on its own.
 *
 * <p>Each request that may write is watched by the session's {@link FanOutProgress} (on a
 * terminal, for a schema database: the migration's progress line), which is blanked before the
 * request's results or error are printed.
 */
final class Session {
    /** How running some input ended. */
    enum Outcome { OK, ERROR, QUIT }

    /** Names the internal objects that the listings and {@code .dump} hide. */
    static final String HIDDEN_NAMES = dev.shoal.core.sql.dump.SqlDump.HIDDEN_NAMES;

    static final List<String> DOT_COMMANDS = List.of(".dump", ".exit", ".headers", ".help", ".indexes", ".mode",
            ".quit", ".read", ".schema", ".tables", ".timer");

    private static final int MAX_READ_DEPTH = 16;
    /** Most statements sent in one batch request. */
    static final int MAX_BATCH_STATEMENTS = 500;
    /** Most characters of SQL in one batch request (a longer statement goes alone). */
    static final int MAX_BATCH_CHARS = 1 << 20;

    private final HranaHttp db;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean batching;
    private final FanOutProgress progress;
    private final List<String> queued = new ArrayList<>();
    private int queuedChars;
    private OutputMode mode = OutputMode.TABLE;
    private boolean headers = true;
    private boolean timer;
    private int readDepth;

    /**
     * {@code batching}: send runs of statements as batches (one-shot and piped input; the
     * interactive shell sends each statement in its own request). {@code progress}: what shows a
     * migration's fan-out while a statement runs.
     */
    Session(HranaHttp db, PrintStream out, PrintStream err, boolean batching, FanOutProgress progress) {
        this.db = db;
        this.out = out;
        this.err = err;
        this.batching = batching;
        this.progress = progress;
    }

    HranaHttp db() {
        return db;
    }

    OutputMode mode() {
        return mode;
    }

    // ------------------------------------------------------------------------------------------
    // input

    Outcome runText(String text) {
        return runLines(LineSource.of(text));
    }

    Outcome runStream(InputStream in) {
        return runLines(LineSource.of(in));
    }

    /** Runs a script; stops at the first error or at {@code .quit}. */
    Outcome runLines(LineSource lines) {
        try {
            Outcome o = queueLines(lines);
            return o == Outcome.OK ? flush() : o;
        } catch (UncheckedIOException e) {
            // the input broke off: what was read before it runs first, as it would have unbatched
            if (flush() != Outcome.OK) {
                return Outcome.ERROR;
            }
            throw e;
        }
    }

    /** Runs a script, possibly leaving its last statements queued for a batch. */
    private Outcome queueLines(LineSource lines) {
        StringBuilder pending = new StringBuilder();
        boolean hasTokens = false;
        while (true) {
            // what is queued runs before the shell waits for more input
            if (!queued.isEmpty() && !lines.ready()) {
                Outcome o = flush();
                if (o != Outcome.OK) {
                    return o;
                }
            }
            String line = lines.next();
            if (line == null) {
                break;
            }
            if (pending.isEmpty() && line.stripLeading().startsWith(".")) {
                Outcome o = flush();
                if (o == Outcome.OK) {
                    o = runDotCommand(line.strip());
                }
                if (o != Outcome.OK) {
                    return o;
                }
                continue;
            }
            if (!pending.isEmpty()) {
                pending.append('\n');
            }
            pending.append(line);
            // a pending statement can only be finished by a ';' (or the end of a comment hiding one)
            if (hasTokens && line.indexOf(';') < 0 && !line.contains("*/")) {
                continue;
            }
            String text = pending.toString();
            if (SqlInput.isComplete(text)) {
                pending.setLength(0);
                hasTokens = false;
                Outcome o = runSql(text);
                if (o != Outcome.OK) {
                    return o;
                }
            } else {
                hasTokens = !SqlInput.isEmpty(text);
            }
        }
        if (!pending.isEmpty()) {
            return runSql(pending.toString()); // an unfinished last statement runs anyway
        }
        return Outcome.OK;
    }

    /**
     * Runs each statement of {@code text} in turn, or queues them for a batch; stops at the first
     * error.
     */
    Outcome runSql(String text) {
        for (SqlStatement st : SqlInput.split(text)) {
            Outcome o = batching && !timer ? queue(st.sql()) : runStatement(st.sql());
            if (o != Outcome.OK) {
                return o;
            }
        }
        return Outcome.OK;
    }

    /** Adds a statement to the batch, sending the batch first or after it when it is full. */
    private Outcome queue(String sql) {
        if (!queued.isEmpty() && queuedChars + sql.length() > MAX_BATCH_CHARS) {
            Outcome o = flush();
            if (o != Outcome.OK) {
                return o;
            }
        }
        queued.add(sql);
        queuedChars += sql.length();
        return queued.size() >= MAX_BATCH_STATEMENTS ? flush() : Outcome.OK;
    }

    /**
     * Runs the queued statements as one batch and prints their results in order; at a failing
     * statement prints its error after the results of those before it (the rest did not run).
     */
    private Outcome flush() {
        if (queued.isEmpty()) {
            return Outcome.OK;
        }
        List<String> batch = List.copyOf(queued);
        queued.clear();
        queuedChars = 0;
        if (batch.size() == 1) {
            return runStatement(batch.get(0));
        }
        try {
            HranaHttp.BatchOutcome b;
            try (FanOutProgress.Watch w = progress.watch(batch)) {
                b = db.executeBatch(batch);
            }
            for (QueryResult r : b.results()) {
                out.print(ResultPrinter.render(r, mode, headers));
            }
            if (b.error().isPresent()) {
                error(b.error().get());
                return Outcome.ERROR;
            }
            return Outcome.OK;
        } catch (ShellException e) {
            error(e);
            return Outcome.ERROR;
        } finally {
            out.flush();
        }
    }

    /** Runs one statement in its own request. */
    private Outcome runStatement(String sql) {
        long start = System.nanoTime();
        try {
            QueryResult r;
            try (FanOutProgress.Watch w = progress.watch(List.of(sql))) {
                r = db.execute(sql);
            }
            out.print(ResultPrinter.render(r, mode, headers));
        } catch (ShellException e) {
            error(e);
            return Outcome.ERROR;
        } finally {
            if (timer) {
                out.printf(Locale.ROOT, "Run Time: real %.3f\n", (System.nanoTime() - start) / 1e9);
            }
            out.flush();
        }
        return Outcome.OK;
    }

    void error(ShellException e) {
        out.flush();
        err.println("Error: " + e.display());
        err.flush();
    }

    // ------------------------------------------------------------------------------------------
    // dot-commands

    Outcome runDotCommand(String line) {
        List<String> args = arguments(line);
        String cmd = args.isEmpty() ? line : args.get(0);
        int n = args.size() - 1;
        try {
            switch (cmd) {
                case ".quit", ".exit" -> {
                    if (n != 0) {
                        throw invalid(line);
                    }
                    return Outcome.QUIT;
                }
                case ".help" -> {
                    if (n != 0) {
                        throw invalid(line);
                    }
                    out.print(help());
                }
                case ".tables" -> {
                    if (n > 1) {
                        throw invalid(line);
                    }
                    String sql = "SELECT name FROM sqlite_schema WHERE type = 'table' AND " + HIDDEN_NAMES
                            + (n == 1 ? " AND name LIKE ?" : "") + " ORDER BY name";
                    printList(sql, n == 1 ? List.of(args.get(1)) : List.of(), OutputMode.TABLE);
                }
                case ".schema" -> {
                    if (n > 1) {
                        throw invalid(line);
                    }
                    String sql = "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL AND " + HIDDEN_NAMES
                            + (n == 1 ? " AND name LIKE ?" : "") + " ORDER BY tbl_name, rowid";
                    printList(sql, n == 1 ? List.of(args.get(1)) : List.of(), OutputMode.TABLE);
                }
                case ".indexes", ".indices" -> {
                    if (n > 1) {
                        throw invalid(line);
                    }
                    String sql = "SELECT name FROM sqlite_schema WHERE type = 'index'"
                            + (n == 1 ? " AND tbl_name LIKE ?" : "") + " ORDER BY rowid";
                    printList(sql, n == 1 ? List.of(args.get(1)) : List.of(), mode);
                }
                case ".mode" -> {
                    if (n == 0) {
                        out.println("No mode provided. Current mode is " + mode.wireName()
                                + ". Valid modes are table, json, csv, line");
                    } else if (n == 1) {
                        mode = OutputMode.parse(args.get(1).toLowerCase(Locale.ROOT)).orElseThrow(() ->
                                new ShellException("unsupported mode \"" + args.get(1)
                                        + "\". Valid modes are table, json, csv, line"));
                    } else {
                        throw invalid(line);
                    }
                }
                case ".headers" -> {
                    if (n != 1) {
                        throw invalid(line);
                    }
                    headers = onOff(args.get(1), line);
                }
                case ".timer" -> {
                    if (n != 1) {
                        throw invalid(line);
                    }
                    timer = onOff(args.get(1), line);
                }
                case ".dump" -> {
                    if (n > 1) {
                        throw invalid(line);
                    }
                    new Dumper(db, out).dump(n == 1 ? Optional.of(args.get(1)) : Optional.empty());
                }
                case ".read" -> {
                    if (n != 1) {
                        throw invalid(line);
                    }
                    return read(args.get(1));
                }
                default -> throw invalid(line);
            }
        } catch (ShellException e) {
            error(e);
            return Outcome.ERROR;
        } finally {
            out.flush();
        }
        return Outcome.OK;
    }

    private Outcome read(String file) throws ShellException {
        if (readDepth >= MAX_READ_DEPTH) {
            throw new ShellException(".read nested more than " + MAX_READ_DEPTH + " levels deep");
        }
        InputStream in;
        try {
            in = Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException | InvalidPathException e) {
            throw new ShellException("cannot open \"" + file + "\": no such file");
        } catch (IOException e) {
            throw new ShellException("cannot open \"" + file + "\": " + e.getMessage());
        }
        readDepth++;
        try (in) {
            return runStream(in);
        } catch (IOException | UncheckedIOException e) {
            throw new ShellException("cannot read \"" + file + "\": " + e.getMessage());
        } finally {
            readDepth--;
        }
    }

    /** A listing: table mode without a header, as the {@code turso} shell prints its lists. */
    private void printList(String sql, List<String> args, OutputMode listMode) throws ShellException {
        List<Value> values = new ArrayList<>();
        args.forEach(a -> values.add(new Value.Text(a)));
        QueryResult r = db.execute(sql, values);
        out.print(ResultPrinter.render(r, listMode, false));
    }

    private static boolean onOff(String arg, String line) throws ShellException {
        return switch (arg.toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true", "1" -> true;
            case "off", "no", "false", "0" -> false;
            default -> throw invalid(line);
        };
    }

    static ShellException invalid(String line) {
        return new ShellException("unknown command or invalid arguments: \"" + line + "\". Enter \".help\" for help");
    }

    /** The {@code .help} text, laid out like the {@code turso} shell's (cobra's command list). */
    static String help() {
        String[][] cmds = {
            {".dump", "Render database content as SQL: .dump ?TABLE-PATTERN?"},
            {".exit", "Exit this program"},
            {".headers", "Turn display of headers on or off: .headers on|off"},
            {".help", "List of all available commands."},
            {".indexes", "List indexes in a table or database: .indexes ?TABLE?"},
            {".mode", "Set output mode: .mode table|json|csv|line"},
            {".quit", "Exit this program"},
            {".read", "Execute commands from a file: .read FILENAME"},
            {".schema", "Show table schemas: .schema ?PATTERN?"},
            {".tables", "List all existing tables in the database: .tables ?PATTERN?"},
            {".timer", "Turn SQL timer on or off: .timer on|off"},
        };
        StringBuilder sb = new StringBuilder();
        for (String[] c : cmds) {
            sb.append("\n  ").append(String.format(Locale.ROOT, "%-11s", c[0])).append(' ').append(c[1]);
        }
        return sb.append('\n').toString();
    }

    /** Splits a dot-command line into words; {@code '...'} and {@code "..."} group words with spaces. */
    static List<String> arguments(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder w = new StringBuilder();
            if (c == '\'' || c == '"') {
                int close = line.indexOf(c, i + 1);
                if (close < 0) {
                    close = n;
                }
                w.append(line, i + 1, close);
                i = Math.min(n, close + 1);
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    w.append(line.charAt(i++));
                }
            }
            out.add(w.toString());
        }
        return out;
    }
}

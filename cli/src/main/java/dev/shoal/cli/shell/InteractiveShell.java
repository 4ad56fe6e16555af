package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive shell on a JLine terminal: prompt {@code →  }, continuation {@code ... } while
 * the statement is unfinished (the whole multi-line statement is one history entry), history
 * kept in a file, Tab completion of dot-commands and table names. Ctrl-C discards the text being
 * edited (all lines of an unfinished statement); on an empty prompt it only prints how to leave,
 * as psql does, so a reflex Ctrl-C never ends the session (and its open transaction). Ctrl-C while
 * a statement runs abandons it. Ctrl-D on an empty prompt and {@code .quit} exit.
 */
final class InteractiveShell {
    static final String PROMPT = "→  ";
    static final String ASCII_PROMPT = "-> ";
    static final String CONTINUATION = "... ";
    static final String EXIT_HINT = "Use .quit or Ctrl-D to exit.";

    private InteractiveShell() {}

    static int run(ShellTarget target, Session session, Terminal terminal, PrintStream out, Path historyFile) {
        try {
            session.db().execute("SELECT 1");
        } catch (ShellException e) {
            session.error(e);
            return 1;
        }
        out.print("Connected to " + target.displayName() + " at " + target.libsqlUrl() + "\n\n"
                + "Welcome to Shoal SQL shell!\n\n"
                + "Type \".quit\" to exit the shell and \".help\" to list all available commands.\n\n");
        out.flush();

        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("shoal")
                .parser(new SqlLineParser())
                .completer(new ShellCompleter(session))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .variable(LineReader.INDENTATION, 0)
                .variable(LineReader.BLINK_MATCHING_PAREN, 0)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.INSERT_TAB, false);
        if (historyFile != null) {
            try {
                Path parent = historyFile.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException ignored) {
                // history is a convenience: run without saving it
            }
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        LineReader reader = builder.build();
        // a terminal that cannot show the arrow (a non-UTF-8 locale) gets an ASCII prompt
        String prompt = terminal.outputEncoding().newEncoder().canEncode(PROMPT) ? PROMPT : ASCII_PROMPT;
        bindPlainArrowKeys(reader);

        try {
            while (true) {
                String input;
                try {
                    input = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    if (e.getPartialLine() == null || e.getPartialLine().isBlank()) {
                        out.println(EXIT_HINT);
                        out.flush();
                    }
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                Session.Outcome outcome = runInterruptibly(terminal, session, input, out);
                if (outcome == Session.Outcome.QUIT) {
                    break;
                }
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
        return 0;
    }

    /**
     * Binds the ANSI arrow keys ({@code ESC [ A} ...) besides the terminal's own (xterm's
     * application-mode {@code ESC O A} ...), for terminals that ignore keypad-transmit mode.
     */
    private static void bindPlainArrowKeys(LineReader reader) {
        for (String map : List.of(LineReader.EMACS, LineReader.VIINS)) {
            KeyMap<Binding> keys = reader.getKeyMaps().get(map);
            if (keys == null) {
                continue;
            }
            keys.bind(new Reference(LineReader.UP_LINE_OR_HISTORY), "\033[A");
            keys.bind(new Reference(LineReader.DOWN_LINE_OR_HISTORY), "\033[B");
            keys.bind(new Reference(LineReader.FORWARD_CHAR), "\033[C");
            keys.bind(new Reference(LineReader.BACKWARD_CHAR), "\033[D");
        }
    }

    /** Runs the input with Ctrl-C (SIGINT) interrupting the request in flight. */
    private static Session.Outcome runInterruptibly(Terminal terminal, Session session, String input, PrintStream out) {
        Thread self = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> {
            out.println(); // a tty echoes ^C before the signal arrives: the error goes on the next line
            out.flush();
            self.interrupt();
        });
        try {
            return session.runText(input);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a late Ctrl-C must not break the next prompt
        }
    }

    /** Word splitting for completion; on Enter, asks for more lines until the SQL is complete. */
    static final class SqlLineParser extends DefaultParser {
        SqlLineParser() {
            escapeChars(new char[0]);
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !isComplete(line)) {
                throw new EOFError(-1, -1, "unfinished statement", "", 0, null);
            }
            return super.parse(line, cursor, context);
        }

        static boolean isComplete(String buffer) {
            if (buffer.stripLeading().startsWith(".")) {
                return true; // a dot-command is one line
            }
            return SqlInput.isComplete(buffer);
        }

        @Override
        public boolean isDelimiterChar(CharSequence buffer, int pos) {
            char c = buffer.charAt(pos);
            return Character.isWhitespace(c) || c == '(' || c == ')' || c == ',' || c == ';' || c == '=';
        }
    }

    /** Dot-commands at the start of the line, table and view names elsewhere. */
    static final class ShellCompleter implements Completer {
        private final Session session;

        ShellCompleter(Session session) {
            this.session = session;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            String word = line.word() == null ? "" : line.word();
            if (line.wordIndex() == 0 && word.startsWith(".")) {
                for (String c : Session.DOT_COMMANDS) {
                    candidates.add(new Candidate(c));
                }
                return;
            }
            try {
                QueryResult r = session.db().execute("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND "
                        + Session.HIDDEN_NAMES + " ORDER BY name");
                for (List<Value> row : r.rows()) {
                    if (row.get(0) instanceof Value.Text t) {
                        candidates.add(new Candidate(t.value()));
                    }
                }
            } catch (ShellException ignored) {
                // no completions when the database cannot be asked
            }
        }
    }
}

package dev.shoal.cli.shell;

import dev.shoal.cli.CliEnv;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * {@code shoal db shell}: a SQL shell on one database over Hrana/HTTP, after {@code turso db shell}.
 *
 * <ul>
 *   <li>With {@code sql}: runs it (statements, and dot-commands one per line) and exits.</li>
 *   <li>Else, when stdin is not a terminal: runs all of {@code in} ({@code shoal db shell db < dump.sql}).</li>
 *   <li>Else: the interactive shell ({@link InteractiveShell}).</li>
 * </ul>
 *
 * In the first two modes runs of consecutive statements are sent as Hrana batches (up to 500
 * statements per request; see {@link Session}) and the first error ends the run with exit code 1,
 * nothing after the failing statement having run; results go to {@code out}, errors
 * ({@code Error: <code>: <message>}) to {@code err}.
 *
 * <p>When stdin and stdout are a terminal (the one-shot and interactive modes), a statement that
 * migrates a schema database shows its fan-out progress while it runs ({@link FanOutProgress});
 * otherwise nothing but the results is printed.
 */
public final class Shell {
    private Shell() {}

    /**
     * Runs the shell with the environment's streams; returns the process exit code (0 ok, 1 on the
     * first error in one-shot/piped mode). {@code historyFile} may be null (no history kept).
     */
    public static int run(ShellTarget target, Optional<String> sql, CliEnv env, Path historyFile) {
        PrintStream out = env.out();
        PrintStream err = env.err();
        boolean interactiveTerminal = env.interactive() && sql.isEmpty();
        try (HranaHttp db = new HranaHttp(target.url(), target.token());
                FanOutProgress progress = env.interactive() ? FanOutProgress.on(target, out) : FanOutProgress.off()) {
            Session session = new Session(db, out, err, !interactiveTerminal, progress);
            if (sql.isPresent()) {
                return exitCode(session.runText(sql.get()));
            }
            if (!interactiveTerminal) {
                try {
                    return exitCode(session.runStream(env.in()));
                } catch (UncheckedIOException e) {
                    err.println("Error: cannot read the input: " + e.getCause().getMessage());
                    return 1;
                }
            }
            try (Terminal terminal = terminal(env)) {
                return InteractiveShell.run(target, session, terminal, out, historyFile);
            } catch (IOException e) {
                err.println("Error: cannot open the terminal: " + e.getMessage());
                return 1;
            }
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The interactive shell on a given terminal (tests drive one through its streams). */
    static int runInteractive(ShellTarget target, Terminal terminal, PrintStream out, PrintStream err,
            Path historyFile) {
        try (HranaHttp db = new HranaHttp(target.url(), target.token());
                FanOutProgress progress = FanOutProgress.on(target, out)) {
            return InteractiveShell.run(target, new Session(db, out, err, false, progress), terminal, out, historyFile);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int exitCode(Session.Outcome outcome) {
        return outcome == Session.Outcome.ERROR ? 1 : 0;
    }

    /** The process's terminal for the real stdin/stdout, else a terminal over the environment's streams. */
    private static Terminal terminal(CliEnv env) throws IOException {
        if (env.in() == System.in && env.out() == System.out) {
            return TerminalBuilder.builder().system(true).name("shoal").build();
        }
        String type = env.variable("TERM").orElse("xterm-256color");
        ExternalTerminal t = new ExternalTerminal("shoal", type, env.in(), env.out(), StandardCharsets.UTF_8);
        t.setSize(new Size(80, 24)); // streams have no size of their own
        return t;
    }
}

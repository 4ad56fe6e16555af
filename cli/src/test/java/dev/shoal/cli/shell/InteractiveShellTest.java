package dev.shoal.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell driven through a JLine terminal over in-memory streams (an
 * {@link ExternalTerminal} of type xterm-256color): keystrokes in, screen bytes out.
 */
class InteractiveShellTest {
    /** Up as xterm sends it in application-cursor mode (JLine turns that on). */
    private static final String UP = "\033OA";
    /** Up as a terminal that ignores application mode sends it. */
    private static final String PLAIN_UP = "\033[A";
    private static final String CTRL_C = "\003";
    private static final String CTRL_D = "\004";

    private static ShellTestSupport support;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        support = ShellTestSupport.start();
    }

    @AfterAll
    static void stopServer() {
        support.close();
    }

    /** A running interactive shell. */
    static final class Session implements AutoCloseable {
        final PipedOutputStream keys = new PipedOutputStream();
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit;
        final ExternalTerminal terminal;

        Session(ShellTarget target, Path history) throws IOException {
            PipedInputStream in = new PipedInputStream(keys, 1 << 16);
            java.io.OutputStream synced = new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (screen) {
                        screen.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (screen) {
                        screen.write(b, off, len);
                    }
                }
            };
            terminal = new ExternalTerminal("test", "xterm-256color", in, synced, StandardCharsets.UTF_8);
            terminal.setSize(new Size(160, 50));
            PrintStream out = new PrintStream(synced, true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
            exit = CompletableFuture.supplyAsync(() -> Shell.runInteractive(target, terminal, out, err, history));
        }

        void type(String s) throws IOException {
            keys.write(s.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        /** The screen with escape sequences and carriage returns removed. */
        String screen() {
            String s;
            synchronized (screen) {
                s = screen.toString(StandardCharsets.UTF_8);
            }
            return s.replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "")
                    .replaceAll("\u001B\\][^\u0007]*\u0007", "")
                    .replaceAll("\u001B[()][0-9A-B]", "")
                    .replaceAll("\u001B[=>]", "")
                    .replace("\r", "");
        }

        String errors() {
            synchronized (errors) {
                return errors.toString(StandardCharsets.UTF_8);
            }
        }

        void await(Predicate<String> condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!condition.test(screen())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what + "; screen:\n" + screen()
                            + "\nerrors:\n" + errors());
                }
                Thread.sleep(10);
            }
        }

        void awaitPrompts(int n) throws InterruptedException {
            await(s -> count(s, InteractiveShell.PROMPT) >= n, n + " prompts");
        }

        int awaitExit() throws Exception {
            return exit.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            exit.cancel(true);
            terminal.close();
            keys.close();
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Test
    void bannerMultiLineStatementsHistoryModeAndCtrlC() throws Exception {
        ShellTarget target = support.newDatabase();
        Path history = tmp.resolve("hist/history");
        try (Session sh = new Session(target, history)) {
            sh.awaitPrompts(1);
            assertThat(sh.screen()).startsWith("Connected to " + target.displayName() + " at " + target.libsqlUrl()
                    + "\n\nWelcome to Shoal SQL shell!\n\n"
                    + "Type \".quit\" to exit the shell and \".help\" to list all available commands.\n\n→  ");

            sh.type("CREATE TABLE t(a, b);\r");
            sh.awaitPrompts(2);

            // a statement over three lines runs once it ends with ';'
            sh.type("INSERT INTO t\r");
            sh.await(s -> s.contains(InteractiveShell.CONTINUATION), "the continuation prompt");
            sh.type("VALUES (1, 'x'),\r");
            sh.await(s -> count(s, InteractiveShell.CONTINUATION) >= 2, "a second continuation prompt");
            sh.type("(2, 'y');\r");
            sh.awaitPrompts(3);

            sh.type("SELECT * FROM t;\r");
            sh.awaitPrompts(4);
            assertThat(sh.screen()).contains("A     B \n1     x     \n2     y     \n");

            // up arrow brings the last statement back; Enter runs it again
            sh.type(UP);
            sh.await(s -> count(s, "SELECT * FROM t;") >= 2, "the recalled statement");
            sh.type("\r");
            sh.awaitPrompts(5);
            assertThat(count(sh.screen(), "A     B \n1     x     \n2     y     \n")).isEqualTo(2);

            sh.type(".mode csv\r");
            sh.awaitPrompts(6);
            sh.type("SELECT * FROM t ORDER BY a DESC;\r");
            sh.awaitPrompts(7);
            assertThat(sh.screen()).contains("a,b\n2,y\n1,x\n");

            // an error is reported and the shell goes on
            sh.type("SELECT nope FROM t;\r");
            sh.awaitPrompts(8);
            assertThat(sh.errors()).isEqualTo("Error: SQLITE_ERROR: no such column: nope\n");

            // Ctrl-C drops a partial statement (even an open string) without running it
            sh.type("SELECT 'partial");
            sh.await(s -> s.contains("SELECT 'partial"), "the echo of the partial line");
            sh.type(CTRL_C);
            sh.awaitPrompts(9);
            sh.type("SELECT 40 + 2 AS answer;\r");
            sh.awaitPrompts(10);
            assertThat(sh.screen()).contains("answer\n42\n").doesNotContain("partial\n");
            assertThat(sh.errors()).isEqualTo("Error: SQLITE_ERROR: no such column: nope\n");
            assertThat(sh.screen()).as("no exit hint for a discarded statement").doesNotContain(InteractiveShell.EXIT_HINT);

            // Ctrl-C on an empty line says how to leave and keeps the shell running
            sh.type(CTRL_C);
            sh.awaitPrompts(11);
            assertThat(sh.screen()).contains("\n" + InteractiveShell.EXIT_HINT + "\n" + InteractiveShell.PROMPT);
            assertThat(sh.exit).isNotDone();
            sh.type("SELECT 'alive' AS still;\r");
            sh.awaitPrompts(12);
            assertThat(sh.screen()).contains("still\nalive\n"); // .mode csv is still on

            // Ctrl-D on an empty line exits
            sh.type(CTRL_D);
            assertThat(sh.awaitExit()).isZero();
            assertThat(count(sh.screen(), InteractiveShell.EXIT_HINT)).isEqualTo(1);
        }
        String saved = Files.readString(history);
        assertThat(saved).contains("CREATE TABLE t(a, b);", ".mode csv", "SELECT 40 + 2 AS answer;")
                .doesNotContain("partial");
        // the multi-line statement is one history entry (JLine escapes its line breaks)
        assertThat(saved).contains("INSERT INTO t\\nVALUES (1, 'x'),\\n(2, 'y');");
    }

    @Test
    void ctrlCInAContinuationLineDropsTheWholeUnfinishedStatement() throws Exception {
        ShellTarget target = support.newDatabase();
        try (Session sh = new Session(target, null)) {
            sh.awaitPrompts(1);
            sh.type("SELECT 'first line'\r");
            sh.await(s -> s.contains(InteractiveShell.CONTINUATION), "the continuation prompt");
            sh.type("|| 'second line'");
            sh.await(s -> s.contains("second line'"), "the echo of the second line");
            sh.type(CTRL_C);
            sh.awaitPrompts(2);
            // had the first lines survived, this would be a syntax error
            sh.type("SELECT 7 AS n;\r");
            sh.awaitPrompts(3);
            assertThat(sh.screen()).contains("N \n7     \n").doesNotContain(InteractiveShell.EXIT_HINT);
            assertThat(sh.errors()).isEmpty();
            sh.type(".quit\r");
            assertThat(sh.awaitExit()).isZero();
        }
    }

    @Test
    void historySurvivesRestartsAndCtrlDExits() throws Exception {
        ShellTarget target = support.newDatabase();
        Path history = tmp.resolve("history");
        try (Session sh = new Session(target, history)) {
            sh.awaitPrompts(1);
            sh.type("SELECT 'first run' AS x;\r");
            sh.awaitPrompts(2);
            sh.type(CTRL_D);
            assertThat(sh.awaitExit()).isZero();
        }
        try (Session sh = new Session(target, history)) {
            sh.awaitPrompts(1);
            sh.type(PLAIN_UP);
            sh.await(s -> s.contains("SELECT 'first run' AS x;"), "the statement from the last session");
            sh.type("\r");
            sh.awaitPrompts(2);
            assertThat(sh.screen()).contains("X         \nfirst run     \n");
            sh.type(".quit\r");
            assertThat(sh.awaitExit()).isZero();
        }
    }

    @Test
    void tabCompletesDotCommandsAndTableNames() throws Exception {
        ShellTarget target = support.newDatabase();
        assertThat(ShellTestSupport.oneShot(target, "CREATE TABLE inventory_items(id); INSERT INTO inventory_items VALUES (7);")
                .exit()).isZero();
        try (Session sh = new Session(target, tmp.resolve("h"))) {
            sh.awaitPrompts(1);
            sh.type(".tab\t");
            sh.await(s -> s.contains(".tables"), "the completed dot-command");
            sh.type("\r");
            sh.await(s -> s.contains("inventory_items     \n"), "the table list");
            sh.awaitPrompts(2);
            sh.type("SELECT id FROM inven\t");
            sh.await(s -> s.contains("FROM inventory_items"), "the completed table name");
            sh.type(";\r");
            sh.awaitPrompts(3);
            assertThat(sh.screen()).contains("ID \n7      \n");
            sh.type(".exit\r");
            assertThat(sh.awaitExit()).isZero();
        }
    }

    @Test
    void transactionSpansPromptsAndDotReadWorks() throws Exception {
        ShellTarget target = support.newDatabase();
        Path script = tmp.resolve("script.sql");
        Files.writeString(script, "INSERT INTO t VALUES (2);\nINSERT INTO t VALUES (3);\n");
        try (Session sh = new Session(target, null)) {
            sh.awaitPrompts(1);
            sh.type("CREATE TABLE t(x);\r");
            sh.awaitPrompts(2);
            sh.type("BEGIN;\r");
            sh.awaitPrompts(3);
            sh.type("INSERT INTO t VALUES (1);\r");
            sh.awaitPrompts(4);
            sh.type(".read " + script + "\r");
            sh.awaitPrompts(5);
            sh.type("ROLLBACK;\r");
            sh.awaitPrompts(6);
            sh.type("SELECT count(*) AS n FROM t;\r");
            sh.awaitPrompts(7);
            assertThat(sh.screen()).contains("N \n0     \n");
            sh.type(".quit\r");
            assertThat(sh.awaitExit()).isZero();
        }
    }

    @Test
    void ctrlCAbandonsARunningStatement() throws Exception {
        ShellTarget target = support.newDatabase();
        try (Session sh = new Session(target, null)) {
            sh.awaitPrompts(1);
            // a few seconds of work for SQLite
            sh.type("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 15000000)"
                    + " SELECT count(*) FROM n;\r");
            sh.await(s -> s.contains("SELECT count(*) FROM n;\n"), "the statement to be sent");
            Thread.sleep(200);
            long start = System.nanoTime();
            sh.type(CTRL_C);
            sh.awaitPrompts(2);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(sh.errors()).isEqualTo("Error: interrupted\n");
            sh.type("SELECT 'still here' AS s;\r");
            sh.awaitPrompts(3);
            assertThat(sh.screen()).contains("^C").contains("S          \nstill here     \n").doesNotContain("COUNT");
            sh.type(".quit\r");
            assertThat(sh.awaitExit()).isZero();
        }
    }

    @Test
    void unreachableServerFailsBeforeTheBanner() throws Exception {
        ShellTarget target = new ShellTarget(java.net.URI.create("http://127.0.0.1:1/"), java.util.Optional.empty(),
                "nowhere", "libsql://127.0.0.1:1");
        try (Session sh = new Session(target, null)) {
            assertThat(sh.awaitExit()).isEqualTo(1);
            assertThat(sh.screen()).doesNotContain("Welcome");
            assertThat(sh.errors()).isEqualTo("Error: could not reach http://127.0.0.1:1/: connection refused\n");
        }
    }
}

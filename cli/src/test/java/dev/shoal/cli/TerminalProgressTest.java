package dev.shoal.cli;

import static dev.shoal.cli.SchemaFamily.SCHEMA;
import static dev.shoal.cli.SchemaFamily.SLOW_MIGRATION;
import static dev.shoal.cli.ShellFanOutProgressTest.BLANKED;
import static dev.shoal.cli.ShellFanOutProgressTest.DRAWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees of {@code db migrations wait}'s progress bar and {@code db shell}'s fan-out
 * line: the real {@code shoal} process under a pseudo-terminal, and the same commands piped, whose
 * output must carry no carriage return or escape sequence. Both sides go through the CLI's own
 * terminal detection ({@link CliEnv#system()}), so a detection that always or never says
 * "terminal" fails one of them.
 */
class TerminalProgressTest {
    @TempDir
    static Path dir;

    static SchemaFamily family;
    static CliProcess shoal;
    /** The newest job of the family, finished: a quick migration of every child. */
    static String job;

    @BeforeAll
    static void start() {
        family = new SchemaFamily(dir);
        shoal = new CliProcess(Map.copyOf(family.cli.variables));
        SchemaFamily.ok(family.cli.run("db", "shell", SCHEMA, "ALTER TABLE t ADD COLUMN y"));
        job = CliHarness.newestJob(family.cli.run("db", "migrations", "list", SCHEMA));
    }

    @AfterAll
    static void stop() {
        family.close();
    }

    /** The terminal's CR LF line endings as LF; lone carriage returns (redraws) stay. */
    private static String lines(String screen) {
        return screen.replace("\r\n", "\n");
    }

    @Test
    void waitDrawsABarThatIsRedrawnInPlaceUpToTheFinalCountOnATerminal() {
        CliProcess.Result r = shoal.atTerminal("", "db", "migrations", "wait", SCHEMA, job);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(lines(r.out())).matches(Pattern.compile("(\\r[^\\r\\n]*)*\\rrun +100% \\[=+\\] 200/200 databases "
                + "[^\\r\\n]*\\n" + Pattern.quote("Job " + job + " of " + SCHEMA + ": RunSuccess\n")));
    }

    @Test
    void waitPrintsPlainLinesWhenPiped() {
        CliProcess.Result r = shoal.piped("db", "migrations", "wait", SCHEMA, job);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("\r").doesNotContain("\u001b")
                .isEqualTo("job " + job + ": run 200/200 databases\nJob " + job + " of " + SCHEMA + ": RunSuccess\n");
    }

    @Test
    void shellDrawsTheFanOutOnATerminalAndBlanksItBeforeTheResults() {
        CliProcess.Result r = shoal.atTerminal("", "db", "shell", SCHEMA, SLOW_MIGRATION + "; SELECT 'done' AS status");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(lines(r.out())).matches(Pattern.compile(DRAWN + BLANKED + Pattern.quote(done())));
    }

    @Test
    void shellPrintsOnlyTheResultsWhenPiped() {
        CliProcess.Result r = shoal.piped("db", "shell", SCHEMA, SLOW_MIGRATION + "; SELECT 'done' AS status");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(done());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theInteractiveShellDrawsTheFanOutBeforeItsNextPrompt() {
        CliProcess.Result r = shoal.atTerminal(SLOW_MIGRATION + ";\n.quit\n", "db", "shell", SCHEMA);
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).containsPattern(Pattern.compile(DRAWN + BLANKED + "[^\\r]*→  "));
    }

    private static String done() {
        return SchemaFamily.ok(family.cli.run("db", "shell", SchemaFamily.REGULAR, "SELECT 'done' AS status")).out();
    }
}

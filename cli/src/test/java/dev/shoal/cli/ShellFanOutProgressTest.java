package dev.shoal.cli;

import static dev.shoal.cli.SchemaFamily.SCHEMA;
import static dev.shoal.cli.SchemaFamily.SLOW_MIGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code db shell} on a schema database shows a migration's fan-out while the statement runs, on
 * a terminal only, and blanks it before the results; in-process, with the command's streams
 * standing for the terminal ({@link TerminalProgressTest} runs the real process under a pty, and
 * piped).
 */
class ShellFanOutProgressTest {
    /** What the watcher draws, each redraw starting with a carriage return. */
    static final String DRAWN = "(\\rmigrating( \\(dry run\\))? [\\d,]+/200 databases(, [\\d,]+ failed)?… *)+";
    /** The line blanked: back to its start, spaces over it, back again. */
    static final String BLANKED = "\\r +\\r";

    @TempDir
    static Path dir;

    static SchemaFamily family;

    @BeforeAll
    static void start() {
        family = new SchemaFamily(dir);
    }

    @AfterAll
    static void stop() {
        family.close();
    }

    private static String done() {
        return SchemaFamily.ok(family.cli.run("db", "shell", SchemaFamily.REGULAR, "SELECT 'done' AS status")).out();
    }

    @Test
    void oneShotOnATerminalRedrawsTheFanOutInPlaceAndBlanksItBeforeTheResults() {
        CliHarness.Result r = family.cli.atTerminal("", "db", "shell", SCHEMA, SLOW_MIGRATION + "; SELECT 'done' AS status");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).matches(Pattern.compile(DRAWN + BLANKED + Pattern.quote(done())));
    }

    @Test
    void theInteractiveShellOnAUrlDrawsItBeforeTheNextPrompt() {
        CliHarness.Result r = family.cli.atTerminal(SLOW_MIGRATION + ";\r.quit\r", "db", "shell", family.httpUrl(SCHEMA));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern(Pattern.compile(DRAWN + BLANKED + "[^\\r]*→  "));
    }

    @Test
    void aFailedMigrationsErrorFollowsTheBlankedLine() {
        CliHarness.Result r = family.cli.atTerminal("", "db", "shell", SCHEMA, SLOW_MIGRATION + "; INSERT INTO nope VALUES (1)");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).matches(Pattern.compile(DRAWN + BLANKED));
        assertThat(r.err()).isEqualTo("Error: SQLITE_ERROR: no such table: nope\n");
    }

    @Test
    void aSlowWriteToADatabaseThatIsNotASchemaDatabaseShowsNothing() {
        String slow = "INSERT INTO t(x) SELECT count(*) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                + "SELECT i + 1 FROM c WHERE i < 3000000) SELECT i FROM c)";
        for (String db : new String[] {SchemaFamily.REGULAR, family.httpUrl(SchemaFamily.REGULAR)}) {
            CliHarness.Result r = family.cli.atTerminal("", "db", "shell", db, slow + "; SELECT 'done' AS status");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(done());
        }
    }

    /**
     * A read is never watched: here a slow read on the schema database runs while another client's
     * migration (sent after it) fans out, which a watcher would take for the read's own.
     */
    @Test
    void aReadShowsNoProgressEvenWhileAMigrationRuns() throws Exception {
        String slowRead = "SELECT count(*) AS n FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                + "SELECT i + 1 FROM c WHERE i < 5000000) SELECT i FROM c)";
        CompletableFuture<CliHarness.Result> read = CompletableFuture.supplyAsync(() ->
                family.cli.atTerminal("", "db", "shell", SCHEMA, slowRead));
        Thread.sleep(50);
        CliHarness.Result other = family.cli.run("db", "shell", SCHEMA, SLOW_MIGRATION);
        assertThat(other.exit()).as(other.err()).isZero();
        CliHarness.Result r = read.get(60, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("\r").doesNotContain("migrating").contains("5000000");
    }
}

package dev.shoal.cli.shell;

import static dev.shoal.cli.shell.ShellTestSupport.oneShot;
import static dev.shoal.cli.shell.ShellTestSupport.piped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.shell.ShellTestSupport.Run;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One-shot and piped input: statement splitting, transactions, errors and exit codes. */
class ScriptInputTest {
    private static ShellTestSupport support;

    @BeforeAll
    static void setUp() {
        support = ShellTestSupport.start();
    }

    @AfterAll
    static void tearDown() {
        support.close();
    }

    @Test
    void firstErrorStopsOneShotRunsWithExitCodeOne() {
        ShellTarget t = support.newDatabase();
        assertThat(oneShot(t, "CREATE TABLE u(id PRIMARY KEY); INSERT INTO u VALUES (1); SELECT 'before' AS s;"
                + " INSERT INTO u VALUES (1); SELECT 'after' AS s;"))
                .isEqualTo(new Run(1, "S      \nbefore     \n",
                        "Error: SQLITE_CONSTRAINT: UNIQUE constraint failed: u.id\n"));
    }

    @Test
    void firstErrorStopsPipedInput() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, "CREATE TABLE u(id INTEGER PRIMARY KEY);\nINSERT INTO u VALUES (1);\n"
                + "INSERT INTO u VALUES (1);\nINSERT INTO u VALUES (2);\n"))
                .isEqualTo(new Run(1, "", "Error: SQLITE_CONSTRAINT: UNIQUE constraint failed: u.id\n"));
        assertThat(oneShot(t, ".mode csv\nSELECT count(*) AS n FROM u;").out()).isEqualTo("n\n1\n");
    }

    @Test
    void sqlErrorsCarryTheServersCodeAndMessage() {
        ShellTarget t = support.newDatabase();
        assertThat(oneShot(t, "SELEC 1;")).isEqualTo(new Run(1, "", "Error: SQLITE_ERROR: near \"SELEC\": syntax error\n"));
        assertThat(oneShot(t, "SELECT * FROM missing;"))
                .isEqualTo(new Run(1, "", "Error: SQLITE_ERROR: no such table: missing\n"));
        assertThat(oneShot(t, "SELECT 'unterminated")).isEqualTo(new Run(1, "",
                "Error: SQLITE_ERROR: unrecognized token: \"'unterminated\"\n"));
    }

    @Test
    void unreachableServerIsAnError() {
        ShellTarget nowhere = new ShellTarget(URI.create("http://127.0.0.1:1"), Optional.empty(), "x", "libsql://x");
        assertThat(oneShot(nowhere, "SELECT 1;"))
                .isEqualTo(new Run(1, "", "Error: could not reach http://127.0.0.1:1/: connection refused\n"));
    }

    @Test
    void unknownDatabaseIsAnError() {
        Run r = oneShot(support.target("no-such-db"), "SELECT 1;");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Error: NOT_FOUND: ");
    }

    @Test
    void theDefaultDatabaseAnswersAtTheBareServerUrl() {
        ShellTarget bare = new ShellTarget(URI.create(support.server.url()), Optional.empty(), "default", "libsql://x");
        assertThat(oneShot(bare, ".mode csv\nSELECT 6 * 7 AS answer")).isEqualTo(new Run(0, "answer\n42\n", ""));
    }

    @Test
    void lastStatementMayLackItsSemicolon() {
        ShellTarget t = support.newDatabase();
        assertThat(oneShot(t, "SELECT 1 AS a -- comment, no semicolon").out()).isEqualTo("A \n1     \n");
        assertThat(piped(t, "SELECT 1 AS a;\nSELECT 2 AS b").out()).isEqualTo("A \n1     \nB \n2     \n");
    }

    @Test
    void commentsBlankLinesAndCrlfLineEnds() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, "-- a comment\n\n/* a block\n   comment; with a semicolon */\n.mode csv\r\n"
                + "SELECT 1 AS a; -- trailing\r\nSELECT 'x;y' /* ; */ AS b\n;\n")).isEqualTo(new Run(0, "a\n1\nb\nx;y\n", ""));
    }

    @Test
    void triggerBodiesKeepTheirSemicolons() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, """
                CREATE TABLE log(msg TEXT);
                CREATE TABLE items(name TEXT);
                CREATE TRIGGER items_ai AFTER INSERT ON items
                BEGIN
                  INSERT INTO log VALUES ('added ' || new.name);
                  INSERT INTO log VALUES ('second; statement');
                END;
                INSERT INTO items VALUES ('x');
                .mode csv
                SELECT msg FROM log ORDER BY rowid;
                """)).isEqualTo(new Run(0, "msg\nadded x\nsecond; statement\n", ""));
        assertThat(oneShot(t, "CREATE TRIGGER t2 AFTER DELETE ON items BEGIN DELETE FROM log; END; DELETE FROM items;"
                + " SELECT count(*) AS n FROM log;").out()).isEqualTo("N \n0     \n");
    }

    @Test
    void transactionsSpanLines() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, """
                CREATE TABLE t(x);
                BEGIN;
                INSERT INTO t VALUES (1);
                INSERT INTO t VALUES (2);
                ROLLBACK;
                BEGIN;
                INSERT INTO t VALUES (3);
                COMMIT;
                .mode csv
                SELECT x FROM t;
                """)).isEqualTo(new Run(0, "x\n3\n", ""));
    }

    @Test
    void anUnfinishedTransactionIsRolledBackWhenTheShellEnds() {
        ShellTarget t = support.newDatabase();
        assertThat(oneShot(t, "CREATE TABLE t(x);").exit()).isZero();
        assertThat(piped(t, "BEGIN;\nINSERT INTO t VALUES (1);\nSELECT nope;\n"))
                .isEqualTo(new Run(1, "", "Error: SQLITE_ERROR: no such column: nope\n"));
        assertThat(piped(t, "BEGIN;\nINSERT INTO t VALUES (2);\n")).isEqualTo(new Run(0, "", ""));
        assertThat(oneShot(t, ".mode csv\nSELECT count(*) AS n FROM t;").out()).isEqualTo("n\n0\n");
    }

    @Test
    void dotCommandsAreOnlyRecognisedBetweenStatements() {
        ShellTarget t = support.newDatabase();
        // the second line continues the statement begun on the first, so it is SQL, not a command
        assertThat(piped(t, "SELECT 'a\n.mode csv\n' AS s;\nSELECT 1 AS n;\n").out())
                .isEqualTo("S         \na             \n.mode csv     \n              \nN \n1     \n");
    }
}

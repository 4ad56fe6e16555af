package dev.shoal.cli.shell;

import static dev.shoal.cli.shell.ShellTestSupport.oneShot;
import static dev.shoal.cli.shell.ShellTestSupport.piped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.shell.ShellTestSupport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotCommandsTest {
    private static ShellTestSupport support;
    private static ShellTarget db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        support = ShellTestSupport.start();
        db = support.newDatabase();
        assertThat(piped(db, """
                CREATE TABLE b(x);
                CREATE TABLE a(y UNIQUE);
                CREATE VIEW v AS SELECT 1;
                CREATE INDEX ai ON a(y);
                CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT);
                """)).isEqualTo(new Run(0, "", ""));
    }

    @AfterAll
    static void tearDown() {
        support.close();
    }

    @Test
    void tablesListsTablesWithoutHeaderOrInternals() {
        assertThat(oneShot(db, ".tables")).isEqualTo(new Run(0, "a       \nb       \nseq     \n", ""));
        assertThat(oneShot(db, ".tables s%")).isEqualTo(new Run(0, "seq     \n", ""));
    }

    /** The same script gives the same text in one-shot and in piped mode. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyCommandAndModeInOneScript(boolean oneShotMode) throws Exception {
        ShellTarget t = support.newDatabase();
        Path file = tmp.resolve("f.sql");
        Files.writeString(file, "SELECT 'from file' AS f;\n");
        String script = """
                CREATE TABLE k(id INTEGER PRIMARY KEY, name TEXT);
                INSERT INTO k VALUES (1, 'x');
                CREATE INDEX kn ON k(name);
                .tables
                .schema k%
                .indexes k
                .mode
                .mode csv
                SELECT * FROM k;
                .headers off
                SELECT * FROM k;
                .headers on
                .mode json
                SELECT * FROM k;
                .mode line
                SELECT * FROM k;
                .mode table
                SELECT * FROM k;
                .dump k
                .read FILE
                .quit
                SELECT 'not reached';
                """.replace("FILE", file.toString());
        String create = "CREATE TABLE k(id INTEGER PRIMARY KEY, name TEXT);";
        String index = "CREATE INDEX kn ON k(name);";
        Run r = oneShotMode ? oneShot(t, script) : piped(t, script);
        assertThat(r).isEqualTo(new Run(0, ""
                + "k     \n"
                + create + "     \n" + index + " ".repeat(create.length() - index.length() + 5) + "\n"
                + "kn     \n"
                + "No mode provided. Current mode is table. Valid modes are table, json, csv, line\n"
                + "id,name\n1,x\n"
                + "1,x\n"
                + "[{\"id\":1,\"name\":\"x\"}]\n"
                + "   id = 1\n name = x\n"
                + "ID     NAME \n1      x        \n"
                + "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n" + create + "\nINSERT INTO k VALUES(1,'x');\n"
                + index + "\nCOMMIT;\n"
                + "F         \nfrom file     \n", ""));
    }

    @Test
    void litestreamAndLibsqlInternalsAreHidden() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, "CREATE TABLE _litestream_seq(x);\nCREATE TABLE libsql_wasm_func_table(x);\n"
                + "CREATE TABLE xlitestreamy(x);\n").exit()).isZero();
        assertThat(oneShot(t, ".tables").out()).isEqualTo("xlitestreamy     \n");
        assertThat(oneShot(t, ".schema").out()).isEqualTo("CREATE TABLE xlitestreamy(x);     \n");
        assertThat(oneShot(t, ".dump").out()).doesNotContain("_litestream_seq", "libsql_wasm_func_table")
                .contains("CREATE TABLE xlitestreamy(x);\n");
    }

    @Test
    void schemaPrintsCreateStatementsWithoutHeader() {
        int w = "CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT);".length();
        String[] lines = {
            "CREATE TABLE a(y UNIQUE);", "CREATE INDEX ai ON a(y);", "CREATE TABLE b(x);",
            "CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT);", "CREATE VIEW v AS SELECT 1;",
        };
        StringBuilder expected = new StringBuilder();
        for (String l : lines) {
            expected.append(l).append(" ".repeat(w - l.length() + 5)).append('\n');
        }
        assertThat(oneShot(db, ".schema")).isEqualTo(new Run(0, expected.toString(), ""));
        assertThat(oneShot(db, ".schema a%").out())
                .isEqualTo("CREATE TABLE a(y UNIQUE);     \nCREATE INDEX ai ON a(y);      \n");
        assertThat(oneShot(db, ".schema 'no such'").out()).isEmpty();
    }

    @Test
    void indexesListsIndexesOfAllOrOneTable() {
        assertThat(oneShot(db, ".indexes")).isEqualTo(new Run(0, "sqlite_autoindex_a_1     \nai                       \n", ""));
        assertThat(oneShot(db, ".indexes b").out()).isEmpty();
        // .indexes follows the output mode
        assertThat(oneShot(db, ".mode csv\n.indexes a").out()).isEqualTo("sqlite_autoindex_a_1\nai\n");
    }

    @Test
    void modeWithoutArgumentTellsTheCurrentMode() {
        assertThat(oneShot(db, ".mode")).isEqualTo(new Run(0,
                "No mode provided. Current mode is table. Valid modes are table, json, csv, line\n", ""));
        assertThat(oneShot(db, ".mode json\n.mode").out())
                .isEqualTo("No mode provided. Current mode is json. Valid modes are table, json, csv, line\n");
        assertThat(oneShot(db, ".mode xml\nSELECT 1;")).isEqualTo(new Run(1, "",
                "Error: unsupported mode \"xml\". Valid modes are table, json, csv, line\n"));
    }

    @Test
    void headersAndTimer() {
        assertThat(oneShot(db, ".headers off\nSELECT 1 AS a;\n.headers on\nSELECT 2 AS b;").out())
                .isEqualTo("1     \nB \n2     \n");
        assertThat(oneShot(db, ".headers maybe")).isEqualTo(new Run(1, "",
                "Error: unknown command or invalid arguments: \".headers maybe\". Enter \".help\" for help\n"));
        Run timed = oneShot(db, ".timer on\nSELECT 1 AS a;\n.timer off\nSELECT 2 AS b;");
        assertThat(timed.out()).matches("A \n1     \nRun Time: real \\d+\\.\\d{3}\nB \n2     \n");
    }

    @Test
    void help() {
        assertThat(oneShot(db, ".help")).isEqualTo(new Run(0, """

                  .dump       Render database content as SQL: .dump ?TABLE-PATTERN?
                  .exit       Exit this program
                  .headers    Turn display of headers on or off: .headers on|off
                  .help       List of all available commands.
                  .indexes    List indexes in a table or database: .indexes ?TABLE?
                  .mode       Set output mode: .mode table|json|csv|line
                  .quit       Exit this program
                  .read       Execute commands from a file: .read FILENAME
                  .schema     Show table schemas: .schema ?PATTERN?
                  .tables     List all existing tables in the database: .tables ?PATTERN?
                  .timer      Turn SQL timer on or off: .timer on|off
                """, ""));
    }

    @Test
    void unknownCommandsAndBadArgumentsAreErrors() {
        assertThat(oneShot(db, ".open other.db")).isEqualTo(new Run(1, "",
                "Error: unknown command or invalid arguments: \".open other.db\". Enter \".help\" for help\n"));
        assertThat(piped(db, "SELECT 1 AS a;\n.bogus\nSELECT 2 AS b;\n")).isEqualTo(new Run(1, "A \n1     \n",
                "Error: unknown command or invalid arguments: \".bogus\". Enter \".help\" for help\n"));
        assertThat(oneShot(db, ".tables a b").err())
                .isEqualTo("Error: unknown command or invalid arguments: \".tables a b\". Enter \".help\" for help\n");
    }

    @Test
    void quitAndExitStopTheInput() {
        assertThat(piped(db, "SELECT 1 AS a;\n.quit\nSELECT 2 AS b;\n")).isEqualTo(new Run(0, "A \n1     \n", ""));
        assertThat(oneShot(db, ".exit\nSELECT 2 AS b;")).isEqualTo(new Run(0, "", ""));
    }

    @Test
    void readRunsAFile() throws Exception {
        ShellTarget t = support.newDatabase();
        Path inner = tmp.resolve("inner.sql");
        Files.writeString(inner, "INSERT INTO r VALUES (2);\n");
        Path script = tmp.resolve("my script.sql");
        Files.writeString(script, "CREATE TABLE r(n);\nINSERT INTO r VALUES (1);\n.read " + inner + "\n.mode csv\n"
                + "SELECT n FROM r ORDER BY n;\n");
        assertThat(oneShot(t, ".read '" + script + "'\nSELECT count(*) AS c FROM r;"))
                .isEqualTo(new Run(0, "n\n1\n2\nc\n2\n", ""));

        Path failing = tmp.resolve("failing.sql");
        Files.writeString(failing, "INSERT INTO r VALUES (3);\nINSERT INTO nope VALUES (1);\nINSERT INTO r VALUES (4);\n");
        assertThat(oneShot(t, ".read " + failing + "\nSELECT 'not reached';"))
                .isEqualTo(new Run(1, "", "Error: SQLITE_ERROR: no such table: nope\n"));
        assertThat(oneShot(t, ".mode csv\nSELECT group_concat(n) AS ns FROM r;").out()).isEqualTo("ns\n\"1,2,3\"\n");

        assertThat(oneShot(t, ".read " + tmp.resolve("missing.sql"))).isEqualTo(new Run(1, "",
                "Error: cannot open \"" + tmp.resolve("missing.sql") + "\": no such file\n"));
        Path loop = tmp.resolve("loop.sql");
        Files.writeString(loop, ".read " + loop + "\n");
        assertThat(oneShot(t, ".read " + loop).err()).isEqualTo("Error: .read nested more than 16 levels deep\n");
    }
}

package dev.shoal.cli.shell;

import static dev.shoal.cli.shell.ShellTestSupport.oneShot;
import static dev.shoal.cli.shell.ShellTestSupport.piped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.shell.ShellTestSupport.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact output of every mode, in one-shot ({@code shoal db shell db "sql"}) and piped runs. */
class OutputModesTest {
    private static ShellTestSupport support;
    private static ShellTarget people;

    @BeforeAll
    static void setUp() {
        support = ShellTestSupport.start();
        people = support.newDatabase();
        Run r = oneShot(people, """
                CREATE TABLE people(id INTEGER PRIMARY KEY, full_name TEXT, score REAL, avatar BLOB);
                INSERT INTO people VALUES (1, 'Ada Lovelace', 99.5, x'CAFE'), (2, 'Bob', 42.0, NULL), (3, NULL, 0.1, x'');
                """);
        assertThat(r).isEqualTo(new Run(0, "", ""));
    }

    @AfterAll
    static void tearDown() {
        support.close();
    }

    private static final String SELECT = "SELECT * FROM people ORDER BY id;";

    @Test
    void tableModeIsTheDefault() {
        assertThat(oneShot(people, SELECT)).isEqualTo(new Run(0,
                "ID     FULL NAME        SCORE     AVATAR \n"
                        + "1      Ada Lovelace     99.5      0xCAFE     \n"
                        + "2      Bob              42        NULL       \n"
                        + "3      NULL             0.1       0x         \n",
                ""));
    }

    @Test
    void tableModeWithoutHeaders() {
        // without the header the columns are only as wide as their values
        assertThat(oneShot(people, ".headers off\n" + SELECT).out()).isEqualTo(
                "1     Ada Lovelace     99.5     0xCAFE     \n"
                        + "2     Bob              42       NULL       \n"
                        + "3     NULL             0.1      0x         \n");
    }

    @Test
    void csvMode() {
        assertThat(oneShot(people, ".mode csv\n" + SELECT)).isEqualTo(new Run(0,
                "id,full_name,score,avatar\n"
                        + "1,Ada Lovelace,99.5,0xCAFE\n"
                        + "2,Bob,42,NULL\n"
                        + "3,NULL,0.1,0x\n",
                ""));
        assertThat(oneShot(people, ".mode csv\n.headers off\n" + SELECT).out()).isEqualTo(
                "1,Ada Lovelace,99.5,0xCAFE\n2,Bob,42,NULL\n3,NULL,0.1,0x\n");
        assertThat(oneShot(people, ".mode csv\nSELECT 'a,b' AS x, 'say \"hi\"' AS y, ' lead' AS z, 'two\nlines' AS w, '' AS v;")
                .out()).isEqualTo("x,y,z,w,v\n\"a,b\",\"say \"\"hi\"\"\",\" lead\",\"two\nlines\",\n");
    }

    @Test
    void jsonMode() {
        assertThat(oneShot(people, ".mode json\n" + SELECT)).isEqualTo(new Run(0,
                "[{\"id\":1,\"full_name\":\"Ada Lovelace\",\"score\":99.5,\"avatar\":\"0xCAFE\"},"
                        + "{\"id\":2,\"full_name\":\"Bob\",\"score\":42,\"avatar\":null},"
                        + "{\"id\":3,\"full_name\":null,\"score\":0.1,\"avatar\":\"0x\"}]\n",
                ""));
        // one array per statement; none for a statement without rows
        assertThat(oneShot(people, ".mode json\nSELECT 1 AS a; SELECT 'x\"\n' AS b WHERE 0; SELECT 'q\"\\\n' AS c;").out())
                .isEqualTo("[{\"a\":1}]\n[{\"c\":\"q\\\"\\\\\\n\"}]\n");
    }

    @Test
    void lineMode() {
        assertThat(oneShot(people, ".mode line\n" + SELECT)).isEqualTo(new Run(0,
                "       id = 1\nfull_name = Ada Lovelace\n    score = 99.5\n   avatar = 0xCAFE\n"
                        + "\n       id = 2\nfull_name = Bob\n    score = 42\n   avatar = NULL\n"
                        + "\n       id = 3\nfull_name = NULL\n    score = 0.1\n   avatar = 0x\n",
                ""));
        assertThat(oneShot(people, ".mode line\nSELECT 1 AS a, 2 AS bb;").out()).isEqualTo("    a = 1\n   bb = 2\n");
    }

    @Test
    void numbersAndTextRenderExactly() {
        assertThat(oneShot(people, ".mode csv\nSELECT 42.0 AS a, 0.1 AS b, -2.5e-7 AS c, 1e999 AS d, -1e999 AS e, "
                + "123456789.125 AS f, 9223372036854775807 AS g, -9223372036854775808 AS h, 1e300 AS i;").out())
                .isEqualTo("a,b,c,d,e,f,g,h,i\n42,0.1,-0.00000025,+Inf,-Inf,123456789.125,9223372036854775807,"
                        + "-9223372036854775808,1" + "0".repeat(300) + "\n");
        assertThat(oneShot(people, "SELECT '日本' AS w, 'x' AS y, 'tab\there' AS z;").out())
                .isEqualTo("W        Y     Z       \n日本     x     tab\there     \n"); // a tab counts 0 columns
    }

    @Test
    void multiLineCellsSpanLines() {
        assertThat(oneShot(people, "SELECT 'line1\n.notacommand' AS s, 7 AS n;").out())
                .isEqualTo("S                N \n"
                        + "line1            7     \n"
                        + ".notacommand            \n");
    }

    @Test
    void statementsWithoutColumnsPrintNothingAndEmptyResultsPrintTheHeader() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, "CREATE TABLE z(a_b, c);\nINSERT INTO z VALUES (1, 2);\nUPDATE z SET c = 3;\n"))
                .isEqualTo(new Run(0, "", ""));
        assertThat(oneShot(t, "SELECT * FROM z WHERE 0;").out()).isEqualTo("A B     C \n");
        assertThat(oneShot(t, ".mode csv\nSELECT * FROM z WHERE 0;").out()).isEqualTo("a_b,c\n");
        assertThat(oneShot(t, ".mode json\nSELECT * FROM z WHERE 0;").out()).isEmpty();
        assertThat(oneShot(t, ".mode line\nSELECT * FROM z WHERE 0;").out()).isEmpty();
        assertThat(oneShot(t, "INSERT INTO z VALUES (5, 6) RETURNING a_b;").out()).isEqualTo("A B \n5       \n");
    }

    @Test
    void severalStatementsPrintOneResultEach() {
        assertThat(oneShot(people, "SELECT 1 AS one; SELECT 2 AS two").out())
                .isEqualTo("ONE \n1       \nTWO \n2       \n");
        assertThat(piped(people, "SELECT 'a;b' AS s;\n.mode csv\nSELECT 'c' AS s; SELECT 'd' AS t;\n").out())
                .isEqualTo("S   \na;b     \ns\nc\nt\nd\n");
    }
}

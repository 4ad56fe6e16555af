package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import static dev.shoal.cli.shell.ShellTestSupport.oneShot;
import static dev.shoal.cli.shell.ShellTestSupport.piped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.shell.ShellTestSupport.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DumpTest {
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
    void dumpTextIsSqlite3Style() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, """
                CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT, c REAL, d BLOB);
                INSERT INTO t(b, c, d) VALUES ('x', 1.0, X'0102'), (NULL, 0.5, NULL), ('it''s
                two lines', -1e-300, x'');
                DELETE FROM t WHERE a = 2;
                CREATE INDEX tb ON t(b);
                CREATE VIEW tv AS SELECT b FROM t;
                CREATE TRIGGER tt AFTER DELETE ON t BEGIN SELECT 1; END;
                CREATE TABLE "odd ""name"" x"(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
                INSERT INTO "odd ""name"" x" VALUES ('k', 9223372036854775807);
                CREATE TABLE "order"(x);
                INSERT INTO "order" VALUES (-9223372036854775808);
                """).exit()).isZero();
        assertThat(oneShot(t, ".dump")).isEqualTo(new Run(0, """
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT, c REAL, d BLOB);
                INSERT INTO t VALUES(1,'x',1.0,X'0102');
                INSERT INTO t VALUES(3,replace('it''s\\ntwo lines','\\n',char(10)),-1.0E-300,X'');
                CREATE TABLE IF NOT EXISTS "odd ""name"" x"(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
                INSERT INTO "odd ""name"" x" VALUES('k',9223372036854775807);
                CREATE TABLE IF NOT EXISTS "order"(x);
                INSERT INTO "order" VALUES(-9223372036854775808);
                DELETE FROM sqlite_sequence;
                INSERT INTO sqlite_sequence VALUES('t',3);
                CREATE INDEX tb ON t(b);
                CREATE VIEW tv AS SELECT b FROM t;
                CREATE TRIGGER tt AFTER DELETE ON t BEGIN SELECT 1; END;
                COMMIT;
                """, ""));
        // with a pattern: only matching tables and their objects
        assertThat(oneShot(t, ".dump ord%").out()).isEqualTo("""
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE TABLE IF NOT EXISTS "order"(x);
                INSERT INTO "order" VALUES(-9223372036854775808);
                COMMIT;
                """);
    }

    @Test
    void emptyDatabase() {
        assertThat(oneShot(support.newDatabase(), ".dump"))
                .isEqualTo(new Run(0, "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCOMMIT;\n", ""));
    }

    @Test
    void generatedColumnsAreLeftToTheDatabase() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, "CREATE TABLE g(a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL, c AS (a + 1) STORED, d);\n"
                + "INSERT INTO g(a, d) VALUES (1, 'x'), (2, NULL);\n").exit()).isZero();
        String dump = oneShot(t, ".dump").out();
        assertThat(dump).contains("INSERT INTO g(a,d) VALUES(1,'x');\nINSERT INTO g(a,d) VALUES(2,NULL);\n");
        ShellTarget copy = support.newDatabase();
        assertThat(piped(copy, dump)).isEqualTo(new Run(0, "", ""));
        assertThat(oneShot(copy, ".mode csv\nSELECT * FROM g;").out()).isEqualTo("a,b,c,d\n1,2,2,x\n2,4,3,NULL\n");
    }

    @Test
    void virtualTablesAreRecreatedWithoutTheirShadowTables() {
        ShellTarget t = support.newDatabase();
        assertThat(piped(t, "CREATE VIRTUAL TABLE docs USING fts5(title, body);\n"
                + "INSERT INTO docs VALUES ('one', 'the quick brown fox'), ('two', 'lazy dogs sleep');\n").exit()).isZero();
        Run dump = oneShot(t, ".dump");
        assertThat(dump).isEqualTo(new Run(0, """
                PRAGMA foreign_keys=OFF;
                BEGIN TRANSACTION;
                CREATE VIRTUAL TABLE docs USING fts5(title, body);
                INSERT INTO docs VALUES('one','the quick brown fox');
                INSERT INTO docs VALUES('two','lazy dogs sleep');
                COMMIT;
                """, ""));
        ShellTarget copy = support.newDatabase();
        assertThat(piped(copy, dump.out())).isEqualTo(new Run(0, "", ""));
        assertThat(oneShot(copy, ".mode csv\nSELECT title FROM docs WHERE docs MATCH 'fox';").out()).isEqualTo("title\none\n");
        assertThat(oneShot(copy, ".dump")).isEqualTo(dump);
    }

    /**
     * Every SQLite type, an index, a view and a trigger: dump, load the dump into a new database
     * through piped mode, dump again: the same text, and the same values bit for bit.
     */
    @Test
    void dumpLoadDumpRoundTrip() throws Exception {
        ShellTarget src = support.newDatabase();
        Run setup = piped(src, """
                CREATE TABLE "all types"(id INTEGER PRIMARY KEY AUTOINCREMENT, i INTEGER, f REAL, t TEXT, b BLOB, n);
                INSERT INTO "all types"(i, f, t, b, n) VALUES
                  (NULL, NULL, NULL, NULL, NULL),
                  (0, 0.0, '', x'', 1),
                  (9223372036854775807, 0.1, 'it''s a "quote"', x'00ff10', 2.5),
                  (-9223372036854775808, 1e300, 'line one
                line two' || char(13) || char(10) || 'crlf', x'DEADBEEF', 'text in untyped column'),
                  (42, -1e-300, '日本語 ✓ 😀 naïve', randomblob(0), x'01'),
                  (-1, 1.7976931348623157e308, 'back\\nslash \\012 (0) literal markers' || char(10), zeroblob(3), -7),
                  (1, 4.9e-324, char(9) || 'tab and ' || char(1) || ' control', x'0a0d27', 1e999),
                  (2, 123456789012345678.0, '.starts with a dot', NULL, -1e999),
                  (3, -0.5, 'BEGIN; END; -- not sql', NULL, 0.30000000000000004);
                CREATE TABLE plain(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
                INSERT INTO plain VALUES ('k1', 1), ('k2', NULL);
                CREATE INDEX idx_i ON "all types"(i);
                CREATE UNIQUE INDEX idx_plain_v ON plain(v);
                CREATE VIEW v_types AS SELECT id, t FROM "all types" WHERE t IS NOT NULL;
                CREATE TRIGGER trg AFTER INSERT ON plain
                BEGIN
                  INSERT INTO "all types"(t) VALUES ('from trigger: ' || new.k);
                END;
                INSERT INTO plain VALUES ('k3', 3);
                """);
        assertThat(setup).isEqualTo(new Run(0, "", ""));
        // many random doubles must survive the text form exactly
        Random random = new Random(20260601);
        List<Value> inserted = new ArrayList<>();
        try (HranaHttp db = new HranaHttp(src.url(), Optional.empty())) {
            db.execute("CREATE TABLE floats(x REAL)");
            for (int i = 0; i < 200; i++) {
                double d = switch (i % 4) {
                    case 0 -> Double.longBitsToDouble(random.nextLong());
                    case 1 -> random.nextDouble();
                    case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                    default -> Double.longBitsToDouble(random.nextLong() & 0x000F_FFFF_FFFF_FFFFL); // subnormal
                };
                if (Double.isNaN(d)) {
                    continue;
                }
                Value v = new Value.Real(d);
                db.execute("INSERT INTO floats VALUES (?)", List.of(v));
                inserted.add(v);
            }
        }
        assertThat(inserted).hasSizeGreaterThan(190);

        Run dump1 = oneShot(src, ".dump");
        assertThat(dump1.exit()).isZero();
        assertThat(dump1.err()).isEmpty();
        assertThat(dump1.out())
                .startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"
                        + "CREATE TABLE IF NOT EXISTS \"all types\"(id INTEGER PRIMARY KEY AUTOINCREMENT, i INTEGER, f REAL, t TEXT, b BLOB, n);\n"
                        + "INSERT INTO \"all types\" VALUES(1,NULL,NULL,NULL,NULL,NULL);\n"
                        + "INSERT INTO \"all types\" VALUES(2,0,0.0,'',X'',1);\n"
                        + "INSERT INTO \"all types\" VALUES(3,9223372036854775807,0.1,'it''s a \"quote\"',X'00ff10',2.5);\n"
                        + "INSERT INTO \"all types\" VALUES(4,-9223372036854775808,1.0E300,replace(replace('line one\\nline two\\r\\ncrlf','\\r',char(13)),'\\n',char(10)),X'deadbeef','text in untyped column');\n")
                .contains("INSERT INTO \"all types\" VALUES(6,-1,1.7976931348623157E308,replace('back\\nslash \\012 (0) literal markers(1)','(1)',char(10)),X'000000',-7);\n")
                .contains("INSERT INTO \"all types\" VALUES(8,2,123456789012345680.0,'.starts with a dot',NULL,-9.0e+999);\n")
                .contains("INSERT INTO \"all types\" VALUES(10,NULL,NULL,'from trigger: k3',NULL,NULL);\n")
                .contains("DELETE FROM sqlite_sequence;\nINSERT INTO sqlite_sequence VALUES('all types',10);\n")
                .endsWith("CREATE INDEX idx_i ON \"all types\"(i);\n"
                        + "CREATE UNIQUE INDEX idx_plain_v ON plain(v);\n"
                        + "CREATE VIEW v_types AS SELECT id, t FROM \"all types\" WHERE t IS NOT NULL;\n"
                        + "CREATE TRIGGER trg AFTER INSERT ON plain\nBEGIN\n"
                        + "  INSERT INTO \"all types\"(t) VALUES ('from trigger: ' || new.k);\nEND;\n"
                        + "COMMIT;\n");

        ShellTarget dst = support.newDatabase();
        assertThat(piped(dst, dump1.out())).isEqualTo(new Run(0, "", ""));
        Run dump2 = oneShot(dst, ".dump");
        assertThat(dump2).isEqualTo(dump1);

        try (HranaHttp a = new HranaHttp(src.url(), Optional.empty());
                HranaHttp b = new HranaHttp(dst.url(), Optional.empty())) {
            for (String q : List.of("SELECT *, typeof(f), typeof(n) FROM \"all types\" ORDER BY id",
                    "SELECT * FROM plain ORDER BY k", "SELECT * FROM floats ORDER BY rowid", "SELECT * FROM sqlite_sequence",
                    "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name")) {
                assertThat(b.execute(q)).as(q).isEqualTo(a.execute(q));
            }
            List<Value> loaded = new ArrayList<>();
            for (List<Value> row : b.execute("SELECT x FROM floats ORDER BY rowid").rows()) {
                loaded.add(row.get(0));
            }
            assertThat(loaded).isEqualTo(inserted);
            // the trigger came back, and works
            b.execute("INSERT INTO plain VALUES ('k4', 4)");
            assertThat(b.execute("SELECT t FROM \"all types\" ORDER BY id DESC LIMIT 1").rows())
                    .containsExactly(List.of(new Value.Text("from trigger: k4")));
        }
    }
}

package dev.shoal.core.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link SqlLexer} against the real SQLite (through sqlite-jdbc, in memory): every
 * statement it splits off prepares, has the parameter count SQLite reports, and running the
 * statements one by one leaves the database exactly as {@code sqlite3_exec} of the whole script.
 */
class SqlLexerSqliteConformanceTest {

    private static final String SCHEMA = """
            CREATE TABLE t(id INTEGER PRIMARY KEY, a, b);
            CREATE TABLE log(msg);
            """;

    private static Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement st = c.createStatement()) {
            st.executeUpdate(SCHEMA); // sqlite-jdbc runs executeUpdate through sqlite3_exec
        }
        return c;
    }

    /** Scripts with their expected number of statements. */
    static Stream<Arguments> trickyScripts() {
        return Stream.of(
                Arguments.of("SELECT * FROM t WHERE id = ?", 1),
                Arguments.of("SELECT ?2, ?, ?3", 1),
                Arguments.of("SELECT ?3, ?1", 1),
                Arguments.of("SELECT :b, :a, ?1", 1),
                Arguments.of("SELECT ?, ?1, ?", 1),
                Arguments.of("SELECT ?01, ?1, ?001, ?", 1),
                Arguments.of("SELECT ?5, :x, ?2, :x, @x, $x, #x, :X", 1),
                Arguments.of("SELECT ?40000", 1),
                Arguments.of("SELECT ?250000", 1),
                Arguments.of("SELECT $a::b(c), $x::y, $::z, :p(q), @r(s;t), #u(v)", 1),
                Arguments.of("SELECT :a$b_1, :1, :é名, @x||1 FROM t", 1),
                Arguments.of("SELECT ?2a, ?1", 1),
                Arguments.of("SELECT 'a;?' || \"a\" FROM t WHERE a = ? -- ?;\n AND b = /* :x; */ :y", 1),
                Arguments.of("SELECT [a;?], `b;?` FROM (SELECT 1 AS [a;?], 2 AS `b;?`)", 1),
                Arguments.of("SELECT x'3B3F', X'', 'it''s; ?', \"id\" FROM t", 1),
                Arguments.of("SELECT 1.5e3, .5, 1e-2, 0x1F, 1_000 WHERE ? OR :z", 1),
                Arguments.of("SELECT 4 - -1 / 2 -- ; ?\n ; SELECT 2 /* ; ? */", 2),
                Arguments.of("INSERT INTO t(a, b) VALUES (x'3B3F', ?); UPDATE t SET a = :a WHERE b = :a; "
                        + "DELETE FROM t WHERE id = ?2 OR id = ?", 3),
                Arguments.of("REPLACE INTO t(id, a) VALUES (?, ?) RETURNING *", 1),
                Arguments.of("INSERT INTO t(id, a) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET a = excluded.a "
                        + "WHERE ?2 IS NOT NULL", 1),
                Arguments.of("VALUES (?, ?), (?3, :n)", 1),
                Arguments.of("CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('x;y'); "
                        + "UPDATE log SET msg = CASE WHEN msg = 'a' THEN 'b' ELSE msg END; END; "
                        + "INSERT INTO t(a) VALUES (?)", 2),
                Arguments.of("CREATE TEMP TRIGGER tr2 BEFORE DELETE ON t BEGIN "
                        + "SELECT CASE WHEN old.a IS NULL THEN RAISE(IGNORE) END; "
                        + "DELETE FROM log WHERE msg = 'END'; END", 1),
                Arguments.of("create temporary trigger tr3 after update on t begin select 1; /* ; */ -- end;\n"
                        + " end /* x */ ; select ?", 2),
                Arguments.of("EXPLAIN CREATE TRIGGER tr4 AFTER UPDATE ON t BEGIN DELETE FROM log; END; "
                        + "EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = ?", 2),
                Arguments.of("EXPLAIN SELECT @create trigger; SELECT 1", 2),
                Arguments.of("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ?) "
                        + "INSERT INTO log SELECT n FROM c", 1),
                Arguments.of("WITH x AS MATERIALIZED (SELECT ?), y AS NOT MATERIALIZED (SELECT :z) "
                        + "SELECT * FROM x, y", 1),
                Arguments.of("WITH x(a) AS (SELECT ')') DELETE FROM t WHERE a IN (SELECT a FROM x) AND b = ?", 1),
                Arguments.of("BEGIN IMMEDIATE; SAVEPOINT sp; INSERT INTO t(a) VALUES (?); "
                        + "ROLLBACK TO SAVEPOINT sp; RELEASE sp; COMMIT", 6),
                Arguments.of("BEGIN TRANSACTION READONLY; ROLLBACK TRANSACTION; BEGIN EXCLUSIVE; END TRANSACTION", 4),
                Arguments.of("BEGIN; SAVEPOINT s1; ROLLBACK TRANSACTION TO SAVEPOINT s1; ROLLBACK", 4),
                Arguments.of("ATTACH ':memory:' AS aux; CREATE TABLE aux.u(x); DETACH DATABASE aux", 3),
                Arguments.of("PRAGMA user_version = 7; ANALYZE; REINDEX; VACUUM", 4),
                Arguments.of("CREATE TABLE \"we;ird\"([a;b], `c;d`); ALTER TABLE \"we;ird\" ADD COLUMN e; "
                        + "CREATE INDEX i ON \"we;ird\"([a;b]); DROP TABLE \"we;ird\"", 4),
                Arguments.of("/* only */ -- comments\n;;; SELECT 2 /* tail */ ;  ;", 1),
                Arguments.of("SELECT 1 -- trailing; comment", 1),
                Arguments.of("SELECT 1 /* unterminated; comment", 1),
                Arguments.of("SELECT 'héllo; wörld' AS 名前, '😀;' WHERE :é IS NULL", 1),
                Arguments.of("SELECT ?, 'NUL ends the text';\0 SELECT ?, ?", 1));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("trickyScripts")
    void everySplitStatementPreparesWithSqlitesParameterCount(String script, int expectedStatements)
            throws SQLException {
        List<SqlStatement> statements = SqlLexer.split(script);
        assertThat(statements).hasSize(expectedStatements);
        try (Connection c = open()) {
            for (SqlStatement st : statements) {
                try (PreparedStatement ps = c.prepareStatement(st.sql())) {
                    assertThat(ps.getParameterMetaData().getParameterCount())
                            .as("sqlite3_bind_parameter_count of %s", st.sql())
                            .isEqualTo(st.parameterCount());
                    for (int i = 1; i <= st.parameterCount(); i++) {
                        ps.setObject(i, null);
                    }
                    ps.execute(); // later statements may depend on this one (schema, transaction)
                }
            }
        }
    }

    @Test
    void scriptsSqliteCannotPrepareStillSplitSensibly() throws SQLException {
        // unterminated string / identifier: one statement to the end, which SQLite rejects
        for (String script : List.of("SELECT 'abc; SELECT 2", "SELECT \"abc; SELECT 2", "SELECT [abc; SELECT 2",
                "SELECT 1 /*")) {
            List<SqlStatement> statements = SqlLexer.split(script);
            assertThat(statements).extracting(SqlStatement::sql).containsExactly(script);
            try (Connection c = open()) {
                assertThatCode(() -> c.prepareStatement(script).close()).isInstanceOf(SQLException.class);
            }
        }
    }

    /** Multi-statement scripts: run whole through sqlite3_exec, and statement by statement. */
    static Stream<String> scripts() {
        return Stream.of(
                """
                INSERT INTO t(a, b) VALUES ('x;y', 1);  -- ; comment
                INSERT INTO t(a, b) VALUES ('it''s; -- not a comment', 2) /* ; */ ;
                CREATE TRIGGER tr AFTER INSERT ON t BEGIN
                  INSERT INTO log VALUES ('ins;' || new.a);
                  UPDATE log SET msg = CASE WHEN msg LIKE '%;%' THEN msg || '!' ELSE msg END;
                END;
                INSERT INTO [t](a, b) VALUES ('[;]', 3);
                INSERT INTO `t`(a, b) VALUES ('`;`', 4)
                """,
                """
                CREATE TEMP TRIGGER d BEFORE DELETE ON t BEGIN INSERT INTO log VALUES ('del ' || old.b); END;
                INSERT INTO t(a, b) VALUES ('end', 1), ('END;', 2);
                DELETE FROM t WHERE b = 1;
                WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3)
                  INSERT INTO log SELECT 'n;' || n FROM c;
                WITH x AS (SELECT ')' AS "(") UPDATE t SET a = (SELECT "(" FROM x);
                SAVEPOINT sp; INSERT INTO log VALUES ('gone'); ROLLBACK TO sp; RELEASE sp;
                """,
                """
                BEGIN; INSERT INTO log VALUES ('a'); COMMIT;
                BEGIN IMMEDIATE; INSERT INTO log VALUES ('b'); ROLLBACK;
                CREATE TABLE "we;ird"(x); INSERT INTO "we;ird" VALUES (';'), ('--'), ('/*');
                CREATE VIEW v AS SELECT x || ';' AS y FROM "we;ird";
                INSERT INTO log SELECT y FROM v
                """,
                "INSERT INTO log VALUES ('before NUL;');\0 INSERT INTO log VALUES ('after NUL')");
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void runningTheSplitStatementsMatchesSqliteExec(String script) throws SQLException {
        assertThat(runSplit(script)).isEqualTo(runWhole(script));
    }

    /**
     * Scripts assembled at random (fixed seed) from fragments full of semicolons in strings,
     * identifiers, comments and trigger bodies, joined by assorted separators.
     */
    @Test
    void randomScriptsMatchSqliteExec() throws SQLException {
        String[] fragments = {
                "INSERT INTO t(a, b) VALUES ('x;y', 1)",
                "INSERT INTO t(a, b) VALUES ('it''s; -- no comment', 2)",
                "INSERT INTO [t](a, b) VALUES ('[;]', 3)",
                "INSERT INTO `t`(a, b) VALUES ('`;` /*', 4)",
                "INSERT INTO \"t\" /* ; */ (a, b) VALUES (x'3B', -- ;\n 5)",
                "UPDATE t SET b = b + 1 WHERE a = 'x;y'",
                "DELETE FROM t WHERE b = 3",
                "CREATE TRIGGER IF NOT EXISTS ti AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('ins;' || new.a); "
                        + "UPDATE log SET msg = CASE WHEN msg LIKE '%;%' THEN msg || '!' ELSE msg END "
                        + "WHERE msg = 'ins;' || new.a; END",
                "CREATE TEMP TRIGGER IF NOT EXISTS td BEFORE DELETE ON t BEGIN "
                        + "INSERT INTO log VALUES ('del; ' || old.b); /* ; END; */ SELECT 1; END",
                "DROP TRIGGER IF EXISTS ti",
                "INSERT INTO log SELECT 'end;' WHERE 1 = CASE 1 WHEN 1 THEN 1 END",
                "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) "
                        + "INSERT INTO log SELECT 'n;' || n FROM c",
                "SELECT count(*), ';' FROM t",
                "SAVEPOINT sp; INSERT INTO log VALUES ('sp'); ROLLBACK TO sp; RELEASE sp",
                "CREATE TABLE IF NOT EXISTS \"we;ird\"([x;]); INSERT INTO \"we;ird\" VALUES (';')",
                "BEGIN; INSERT INTO log VALUES ('tx;'); END",
        };
        String[] separators = {";", " ;\n", ";-- comment ; with semicolon\n", "; /* ; */ ", ";;", "\n;\n",
                "/* x */;", ";\t-- END;\n"};
        Random random = new Random(20240601L);
        for (int round = 0; round < 60; round++) {
            StringBuilder sb = new StringBuilder(random.nextBoolean() ? "" : "-- leading ;\n");
            int count = 2 + random.nextInt(7);
            for (int k = 0; k < count; k++) {
                sb.append(fragments[random.nextInt(fragments.length)]);
                if (k < count - 1 || random.nextBoolean()) {
                    sb.append(separators[random.nextInt(separators.length)]);
                }
            }
            String script = sb.toString();
            assertThat(runSplit(script)).as("script:\n%s", script).isEqualTo(runWhole(script));
        }
    }

    private static String runWhole(String script) throws SQLException {
        try (Connection c = open(); Statement st = c.createStatement()) {
            st.executeUpdate(script);
            return dump(c);
        }
    }

    private static String runSplit(String script) throws SQLException {
        try (Connection c = open()) {
            for (SqlStatement st : SqlLexer.split(script)) {
                // prepareStatement compiles only the first statement of its text: if the lexer
                // merged two statements, the second would be lost and the dumps would differ
                try (PreparedStatement ps = c.prepareStatement(st.sql())) {
                    assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(st.parameterCount());
                    ps.execute();
                }
            }
            return dump(c);
        }
    }

    /** Schema and every row of every table, main and temp. */
    private static String dump(Connection c) throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (String schema : List.of("main", "temp")) {
            List<String> tables = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT type, name, sql FROM " + schema
                            + ".sqlite_schema ORDER BY type, name")) {
                while (rs.next()) {
                    sb.append(schema).append(' ').append(rs.getString(1)).append(' ').append(rs.getString(2))
                            .append(": ").append(rs.getString(3)).append('\n');
                    if (rs.getString(1).equals("table")) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            for (String table : tables) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT * FROM " + schema + ".\""
                                + table.replace("\"", "\"\"") + "\" ORDER BY rowid")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        sb.append(table).append(':');
                        for (int i = 1; i <= columns; i++) {
                            sb.append(' ').append(rs.getString(i));
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }
}

package dev.shoal.server;

import static dev.shoal.server.Checks.assertStmtError;
import static dev.shoal.server.Rows.row;
import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.execute;
import static dev.shoal.testkit.Hrana.integer;
import static dev.shoal.testkit.Hrana.named;
import static dev.shoal.testkit.Hrana.namedStmt;
import static dev.shoal.testkit.Hrana.real;
import static dev.shoal.testkit.Hrana.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.PipelineResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hrana statements: parameter binding, one statement per execute, statement errors. */
class HranaStatementsTest {
    @TempDir
    static Path dataDir;

    static TestServer server;
    static HranaClient hrana;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        hrana = server.hrana;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- parameters ----

    @Test
    void positionalParametersBindInOrder() {
        assertThat(hrana.query("SELECT ?, ?, ?", integer(1), text("two"), real(3.5)))
                .containsExactly(row(1L, "two", 3.5));
    }

    @Test
    void numberedParametersMayLeaveHoles() {
        assertThat(hrana.query("SELECT ?3, ?1", text("a"), text("b"), text("c"))).containsExactly(row("c", "a"));
    }

    @Test
    void bareQuestionMarkTakesTheIndexAfterTheHighestSoFar() {
        // ?2 is index 2, the bare ? becomes index 3, ?3 is index 3 again.
        assertThat(hrana.query("SELECT ?2, ?, ?3", text("a"), text("b"), text("c"))).containsExactly(row("b", "c", "c"));
    }

    @Test
    void namedParametersBindWithTheirPrefix() {
        PipelineResult r = hrana.v2(null, execute(namedStmt("SELECT :a, @b, $c",
                named(":a", integer(1)), named("@b", integer(2)), named("$c", integer(3)))), close()).requireOk();
        assertThat(Hrana.rows(r.stmtResult(0))).containsExactly(row(1L, 2L, 3L));
    }

    @Test
    void namedParametersBindWithoutTheirPrefix() {
        PipelineResult r = hrana.v2(null, execute(namedStmt("SELECT :a, @b, $c",
                named("a", integer(1)), named("b", integer(2)), named("c", integer(3)))), close()).requireOk();
        assertThat(Hrana.rows(r.stmtResult(0))).containsExactly(row(1L, 2L, 3L));
    }

    @Test
    void reusedNameBindsEveryOccurrence() {
        PipelineResult r = hrana.v2(null, execute(namedStmt("SELECT :x, :x + 1, @y || :x",
                named("x", integer(10)), named("y", text("n")))), close()).requireOk();
        assertThat(Hrana.rows(r.stmtResult(0))).containsExactly(row(10L, 11L, "n10"));
    }

    @Test
    void numberedParameterCanPointAtANamedOne() {
        PipelineResult r = hrana.v2(null, execute(namedStmt("SELECT :b, :a, ?1",
                named("b", text("bee")), named("a", text("ay")))), close()).requireOk();
        assertThat(Hrana.rows(r.stmtResult(0))).containsExactly(row("bee", "ay", "bee"));
    }

    @Test
    void tooManyPositionalArgsIsArgsInvalidAtHttp200() {
        PipelineResult r = hrana.v2(null, execute("SELECT ?", integer(1), integer(2)), close());
        assertThat(r.status()).isEqualTo(200);
        assertStmtError(r.error(0), "ARGS_INVALID");
        assertThat(r.okResponse(1).get("type").asText()).isEqualTo("close");
    }

    @Test
    void missingPositionalArgIsArgsInvalid() {
        PipelineResult r = hrana.v2(null, execute("SELECT ?, ?", integer(1)), close()).requireOk();
        assertStmtError(r.error(0), "ARGS_INVALID");
    }

    @Test
    void missingNamedArgIsArgsInvalid() {
        PipelineResult r = hrana.v2(null, execute(namedStmt("SELECT :a, :b", named("a", integer(1)))), close()).requireOk();
        assertStmtError(r.error(0), "ARGS_INVALID");
    }

    @Test
    void namedArgMatchingNoParameterIsArgsInvalid() {
        PipelineResult r = hrana.v2(null, execute(namedStmt("SELECT :a",
                named("a", integer(1)), named("zzz", integer(2)))), close()).requireOk();
        assertStmtError(r.error(0), "ARGS_INVALID");
    }

    @Test
    void argsForAStatementWithoutParametersIsArgsInvalid() {
        PipelineResult r = hrana.v2(null, execute("SELECT 1", integer(1)), close()).requireOk();
        assertStmtError(r.error(0), "ARGS_INVALID");
    }

    // ---- statement count in execute ----

    @Test
    void executeWithTwoStatementsIsSqlManyStatements() {
        PipelineResult r = hrana.v2(null, execute("SELECT 1; SELECT 2"), close()).requireOk();
        assertStmtError(r.error(0), "SQL_MANY_STATEMENTS");
    }

    @Test
    void executeWithASecondStatementAfterACommentIsSqlManyStatements() {
        PipelineResult r = hrana.v2(null, execute("SELECT 1; -- comment\n SELECT 2"), close()).requireOk();
        assertStmtError(r.error(0), "SQL_MANY_STATEMENTS");
    }

    @Test
    void executeWithNoStatementIsSqlNoStatement() {
        for (String sql : new String[] {"", "   ", ";", "-- only a comment", "/* block */ ;"}) {
            PipelineResult r = hrana.v2(null, execute(sql), close()).requireOk();
            assertStmtError(r.error(0), "SQL_NO_STATEMENT");
        }
    }

    @Test
    void trailingSemicolonAndWhitespaceAreFine() {
        assertThat(hrana.queryValue("SELECT 'a;b';  \n -- done\n")).isEqualTo("a;b");
    }

    // ---- statement errors ----

    @Test
    void sqlErrorIsReportedInTheResultAtHttp200AndLaterRequestsStillRun() {
        PipelineResult r = hrana.v2(null, execute("SELECT * FROM no_such_table"), execute("SELECT 7"), close());
        assertThat(r.status()).isEqualTo(200);
        assertStmtError(r.error(0), "SQLITE_ERROR");
        assertThat(Hrana.single(r.stmtResult(1))).isEqualTo(7L);
    }

    @Test
    void syntaxErrorIsAStatementError() {
        PipelineResult r = hrana.v2(null, execute("SELEKT 1"), close()).requireOk();
        assertThat(r.error(0).get("code").asText()).isNotBlank();
        assertThat(r.error(0).get("message").asText()).isNotBlank();
    }

    @Test
    void constraintViolationsHaveThePrimaryCodeSqliteConstraint() {
        HranaClient.Stream s = hrana.stream();
        s.execute("CREATE TABLE cons(id INTEGER PRIMARY KEY, u TEXT UNIQUE, nn TEXT NOT NULL, c INT CHECK (c > 0))");
        s.execute("INSERT INTO cons VALUES (1, 'u', 'x', 1)");
        assertStmtError(s.executeError("INSERT INTO cons VALUES (1, 'v', 'x', 1)"), "SQLITE_CONSTRAINT");
        assertStmtError(s.executeError("INSERT INTO cons VALUES (2, 'u', 'x', 1)"), "SQLITE_CONSTRAINT");
        assertStmtError(s.executeError("INSERT INTO cons VALUES (3, 'w', NULL, 1)"), "SQLITE_CONSTRAINT");
        assertStmtError(s.executeError("INSERT INTO cons VALUES (4, 'z', 'x', 0)"), "SQLITE_CONSTRAINT");
        assertThat(s.queryValue("SELECT count(*) FROM cons")).isEqualTo(1L);
        s.close();
    }

    @Test
    void vacuumSucceedsAfterInsertsOnTheSameStream() {
        HranaClient.Stream s = hrana.stream();
        s.execute("CREATE TABLE vac(x)");
        s.execute("INSERT INTO vac VALUES (1)");
        PipelineResult first = s.send(execute("VACUUM"));
        first.stmtResult(0);
        PipelineResult second = s.send(execute("VACUUM"));
        second.stmtResult(0);
        assertThat(s.queryValue("SELECT count(*) FROM vac")).isEqualTo(1L);
        s.close();
    }
}

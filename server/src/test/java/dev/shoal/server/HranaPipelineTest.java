package dev.shoal.server;

import static dev.shoal.server.Checks.assertStmtError;
import static dev.shoal.server.Rows.row;
import static dev.shoal.testkit.Hrana.and;
import static dev.shoal.testkit.Hrana.batch;
import static dev.shoal.testkit.Hrana.batchRequest;
import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.closeSql;
import static dev.shoal.testkit.Hrana.describe;
import static dev.shoal.testkit.Hrana.error;
import static dev.shoal.testkit.Hrana.execute;
import static dev.shoal.testkit.Hrana.getAutocommit;
import static dev.shoal.testkit.Hrana.integer;
import static dev.shoal.testkit.Hrana.isAutocommit;
import static dev.shoal.testkit.Hrana.not;
import static dev.shoal.testkit.Hrana.ok;
import static dev.shoal.testkit.Hrana.or;
import static dev.shoal.testkit.Hrana.sequence;
import static dev.shoal.testkit.Hrana.step;
import static dev.shoal.testkit.Hrana.stmt;
import static dev.shoal.testkit.Hrana.stmtById;
import static dev.shoal.testkit.Hrana.storeSql;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.PipelineResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hrana pipeline requests: pipeline shape, stored SQL, batches and their conditions, sequences,
 * describe, get_autocommit.
 */
class HranaPipelineTest {
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

    // ---- pipeline shape ----

    @Test
    void resultsCountEqualsRequestsCountAndTypesMatch() {
        PipelineResult r = hrana.pipeline(3, null,
                storeSql(1, "SELECT ?"),
                execute(stmtById(1, integer(5))),
                execute("SELECT * FROM nope"),
                batchRequest(batch(step(stmt("SELECT 1")))),
                sequence("SELECT 1; SELECT 2"),
                describe("SELECT 1"),
                getAutocommit(),
                closeSql(1),
                closeSql(999),
                close()).requireOk();
        assertThat(r.results()).hasSize(10);
        String[] types = {"store_sql", "execute", null, "batch", "sequence", "describe", "get_autocommit", "close_sql",
                "close_sql", "close"};
        for (int i = 0; i < types.length; i++) {
            if (types[i] == null) {
                r.error(i);
            } else {
                assertThat(r.okResponse(i).get("type").asText()).as("result %d", i).isEqualTo(types[i]);
            }
        }
        assertThat(Hrana.single(r.stmtResult(1))).isEqualTo(5L);
        assertThat(r.baton()).isNull();
    }

    @Test
    void emptyPipelineReturnsNoResultsAndABaton() {
        PipelineResult r = hrana.v2(null).requireOk();
        assertThat(r.results()).isEmpty();
        assertThat(r.baton()).isNotNull();
        hrana.v2(r.baton(), close()).requireOk();
    }

    @Test
    void pipelineWithoutBatonFieldStartsANewStream() {
        PipelineResult r = hrana.pipelineRaw(2, "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 3\"}}]}")
                .requireOk();
        assertThat(Hrana.single(r.stmtResult(0))).isEqualTo(3L);
        assertThat(r.baton()).isNotNull();
    }

    @Test
    void v2AndV3PipelinesBothExecute() {
        assertThat(Hrana.single(hrana.v2(null, execute("SELECT 1"), close()).stmtResult(0))).isEqualTo(1L);
        assertThat(Hrana.single(hrana.v3(null, execute("SELECT 1"), close()).stmtResult(0))).isEqualTo(1L);
    }

    // ---- stored SQL ----

    @Test
    void storedSqlIsUsableAcrossRequestsOnTheStreamUntilClosed() {
        HranaClient.Stream s = hrana.stream();
        s.send(storeSql(3, "SELECT ? * 2"));
        PipelineResult r = s.send(execute(stmtById(3, integer(21))),
                batchRequest(batch(step(stmtById(3, integer(5))))),
                Hrana.describeById(3));
        assertThat(Hrana.single(r.stmtResult(0))).isEqualTo(42L);
        assertThat(Hrana.single(r.okResponse(1).at("/result/step_results/0"))).isEqualTo(10L);
        assertThat(r.okResponse(2).at("/result/params")).hasSize(1);
        s.send(closeSql(3));
        PipelineResult after = s.sendRaw(execute(stmtById(3, integer(1))));
        Checks.assertHranaError(after, 400, "PROTOCOL_ERROR");
    }

    @Test
    void storedSqlIsScopedToItsStream() {
        HranaClient.Stream a = hrana.stream();
        a.send(storeSql(1, "SELECT 'a'"));
        HranaClient.Stream b = hrana.stream();
        b.send(storeSql(1, "SELECT 'b'"));
        assertThat(Hrana.single(a.send(execute(stmtById(1))).stmtResult(0))).isEqualTo("a");
        assertThat(Hrana.single(b.send(execute(stmtById(1))).stmtResult(0))).isEqualTo("b");
        a.close();
        b.close();
    }

    @Test
    void storedSqlIdCanBeReusedAfterCloseSql() {
        PipelineResult r = hrana.v2(null, storeSql(1, "SELECT 1"), closeSql(1), storeSql(1, "SELECT 2"),
                execute(stmtById(1)), close()).requireOk();
        assertThat(Hrana.single(r.stmtResult(3))).isEqualTo(2L);
    }

    @Test
    void sequenceBySqlIdRuns() {
        HranaClient.Stream s = hrana.stream();
        s.send(storeSql(9, "CREATE TABLE seq_by_id(x); INSERT INTO seq_by_id VALUES (1);"));
        s.send(Hrana.sequenceById(9));
        assertThat(s.queryValue("SELECT count(*) FROM seq_by_id")).isEqualTo(1L);
        s.close();
    }

    // ---- batches ----

    @Test
    void batchConditionsOkErrorNotAndOrAreEvaluatedWithSkippedStepsCountingAsNeither() {
        ObjectNode b = batch(
                step("SELECT 0"),                                      // 0 ok
                step("SELECT * FROM no_such_table"),                   // 1 error
                step(ok(0), "SELECT 2"),                               // 2 runs
                step(ok(1), "SELECT 3"),                               // 3 skipped
                step(error(1), "SELECT 4"),                            // 4 runs
                step(not(ok(0)), "SELECT 5"),                          // 5 skipped
                step(and(ok(0), error(1)), "SELECT 6"),                // 6 runs
                step(and(ok(0), ok(1)), "SELECT 7"),                   // 7 skipped
                step(or(ok(1), ok(0)), "SELECT 8"),                    // 8 runs
                step(or(ok(1), error(0)), "SELECT 9"),                 // 9 skipped
                step(ok(3), "SELECT 10"),                              // 10 skipped: step 3 did not run
                step(error(3), "SELECT 11"),                           // 11 skipped: skipped is not an error
                step(not(error(3)), "SELECT 12"),                      // 12 runs
                step(and(), "SELECT 13"),                              // 13 runs: empty and is true
                step(or(), "SELECT 14"));                              // 14 skipped: empty or is false
        PipelineResult r = hrana.v2(null, batchRequest(b), close()).requireOk();
        JsonNode result = r.okResponse(0).get("result");
        JsonNode results = result.get("step_results");
        JsonNode errors = result.get("step_errors");
        assertThat(results).hasSize(15);
        assertThat(errors).hasSize(15);
        boolean[] ran = {true, false, true, false, true, false, true, false, true, false, false, false, true, true, false};
        for (int i = 0; i < 15; i++) {
            if (i == 1) {
                assertThat(results.get(i).isNull()).isTrue();
                assertStmtError(errors.get(i), "SQLITE_ERROR");
            } else if (ran[i]) {
                assertThat(Hrana.single(results.get(i))).as("step %d", i).isEqualTo((long) i);
                assertThat(errors.get(i).isNull()).as("step %d", i).isTrue();
            } else {
                assertThat(results.get(i).isNull()).as("skipped step %d", i).isTrue();
                assertThat(errors.get(i).isNull()).as("skipped step %d", i).isTrue();
            }
        }
    }

    @Test
    void failingBatchStepIsStillAnOkBatchResponse() {
        PipelineResult r = hrana.v2(null, batchRequest(batch(step("SELECT nope FROM nowhere"))), close()).requireOk();
        assertThat(r.result(0).get("type").asText()).isEqualTo("ok");
        assertThat(r.okResponse(0).get("type").asText()).isEqualTo("batch");
    }

    @Test
    void isAutocommitConditionSeesTheTransactionStateWhenTheStepIsReached() {
        ObjectNode b = batch(
                step(isAutocommit(), "SELECT 0"),        // 0 runs: no transaction yet
                step("BEGIN"),                           // 1
                step(isAutocommit(), "SELECT 2"),        // 2 skipped
                step(not(isAutocommit()), "SELECT 3"),   // 3 runs
                step("ROLLBACK"),                        // 4
                step(isAutocommit(), "SELECT 5"));       // 5 runs
        PipelineResult r = hrana.v3(null, batchRequest(b), close()).requireOk();
        JsonNode results = r.okResponse(0).at("/result/step_results");
        assertThat(results).hasSize(6);
        assertThat(Hrana.single(results.get(0))).isEqualTo(0L);
        assertThat(results.get(2).isNull()).isTrue();
        assertThat(Hrana.single(results.get(3))).isEqualTo(3L);
        assertThat(Hrana.single(results.get(5))).isEqualTo(5L);
    }

    @Test
    void transactionalBatchRollsBackWhenAStepFails() {
        hrana.executeOnce("CREATE TABLE batch_tx(x INTEGER PRIMARY KEY)");
        ObjectNode b = batch(
                step("BEGIN IMMEDIATE"),
                step(ok(0), "INSERT INTO batch_tx VALUES (1)"),
                step(ok(1), "INSERT INTO batch_tx VALUES (1)"),   // constraint violation
                step(ok(2), "COMMIT"),
                step(not(ok(3)), "ROLLBACK"));
        JsonNode result = hrana.v2(null, batchRequest(b), close()).requireOk().okResponse(0).get("result");
        assertStmtError(result.at("/step_errors/2"), "SQLITE_CONSTRAINT");
        assertThat(result.at("/step_results/3").isNull()).isTrue();
        assertThat(result.at("/step_results/4").isObject()).isTrue();
        assertThat(hrana.queryValue("SELECT count(*) FROM batch_tx")).isEqualTo(0L);
    }

    @Test
    void batchWithAThousandStepsRuns() {
        ObjectNode[] steps = new ObjectNode[1000];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = step("SELECT " + i);
        }
        JsonNode results = hrana.v2(null, batchRequest(batch(steps)), close()).requireOk()
                .okResponse(0).at("/result/step_results");
        assertThat(results).hasSize(1000);
        assertThat(Hrana.single(results.get(999))).isEqualTo(999L);
    }

    // ---- sequence ----

    @Test
    void sequenceSplitsLikeSqliteWithTriggersStringsAndComments() {
        HranaClient.Stream s = hrana.stream();
        s.send(sequence("""
                CREATE TABLE seq_items(v TEXT);
                CREATE TABLE seq_log(msg TEXT);
                -- a comment; with a semicolon
                CREATE TRIGGER seq_trg AFTER INSERT ON seq_items BEGIN
                  INSERT INTO seq_log VALUES ('first;' || new.v);
                  INSERT INTO seq_log VALUES ('second;' || new.v);
                END;
                /* block; comment */
                INSERT INTO seq_items VALUES ('a;b');
                INSERT INTO seq_items VALUES ('it''s; "fine"');
                """));
        assertThat(s.query("SELECT v FROM seq_items ORDER BY rowid")).containsExactly(row("a;b"), row("it's; \"fine\""));
        assertThat(s.query("SELECT msg FROM seq_log ORDER BY rowid")).containsExactly(
                row("first;a;b"), row("second;a;b"), row("first;it's; \"fine\""), row("second;it's; \"fine\""));
        s.close();
    }

    @Test
    void sequenceStopsAtTheFirstErrorKeepingEarlierStatements() {
        HranaClient.Stream s = hrana.stream();
        PipelineResult r = s.send(sequence("""
                CREATE TABLE seq_stop(x);
                INSERT INTO seq_stop VALUES (1);
                INSERT INTO no_such_table VALUES (2);
                INSERT INTO seq_stop VALUES (3);
                """), execute("SELECT group_concat(x) FROM seq_stop"));
        assertStmtError(r.error(0), "SQLITE_ERROR");
        assertThat(Hrana.single(r.stmtResult(1))).isEqualTo("1");
        assertThat(s.baton()).isNotNull();
        s.close();
        assertThat(hrana.queryValue("SELECT group_concat(x) FROM seq_stop")).isEqualTo("1");
    }

    @Test
    void sequenceMayContainItsOwnTransaction() {
        hrana.v2(null, sequence("CREATE TABLE seq_tx(x); BEGIN; INSERT INTO seq_tx VALUES (1); INSERT INTO seq_tx VALUES (2); COMMIT;"),
                close()).requireOk().okResponse(0);
        assertThat(hrana.queryValue("SELECT count(*) FROM seq_tx")).isEqualTo(2L);
    }

    @Test
    void sequenceReturnsNoRowsAndEmptySequenceIsFine() {
        PipelineResult r = hrana.v2(null, sequence("SELECT 1; SELECT 2;"), sequence(""), close()).requireOk();
        assertThat(r.okResponse(0).get("type").asText()).isEqualTo("sequence");
        assertThat(r.okResponse(0).has("result")).isFalse();
        assertThat(r.okResponse(1).get("type").asText()).isEqualTo("sequence");
    }

    // ---- describe ----

    @Test
    void describeReportsParamsWithPrefixAndNullForBareQuestionMarks() {
        hrana.executeOnce("CREATE TABLE desc_t(id INTEGER PRIMARY KEY, name TEXT)");
        PipelineResult r = hrana.v3(null, describe("SELECT id, name AS n, :a, ?, @b, $c FROM desc_t WHERE id = ?"),
                close()).requireOk();
        JsonNode d = r.okResponse(0).get("result");
        List<String> params = new ArrayList<>();
        d.get("params").forEach(p -> params.add(p.get("name").isNull() ? null : p.get("name").asText()));
        assertThat(params).containsExactly(":a", null, "@b", "$c", null);
        assertThat(d.at("/cols/0/name").asText()).isEqualTo("id");
        assertThat(d.at("/cols/0/decltype").asText()).isEqualTo("INTEGER");
        assertThat(d.at("/cols/1/name").asText()).isEqualTo("n");
        assertThat(d.at("/cols/1/decltype").asText()).isEqualTo("TEXT");
        assertThat(d.at("/cols/2/decltype").isNull()).isTrue();
        assertThat(d.get("cols")).hasSize(6);
        assertThat(d.get("is_readonly").asBoolean()).isTrue();
        assertThat(d.get("is_explain").asBoolean()).isFalse();
    }

    @Test
    void describeDistinguishesReadOnlyAndExplainAndRunsNothing() {
        hrana.executeOnce("CREATE TABLE desc_w(x)");
        PipelineResult r = hrana.v3(null,
                describe("INSERT INTO desc_w VALUES (?1)"),
                describe("EXPLAIN SELECT 1"),
                describe("EXPLAIN QUERY PLAN SELECT * FROM desc_w"),
                describe("DELETE FROM desc_w"),
                close()).requireOk();
        JsonNode insert = r.okResponse(0).get("result");
        assertThat(insert.get("is_readonly").asBoolean()).isFalse();
        assertThat(insert.get("is_explain").asBoolean()).isFalse();
        assertThat(insert.get("cols")).isEmpty();
        assertThat(insert.get("params")).hasSize(1);
        assertThat(insert.at("/params/0/name").asText()).isEqualTo("?1");
        assertThat(r.okResponse(1).at("/result/is_explain").asBoolean()).isTrue();
        assertThat(r.okResponse(2).at("/result/is_explain").asBoolean()).isTrue();
        assertThat(r.okResponse(3).at("/result/is_readonly").asBoolean()).isFalse();
        assertThat(hrana.queryValue("SELECT count(*) FROM desc_w")).isEqualTo(0L);
    }

    @Test
    void describeOfBadSqlIsAStatementError() {
        PipelineResult r = hrana.v3(null, describe("SELECT * FROM nowhere_at_all"), close()).requireOk();
        assertStmtError(r.error(0), "SQLITE_ERROR");
    }

    // ---- get_autocommit ----

    @Test
    void getAutocommitIsFalseOnlyInsideATransaction() {
        HranaClient.Stream s = hrana.streamV3();
        assertThat(s.send(getAutocommit()).okResponse(0).get("is_autocommit").asBoolean()).isTrue();
        PipelineResult inside = s.send(execute("BEGIN"), getAutocommit());
        assertThat(inside.okResponse(1).get("is_autocommit").asBoolean()).isFalse();
        assertThat(s.send(getAutocommit()).okResponse(0).get("is_autocommit").asBoolean()).isFalse();
        PipelineResult after = s.send(execute("COMMIT"), getAutocommit());
        assertThat(after.okResponse(1).get("is_autocommit").asBoolean()).isTrue();
        s.close();
    }
}

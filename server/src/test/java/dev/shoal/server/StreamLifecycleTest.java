package dev.shoal.server;

import static dev.shoal.server.Checks.assertHranaError;
import static dev.shoal.server.Checks.assertStmtError;
import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.execute;
import static dev.shoal.testkit.Hrana.integer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.PipelineResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams and batons: rotation, close, idle expiry, transactions spanning requests. */
class StreamLifecycleTest {
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

    private static void createTable(String name) {
        hrana.executeOnce("CREATE TABLE " + name + "(x INTEGER PRIMARY KEY)");
    }

    private static long count(String table) {
        return (Long) hrana.queryValue("SELECT count(*) FROM " + table);
    }

    @Test
    void batonChangesOnEveryResponse() {
        HranaClient.Stream s = hrana.stream();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            s.execute("SELECT ?", integer(i));
            assertThat(s.baton()).isNotNull();
            assertThat(seen.add(s.baton())).as("baton %s was issued before", s.baton()).isTrue();
        }
        s.close();
    }

    @Test
    void streamsGetDistinctBatons() {
        String a = hrana.v2(null, execute("SELECT 1")).baton();
        String b = hrana.v2(null, execute("SELECT 1")).baton();
        assertThat(a).isNotEqualTo(b);
        hrana.v2(a, close()).requireOk();
        hrana.v2(b, close()).requireOk();
    }

    @Test
    void transactionSpansRequestsOnOneStream() {
        createTable("span");
        HranaClient.Stream s = hrana.stream();
        s.execute("BEGIN");
        s.execute("INSERT INTO span VALUES (1)");
        assertThat(count("span")).as("uncommitted insert is invisible to other streams").isEqualTo(0);
        assertThat(s.queryValue("SELECT count(*) FROM span")).as("but visible on its own stream").isEqualTo(1L);
        s.execute("COMMIT");
        assertThat(count("span")).isEqualTo(1);
        s.close();
    }

    @Test
    void closeReturnsANullBatonAndRollsBackTheOpenTransaction() {
        createTable("closed_tx");
        HranaClient.Stream s = hrana.stream();
        s.execute("BEGIN");
        s.execute("INSERT INTO closed_tx VALUES (1)");
        String batonBeforeClose = s.baton();
        PipelineResult r = hrana.v2(batonBeforeClose, close()).requireOk();
        assertThat(r.okResponse(0).get("type").asText()).isEqualTo("close");
        assertThat(r.json().has("baton")).isTrue();
        assertThat(r.json().get("baton").isNull()).isTrue();
        assertThat(count("closed_tx")).isEqualTo(0);
        // The write lock was released with the rollback: another stream can write at once.
        HranaClient.Stream other = hrana.stream();
        other.execute("BEGIN IMMEDIATE");
        other.execute("INSERT INTO closed_tx VALUES (2)");
        other.execute("COMMIT");
        other.close();
        assertThat(hrana.query("SELECT x FROM closed_tx")).containsExactly(List.of(2L));
    }

    @Test
    void closeInTheSamePipelineAsTheWritesRollsThemBack() {
        createTable("closed_same");
        PipelineResult r = hrana.v2(null, execute("BEGIN"), execute("INSERT INTO closed_same VALUES (1)"), close())
                .requireOk();
        assertThat(r.baton()).isNull();
        assertThat(count("closed_same")).isEqualTo(0);
    }

    @Test
    void batonOfAClosedStreamIsRejected() {
        HranaClient.Stream s = hrana.stream();
        s.execute("SELECT 1");
        String last = s.baton();
        s.close();
        PipelineResult r = hrana.v2(last, execute("SELECT 1"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.http().contentType()).hasValue("application/json");
        assertThat(r.errorCode()).isIn("BATON_REUSED", "BATON_INVALID", "STREAM_CLOSED");
    }

    @Test
    void errorInsideATransactionKeepsItUsableAndCommitPersistsTheOtherRows() {
        createTable("err_in_tx");
        HranaClient.Stream s = hrana.stream();
        s.execute("BEGIN");
        s.execute("INSERT INTO err_in_tx VALUES (1)");
        assertStmtError(s.executeError("INSERT INTO err_in_tx VALUES (1)"), "SQLITE_CONSTRAINT");
        assertStmtError(s.executeError("SELECT * FROM no_such_table"), "SQLITE_ERROR");
        assertThat(s.baton()).as("the stream survives statement errors").isNotNull();
        s.execute("INSERT INTO err_in_tx VALUES (2)");
        s.execute("COMMIT");
        s.close();
        assertThat(hrana.query("SELECT x FROM err_in_tx ORDER BY x"))
                .containsExactly(List.of(1L), List.of(2L));
    }

    @Test
    void protocolErrorEndsTheStreamAndRollsBackItsTransaction() {
        createTable("proto_err_tx");
        HranaClient.Stream s = hrana.stream();
        s.execute("BEGIN IMMEDIATE");
        s.execute("INSERT INTO proto_err_tx VALUES (1)");
        // A well-formed request that breaks a stream rule (an SQL id never stored) fails as a whole.
        PipelineResult bad = s.sendRaw(execute(Hrana.stmtById(77)));
        assertHranaError(bad, 400, "PROTOCOL_ERROR");
        assertThat(count("proto_err_tx")).isEqualTo(0);
        // The write lock is free again.
        hrana.executeOnce("INSERT INTO proto_err_tx VALUES (2)");
        assertThat(count("proto_err_tx")).isEqualTo(1);
    }

    @Test
    void idleStreamExpiresRollsBackAndAnswersStreamExpired(@TempDir Path otherDir) throws Exception {
        try (TestServer quick = TestServer.start(otherDir, c -> c.withStreamIdleTimeout(Duration.ofMillis(500)))) {
            HranaClient h = quick.hrana;
            h.executeOnce("CREATE TABLE expiring(x)");
            HranaClient.Stream s = h.stream();
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO expiring VALUES (1)");
            // A stream that keeps being used does not expire even past the timeout in total.
            for (int i = 0; i < 4; i++) {
                Thread.sleep(150);
                s.execute("SELECT 1");
            }
            String baton = s.baton();
            Thread.sleep(1500);
            PipelineResult r = h.v2(baton, execute("SELECT 1"));
            assertHranaError(r, 400, "STREAM_EXPIRED");
            assertThat(h.queryValue("SELECT count(*) FROM expiring")).isEqualTo(0L);
            // Rolled back means the write lock is free too.
            h.executeOnce("INSERT INTO expiring VALUES (2)");
            assertThat(h.queryValue("SELECT count(*) FROM expiring")).isEqualTo(1L);
            // And the expired baton keeps answering STREAM_EXPIRED.
            assertHranaError(h.v2(baton, execute("SELECT 1")), 400, "STREAM_EXPIRED");
        }
    }

    /**
     * A stream is its own SQLite connection as far as clients can tell: what one stream leaves in
     * its connection (TEMP tables, per-connection PRAGMAs, attached schemas) must not show up in
     * streams opened after it was closed.
     */
    @Test
    void newStreamDoesNotInheritConnectionStateFromAClosedOne() {
        HranaClient db = server.createDatabase("fresh-state");
        Object defaultForeignKeys = db.queryValue("PRAGMA foreign_keys");
        long flipped = Long.valueOf(1).equals(defaultForeignKeys) ? 0 : 1;
        HranaClient.Stream first = db.stream();
        first.execute("CREATE TEMP TABLE private_scratch(secret TEXT)");
        first.execute("INSERT INTO private_scratch VALUES ('from the first stream')");
        first.execute("PRAGMA foreign_keys = " + flipped);
        first.close();
        for (int i = 0; i < 3; i++) {
            HranaClient.Stream next = db.stream();
            assertThat(next.query("SELECT name FROM sqlite_temp_master")).as("TEMP objects seen by a new stream").isEmpty();
            assertThat(next.queryValue("PRAGMA foreign_keys")).as("foreign_keys on a new stream").isEqualTo(defaultForeignKeys);
            next.close();
        }
    }

    @Test
    void streamAndBatonWorkTheSameOnACreatedDatabase() {
        HranaClient db = server.createDatabase("streams-db");
        HranaClient.Stream s = db.stream();
        s.execute("CREATE TABLE t(x)");
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1)");
        s.close();
        assertThat(db.queryValue("SELECT count(*) FROM t")).isEqualTo(0L);
    }
}

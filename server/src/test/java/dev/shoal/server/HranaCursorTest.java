package dev.shoal.server;

import static dev.shoal.server.Checks.assertStmtError;
import static dev.shoal.testkit.Hrana.batch;
import static dev.shoal.testkit.Hrana.error;
import static dev.shoal.testkit.Hrana.execute;
import static dev.shoal.testkit.Hrana.getAutocommit;
import static dev.shoal.testkit.Hrana.integer;
import static dev.shoal.testkit.Hrana.isAutocommit;
import static dev.shoal.testkit.Hrana.not;
import static dev.shoal.testkit.Hrana.ok;
import static dev.shoal.testkit.Hrana.step;
import static dev.shoal.testkit.Hrana.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.CursorResult;
import dev.shoal.testkit.HranaClient.PipelineResult;
import dev.shoal.testkit.HttpJson;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code POST /v3/cursor}: NDJSON entries, their order, streaming, and the baton. */
class HranaCursorTest {
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

    @Test
    void entriesComeInOrderWithStepErrorsAndNothingForSkippedSteps() {
        hrana.executeOnce("CREATE TABLE cur_order(id INTEGER PRIMARY KEY, v TEXT)");
        ObjectNode b = batch(
                step("SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y'"),          // 0: two rows
                step(ok(0), "INSERT INTO cur_order(id, v) VALUES (41, 'z')"),       // 1: insert
                step("SELECT * FROM no_such_table"),                                // 2: fails at prepare
                step(ok(2), "SELECT 'skipped'"),                                    // 3: skipped
                step(error(2), "SELECT v FROM cur_order"));                         // 4: one row
        CursorResult c = hrana.cursor(null, b);
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.lines().get(0).has("baton")).isTrue();
        assertThat(c.baton()).isNotNull();
        assertThat(c.entryTypes()).containsExactly(
                "step_begin", "row", "row", "step_end",
                "step_begin", "step_end",
                "step_error",
                "step_begin", "row", "step_end");
        List<JsonNode> e = c.entries();
        assertThat(e.get(0).get("step").asInt()).isZero();
        assertThat(e.get(0).get("cols")).hasSize(2);
        assertThat(e.get(0).at("/cols/0/name").asText()).isEqualTo("a");
        assertThat(Hrana.decodeRow(e.get(1).get("row"))).containsExactly(1L, "x");
        assertThat(Hrana.decodeRow(e.get(2).get("row"))).containsExactly(2L, "y");
        assertThat(e.get(3).get("affected_row_count").asLong()).isZero();
        assertThat(e.get(3).get("last_insert_rowid").isNull()).isTrue();
        assertThat(e.get(4).get("step").asInt()).isEqualTo(1);
        assertThat(e.get(4).get("cols")).isEmpty();
        assertThat(e.get(5).get("affected_row_count").asLong()).isEqualTo(1);
        assertThat(e.get(6).get("step").asInt()).isEqualTo(2);
        assertStmtError(e.get(6).get("error"), "SQLITE_ERROR");
        assertThat(e.get(7).get("step").asInt()).isEqualTo(4);
        assertThat(Hrana.decodeRow(e.get(8).get("row"))).containsExactly("z");
    }

    @Test
    void lastInsertRowidInStepEndIsAJsonNumber() {
        hrana.executeOnce("CREATE TABLE cur_rowid(x)");
        CursorResult c = hrana.cursor(null, batch(
                step("INSERT INTO cur_rowid(rowid, x) VALUES (9007199254740993, 1)"),
                step("SELECT 1")));
        JsonNode insertEnd = c.entries().get(1);
        assertThat(insertEnd.get("type").asText()).isEqualTo("step_end");
        assertThat(insertEnd.get("last_insert_rowid").isIntegralNumber()).as("%s", insertEnd).isTrue();
        assertThat(insertEnd.get("last_insert_rowid").asLong()).isEqualTo(9007199254740993L);
        assertThat(insertEnd.get("affected_row_count").isIntegralNumber()).isTrue();
        JsonNode selectEnd = c.entries().get(4);
        assertThat(selectEnd.get("type").asText()).isEqualTo("step_end");
        assertThat(selectEnd.get("last_insert_rowid").isNull()).isTrue();
    }

    @Test
    void stepThatFailsAfterProducingRowsEndsWithStepErrorAndNoStepEnd() {
        // abs() of the smallest integer overflows only when that row is reached.
        CursorResult c = hrana.cursor(null, batch(
                step("SELECT abs(x) FROM (SELECT 1 AS x UNION ALL SELECT -9223372036854775807 - 1)"),
                step(error(0), "SELECT 'after'")));
        assertThat(c.entryTypes()).startsWith("step_begin");
        assertThat(c.entryTypes()).contains("step_error");
        int err = c.entryTypes().indexOf("step_error");
        assertThat(c.entryTypes().subList(0, err)).doesNotContain("step_end");
        assertThat(c.entries().get(err).get("step").asInt()).isZero();
        assertThat(c.entryTypes().subList(err + 1, c.entryTypes().size()))
                .containsExactly("step_begin", "row", "step_end");
    }

    @Test
    void argsAndIsAutocommitWorkInACursorBatch() {
        CursorResult c = hrana.cursor(null, batch(
                step(stmt("SELECT ? + 1", integer(41))),
                step(isAutocommit(), stmt("SELECT 'auto'")),
                step("BEGIN"),
                step(isAutocommit(), stmt("SELECT 'not reached'")),
                step(not(isAutocommit()), stmt("ROLLBACK"))));
        assertThat(c.entryTypes()).containsExactly(
                "step_begin", "row", "step_end",
                "step_begin", "row", "step_end",
                "step_begin", "step_end",
                "step_begin", "step_end");
        assertThat(Hrana.decodeRow(c.entries().get(1).get("row"))).containsExactly(42L);
    }

    @Test
    void cursorBatonIsUsableForAFollowingPipelineOnTheSameConnection() {
        hrana.executeOnce("CREATE TABLE cur_then_pipe(x)");
        CursorResult c = hrana.cursor(null, batch(step("BEGIN"), step("INSERT INTO cur_then_pipe VALUES (1)")));
        assertThat(c.baton()).isNotNull();
        PipelineResult p = hrana.v3(c.baton(), execute("SELECT count(*) FROM cur_then_pipe"), getAutocommit(),
                execute("COMMIT")).requireOk();
        assertThat(Hrana.single(p.stmtResult(0))).as("sees its own uncommitted row").isEqualTo(1L);
        assertThat(p.okResponse(1).get("is_autocommit").asBoolean()).isFalse();
        assertThat(p.baton()).isNotNull().isNotEqualTo(c.baton());
        hrana.v3(p.baton(), Hrana.close()).requireOk();
        assertThat(hrana.queryValue("SELECT count(*) FROM cur_then_pipe")).isEqualTo(1L);
    }

    @Test
    void pipelineBatonIsUsableForACursorAndTheCursorRotatesIt() {
        PipelineResult p = hrana.v3(null, execute("BEGIN")).requireOk();
        CursorResult c = hrana.cursor(p.baton(), batch(step(isAutocommit(), "SELECT 1"), step("ROLLBACK")));
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.entryTypes()).as("is_autocommit is false inside the pipeline's transaction")
                .containsExactly("step_begin", "step_end");
        assertThat(c.baton()).isNotEqualTo(p.baton());
        Checks.assertHranaError(hrana.v3(p.baton(), execute("SELECT 1")), 400, "BATON_REUSED");
        hrana.v3(c.baton(), Hrana.close()).requireOk();
    }

    @Test
    void cursorWithABadBatonIsRejectedWithJson400() {
        CursorResult c = hrana.cursor("not-a-baton", batch(step("SELECT 1")));
        assertThat(c.status()).isEqualTo(400);
        assertThat(c.contentType()).isEqualTo("application/json");
        assertThat(HttpJson.parse(c.errorBody()).path("code").asText()).isEqualTo("BATON_INVALID");
    }

    @Test
    void malformedCursorBodyIsAProtocolError() {
        for (String body : new String[] {"{", "{}", "{\"batch\": {\"steps\": 3}}",
                "{\"batch\": {\"steps\": [{\"condition\": {\"type\":\"ok\",\"step\":0}, \"stmt\": {\"sql\":\"SELECT 1\"}}]}}"}) {
            HttpResponse<InputStream> r = hrana.cursorStreamingRaw(body);
            try (InputStream in = r.body()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(r.statusCode()).as(body).isEqualTo(400);
                assertThat(HttpJson.parse(text).path("code").asText()).as(body).isEqualTo("PROTOCOL_ERROR");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        Checks.assertStillServes(hrana);
    }

    /**
     * 100,000 rows (about 25 MB of NDJSON, far more than socket buffers hold) stream out while the
     * batch is still running: when the first row is read, step 1 (an INSERT after the big SELECT)
     * has not run yet, as another stream can see. A server that built the whole response first
     * would have committed that INSERT before sending anything.
     */
    @Test
    void hundredThousandRowsStreamBeforeTheBatchFinishes() throws Exception {
        hrana.executeOnce("CREATE TABLE cur_marker(x)");
        int rows = 100_000;
        ObjectNode b = batch(
                step("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + rows + ") "
                        + "SELECT x, printf('%0200d', x) AS pad FROM c"),
                step(ok(0), "INSERT INTO cur_marker VALUES ('done')"));
        HttpResponse<InputStream> response = hrana.cursorStreaming(null, b);
        assertThat(response.statusCode()).isEqualTo(200);
        CountingInputStream counting = new CountingInputStream(response.body());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 8192)) {
            JsonNode batonLine = HttpJson.parse(reader.readLine());
            assertThat(batonLine.get("baton").isTextual()).isTrue();
            assertThat(HttpJson.parse(reader.readLine()).get("type").asText()).isEqualTo("step_begin");
            JsonNode firstRow = HttpJson.parse(reader.readLine());
            assertThat(firstRow.get("type").asText()).isEqualTo("row");
            assertThat(Hrana.decodeRow(firstRow.get("row")).get(0)).isEqualTo(1L);

            long bytesWhenFirstRowRead = counting.bytes;
            assertThat(hrana.queryValue("SELECT count(*) FROM cur_marker"))
                    .as("the batch is still running when the first row has arrived")
                    .isEqualTo(0L);

            long rowLines = 1;
            long expected = 2;
            String line;
            List<String> tail = new ArrayList<>();
            while ((line = reader.readLine()) != null) {
                JsonNode entry = HttpJson.parse(line);
                String type = entry.get("type").asText();
                if (type.equals("row")) {
                    rowLines++;
                    assertThat(entry.at("/row/0/value").asText()).isEqualTo(Long.toString(expected++));
                } else {
                    tail.add(type);
                }
            }
            assertThat(rowLines).isEqualTo(rows);
            assertThat(tail).containsExactly("step_end", "step_begin", "step_end");
            assertThat(counting.reads).as("the body arrived in many reads").isGreaterThan(1);
            assertThat(counting.bytes).isGreaterThan(20_000_000L).isGreaterThan(bytesWhenFirstRowRead * 10);
        }
        assertThat(hrana.queryValue("SELECT count(*) FROM cur_marker")).isEqualTo(1L);
    }

    /**
     * A client that stops reading a cursor and disconnects is routine (timeouts, crashes). The
     * server must end the stream (its write lock is released) and must not treat the disconnect
     * as an internal error: no ERROR log, no attempt to write an error body into a response whose
     * body has already started.
     */
    @Test
    void clientAbandoningACursorEndsItsStreamWithoutAnInternalError() throws Exception {
        hrana.executeOnce("CREATE TABLE cur_abandon(x)");
        Logger shoalLog = (Logger) LoggerFactory.getLogger("dev.shoal");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        shoalLog.addAppender(captured);
        try {
            ObjectNode b = batch(
                    step("BEGIN IMMEDIATE"),
                    step("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) "
                            + "SELECT x, printf('%0200d', x) FROM c"));
            HttpResponse<InputStream> response = hrana.cursorStreaming(null, b);
            try (InputStream in = response.body()) {
                assertThat(in.readNBytes(10_000)).hasSize(10_000);
            }
            // The abandoned stream held the write lock; this write succeeds once the server ended it.
            hrana.executeOnce("INSERT INTO cur_abandon VALUES (1)");
            for (int i = 0; i < 5; i++) {
                Checks.assertStillServes(hrana);
            }
            Thread.sleep(500); // let any error reporting after the stream ended reach the log
            List<String> errors;
            synchronized (captured) {
                errors = captured.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                                + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName()
                                        + ": " + e.getThrowableProxy().getMessage() + ")"))
                        .toList();
            }
            assertThat(errors).as("ERROR logs caused by a client disconnecting from a cursor").isEmpty();
        } finally {
            shoalLog.detachAppender(captured);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        volatile long bytes;
        volatile int reads;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
                reads++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                bytes += n;
                reads++;
            }
            return n;
        }
    }
}

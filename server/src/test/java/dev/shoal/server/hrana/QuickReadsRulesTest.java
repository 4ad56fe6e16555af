package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.db.DatabaseConfig;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.server.hrana.HranaParser.Pipeline;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which pipelines may skip the hand-off, how many at once, and what benches an organization. */
class QuickReadsRulesTest {
    private static final HranaParser PARSER = new HranaParser(new ObjectMapper());
    private static final DatabaseRecord DB = new DatabaseRecord(UUID.randomUUID(), "db", "acme", "default",
            DatabaseKind.REGULAR, Optional.empty(), Optional.empty(), Instant.EPOCH, DatabaseConfig.DEFAULT, 0,
            Optional.empty());

    private static Pipeline pipeline(String requests) {
        return pipeline(null, requests);
    }

    private static Pipeline pipeline(String baton, String requests) {
        String body = "{\"baton\":" + (baton == null ? "null" : "\"" + baton + "\"") + ",\"requests\":[" + requests + "]}";
        return PARSER.pipeline(body.getBytes(StandardCharsets.UTF_8), 3);
    }

    private static String execute(String sql) {
        return "{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + sql + "\"}}";
    }

    @Test
    void onlyNewStreamsOfAFewSingleSelectsQualify() {
        String close = "{\"type\":\"close\"}";
        assertThat(QuickReads.eligible(pipeline(execute("SELECT v FROM kv WHERE k = 1") + "," + close))).isTrue();
        assertThat(QuickReads.eligible(pipeline(execute("WITH t(x) AS (SELECT 1) SELECT x FROM t")))).isTrue();
        assertThat(QuickReads.eligible(pipeline("b", execute("SELECT 1")))).as("a stream may hold a transaction").isFalse();
        assertThat(QuickReads.eligible(pipeline(execute("INSERT INTO kv VALUES (1, 'x')")))).isFalse();
        assertThat(QuickReads.eligible(pipeline(execute("SELECT 1; DELETE FROM kv")))).isFalse();
        assertThat(QuickReads.eligible(pipeline(execute("PRAGMA user_version")))).isFalse();
        assertThat(QuickReads.eligible(pipeline(execute("BEGIN") + "," + execute("SELECT 1")))).isFalse();
        assertThat(QuickReads.eligible(pipeline("{\"type\":\"sequence\",\"sql\":\"SELECT 1\"}"))).isFalse();
        String five = String.join(",", java.util.Collections.nCopies(QuickReads.MAX_STATEMENTS + 1, execute("SELECT 1")));
        assertThat(QuickReads.eligible(pipeline(five))).isFalse();
    }

    @Test
    void neverAllCarriersAtOnce() {
        try (QuickReads q = new QuickReads(2)) {
            Pipeline p = pipeline(execute("SELECT 1"));
            Optional<QuickReads.Slot> first = q.enter(PipelineShape.of(p), DB);
            assertThat(first).isPresent();
            assertThat(q.enter(PipelineShape.of(p), DB)).as("one carrier stays free for HTTP").isEmpty();
            first.get().close();
            assertThat(q.enter(PipelineShape.of(p), DB)).isPresent();
        }
        try (QuickReads q = new QuickReads(1)) {
            assertThat(q.enter(PipelineShape.of(pipeline(execute("SELECT 1"))), DB)).as("the only carrier is never pinned").isEmpty();
            assertThat(q.count(QuickReads.Outcome.NO_SLOT)).isEqualTo(1);
        }
    }

    @Test
    void onlyASecondSlowRunBenchesTheOrganization() {
        try (QuickReads q = new QuickReads(4)) {
            Pipeline p = pipeline(execute("SELECT 1"));
            q.ranAgain("acme", QuickReads.BUDGET.toNanos() / 10); // quick on a SQL thread: it was only held up
            assertThat(q.enter(PipelineShape.of(p), DB)).isPresent();
            q.ranAgain("acme", QuickReads.BUDGET.toNanos() * 2);
            assertThat(q.enter(PipelineShape.of(p), DB)).isEmpty();
            assertThat(q.count(QuickReads.Outcome.BENCHED)).isEqualTo(1);
        }
    }
}

package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.server.hrana.HranaParser.Pipeline;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which pipelines go through their database's write lane. */
class WriteLaneRulesTest {
    private static final HranaParser PARSER = new HranaParser(new ObjectMapper());

    private static Pipeline pipeline(String baton, String requests) {
        String body = "{\"baton\":" + (baton == null ? "null" : "\"" + baton + "\"") + ",\"requests\":[" + requests + "]}";
        return PARSER.pipeline(body.getBytes(StandardCharsets.UTF_8), 3);
    }

    private static boolean eligible(String... requests) {
        return PipelineShape.of(pipeline(null, String.join(",", requests))) == PipelineShape.LANE_WRITE;
    }

    private static String execute(String sql) {
        return "{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + sql + "\"}}";
    }

    private static final String CLOSE = "{\"type\":\"close\"}";

    @Test
    void newStreamsOfWritesAndTransactionControlQualify() {
        assertThat(eligible(execute("INSERT INTO w(k, v) VALUES (1, 'x')"), CLOSE)).isTrue();
        assertThat(eligible(execute("UPDATE w SET v = 'y' WHERE k = 1"), execute("DELETE FROM w WHERE k = 2"))).isTrue();
        assertThat(eligible(execute("CREATE TABLE t(x)"))).isTrue();
        assertThat(eligible(execute("BEGIN IMMEDIATE; INSERT INTO w VALUES (1, 1, 'x'); COMMIT"))).isTrue();
        String batch = "{\"type\":\"batch\",\"batch\":{\"steps\":["
                + "{\"stmt\":{\"sql\":\"BEGIN IMMEDIATE\"}},"
                + "{\"condition\":{\"type\":\"ok\",\"step\":0},\"stmt\":{\"sql\":\"INSERT INTO w VALUES (1, 1, 'x')\"}},"
                + "{\"condition\":{\"type\":\"ok\",\"step\":1},\"stmt\":{\"sql\":\"COMMIT\"}},"
                + "{\"condition\":{\"type\":\"not\",\"cond\":{\"type\":\"ok\",\"step\":2}},\"stmt\":{\"sql\":\"ROLLBACK\"}}]}}";
        assertThat(eligible(batch, CLOSE)).as("@libsql/client's batch()").isTrue();
    }

    @Test
    void readsBatonsAndAnythingElseGoTheUsualWay() {
        assertThat(PipelineShape.of(pipeline("b", execute("INSERT INTO w VALUES (1, 1, 'x')"))) == PipelineShape.LANE_WRITE)
                .as("a stream with a baton may hold the writer already").isFalse();
        assertThat(eligible(execute("SELECT v FROM kv WHERE k = 1"))).isFalse();
        assertThat(eligible(execute("INSERT INTO w VALUES (1, 1, 'x')"), execute("SELECT count(*) FROM w")))
                .as("a read among the writes").isFalse();
        assertThat(eligible(execute("INSERT INTO w VALUES (1, 1, 'x'); SELECT 1"))).isFalse();
        assertThat(eligible(execute("BEGIN"), execute("COMMIT"))).as("no write at all").isFalse();
        assertThat(eligible(execute("PRAGMA user_version = 3"))).isFalse();
        assertThat(eligible(execute("ATTACH 'x' AS y"))).isFalse();
        assertThat(eligible(execute("EXPLAIN INSERT INTO w VALUES (1, 1, 'x')"))).isFalse();
        assertThat(eligible(execute("VACUUM"))).isFalse();
        assertThat(eligible("{\"type\":\"store_sql\",\"sql_id\":1,\"sql\":\"INSERT INTO w VALUES (1, 1, 'x')\"}",
                "{\"type\":\"execute\",\"stmt\":{\"sql_id\":1}}")).as("SQL by id").isFalse();
        assertThat(eligible(CLOSE)).isFalse();
    }
}

package dev.shoal.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short reads run on the request's own thread (no hand-off to a SQL thread); a read that runs past
 * the quick budget is interrupted there and answered, complete and right, from a SQL thread, and
 * its organization's next reads go to the SQL threads. Seen through {@code shoal_sql_quick_reads_total}.
 */
class QuickReadsTest {
    /** About 150 ms of SQLite work: past the 50 ms budget (on a SQL thread too), far below the statement time limit. */
    private static final String LONG_READ =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) FROM c";

    @TempDir
    Path dataDir;

    private static String quick(String outcome) {
        return "shoal_sql_quick_reads_total{outcome=\"" + outcome + "\"}";
    }

    private static void assumeTwoCarriers() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "a one-core JVM has no quick reads: its only carrier is never pinned (QuickReads)");
    }

    @Test
    void pointReadsOnANewStreamRunWithoutTheHandOffAndWritesDoNot() {
        assumeTwoCarriers();
        try (ShoalServer server = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            HranaClient db = new HranaClient(new HttpJson(), server.url());
            db.executeOnce("CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT)");
            db.executeOnce("INSERT INTO kv VALUES (1, 'one')");
            Scrape before = MetricsEndpointTest.scrape(server);
            for (int i = 0; i < 20; i++) {
                assertThat(db.queryValue("SELECT v FROM kv WHERE k = ?", Hrana.integer(1))).isEqualTo("one");
            }
            db.executeOnce("INSERT INTO kv VALUES (2, 'two')"); // a write: never on the request's thread
            Scrape after = MetricsEndpointTest.scrape(server);
            assertThat(MetricsEndpointTest.delta(before, after, quick("quick"))
                    + MetricsEndpointTest.delta(before, after, quick("no_slot"))).isEqualTo(20);
            assertThat(MetricsEndpointTest.delta(before, after, quick("quick"))).isPositive();
            assertThat(MetricsEndpointTest.delta(before, after, quick("over_budget"))).isZero();
        }
    }

    @Test
    void aReadPastTheBudgetIsAnsweredWholeFromASqlThreadAndBenchesItsOrganization() {
        assumeTwoCarriers();
        try (ShoalServer server = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            HranaClient db = new HranaClient(new HttpJson(), server.url());
            Scrape before = MetricsEndpointTest.scrape(server);
            JsonNode results = db.v2(null, Hrana.execute("SELECT 41 + 1"), Hrana.execute(LONG_READ), Hrana.close())
                    .json().get("results");
            assertThat(results.toString()).doesNotContain("\"error\"");
            assertThat(results.get(0).at("/response/result/rows/0/0/value").asText()).isEqualTo("42");
            assertThat(results.get(1).at("/response/result/rows/0/0/value").asText()).isEqualTo("1000000");
            assertThat(db.queryValue("SELECT 7")).isEqualTo(7L);
            Scrape after = MetricsEndpointTest.scrape(server);
            assertThat(MetricsEndpointTest.delta(before, after, quick("over_budget"))).isEqualTo(1);
            assertThat(MetricsEndpointTest.delta(before, after, quick("benched"))).isEqualTo(1);
            assertThat(MetricsEndpointTest.scrape(server).value("shoal_hrana_streams_open")).isZero();
        }
    }
}

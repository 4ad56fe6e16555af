package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tenant flooding the server with runaway statements: it gets a few SQL threads and BUSY for
 * the rest; other tenants keep being served; and the server still stops promptly.
 * (Latency figures are measured by {@code bench/run.sh runaway}, not asserted here.)
 */
class RunawayStatementsTest {
    private static final String RUNAWAY =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    @TempDir
    Path dataDir;

    @Test
    void aFloodOfRunawaysFromOneDatabaseLeavesOthersServedAndShutdownPrompt() throws Exception {
        TestServer server = TestServer.start(dataDir, c -> c.withAdmission(2, 4, Duration.ofMillis(300)));
        HranaClient attacker = server.createDatabase("attacker");
        HranaClient victim = server.createDatabase("victim");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<String>> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                flood.add(CompletableFuture.supplyAsync(() -> Floods.outcome(attacker, RUNAWAY), pool));
            }
            Thread.sleep(500); // the flood is running and queued
            for (int i = 0; i < 20; i++) {
                assertThat(victim.queryValue("SELECT 1")).isEqualTo(1L);
            }
            // Those that found no turn are told so (after the 300 ms wait); the two that run keep running.
            List<String> done = Floods.awaitAnswered(flood, 18);
            assertThat(done).hasSizeGreaterThanOrEqualTo(18).allMatch(s -> s.contains("too many SQL requests running"));
            Floods.stopsPromptly(server, flood);
        } finally {
            server.close();
            pool.shutdownNow();
        }
    }

    /**
     * The stream holding a database's writer slot gets through even when every turn of that
     * database is taken by requests waiting for that very slot (else they would wait each other out).
     */
    @Test
    void theWriterFinishesItsTransactionWhileOthersWaitForItsSlot() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withAdmission(1, 4, Duration.ofSeconds(5)))) {
            HranaClient db = server.createDatabase("turns");
            db.executeOnce("CREATE TABLE t(x)");
            HranaClient.Stream holder = db.stream();
            holder.execute("BEGIN IMMEDIATE");
            holder.execute("INSERT INTO t VALUES (1)");
            CompletableFuture<HranaClient.PipelineResult> waiter = CompletableFuture.supplyAsync(() ->
                    db.v2(null, Hrana.execute("INSERT INTO t VALUES (2)"), Hrana.close()));
            Thread.sleep(300); // the waiter holds the database's only turn, waiting for the writer slot
            long start = System.nanoTime();
            holder.execute("COMMIT");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(waiter.get(10, TimeUnit.SECONDS).requireOk().result(0).get("type").asText()).isEqualTo("ok");
            assertThat(db.queryValue("SELECT count(*) FROM t")).isEqualTo(2L);
            holder.close();
        }
    }

}

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
 * Writes go through their database's write lane (one SQL thread, queued back to back). A flood of
 * runaway writes to one database fills its lane and is refused beyond it, while another database
 * of the same organization keeps being served, reads and writes: the lane holds one of the
 * organization's turns, however many writes wait in it. Ordinary concurrent writes all land.
 */
class WriteLaneFloodTest {
    private static final String RUNAWAY_WRITE =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO t SELECT x FROM c";

    @TempDir
    Path dataDir;

    @Test
    void aFloodOfRunawayWritesToOneDatabaseLeavesItsNeighboursServed() throws Exception {
        TestServer server = TestServer.start(dataDir, c -> c.withAdmission(2, 4, Duration.ofMillis(300)));
        HranaClient attacker = server.createDatabase("writer-flood");
        HranaClient victim = server.createDatabase("neighbour");
        attacker.executeOnce("CREATE TABLE t(x)");
        victim.executeOnce("CREATE TABLE t(x)");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<String>> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                flood.add(CompletableFuture.supplyAsync(() -> Floods.outcome(attacker, RUNAWAY_WRITE), pool));
            }
            Thread.sleep(500); // the lane runs one, holds three more (4 places), the rest wait for a place
            for (int i = 0; i < 20; i++) {
                assertThat(victim.queryValue("SELECT count(*) FROM t")).isEqualTo((long) i);
                victim.executeOnce("INSERT INTO t VALUES (" + i + ")");
            }
            List<String> done = Floods.awaitAnswered(flood, 16);
            assertThat(done).hasSizeGreaterThanOrEqualTo(16)
                    .allMatch(s -> s.contains("too many SQL requests running on database writer-flood's write lane"));
            Floods.stopsPromptly(server, flood);
        } finally {
            server.close();
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAutocommitWritesAndBatchesAllLandWithTheirRowids() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            HranaClient db = server.createDatabase("many-writers");
            db.executeOnce("CREATE TABLE w(id INTEGER PRIMARY KEY, k INTEGER NOT NULL)");
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<CompletableFuture<Long>> rowids = new ArrayList<>();
            try {
                for (int c = 0; c < 32; c++) {
                    int client = c;
                    rowids.add(CompletableFuture.supplyAsync(() -> {
                        long last = 0;
                        for (int i = 0; i < 50; i++) {
                            HranaClient.PipelineResult r = db.v2(null,
                                    Hrana.execute("INSERT INTO w(k) VALUES (" + (client * 1000 + i) + ")"), Hrana.close());
                            long rowid = r.requireOk().stmtResult(0).get("last_insert_rowid").asLong();
                            assertThat(rowid).isGreaterThan(last);
                            last = rowid;
                        }
                        return last;
                    }, pool));
                }
                for (CompletableFuture<Long> f : rowids) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(db.queryValue("SELECT count(*) FROM w")).isEqualTo(32L * 50);
            assertThat(db.queryValue("SELECT count(DISTINCT k) FROM w")).isEqualTo(32L * 50);
        }
    }

}

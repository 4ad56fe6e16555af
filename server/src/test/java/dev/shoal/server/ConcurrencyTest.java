package dev.shoal.server;

import static dev.shoal.testkit.Hrana.batch;
import static dev.shoal.testkit.Hrana.batchRequest;
import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.integer;
import static dev.shoal.testkit.Hrana.not;
import static dev.shoal.testkit.Hrana.ok;
import static dev.shoal.testkit.Hrana.step;
import static dev.shoal.testkit.Hrana.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many streams at once: contended writers on one database, and isolation between databases. */
class ConcurrencyTest {
    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What {@code @libsql/client} sends for {@code batch(stmts, "write")}, on a new stream each time. */
    @Test
    void hundredWriteBatchesWithTwentyInFlightAllCommit() throws Exception {
        HranaClient db = server.createDatabase("contended");
        db.executeOnce("CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
        db.executeOnce("INSERT INTO counter VALUES (1, 0)");
        db.executeOnce("CREATE TABLE hits(i INTEGER PRIMARY KEY, seen INTEGER)");

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return db.v2(null, batchRequest(batch(
                            step("BEGIN IMMEDIATE"),
                            step(ok(0), "UPDATE counter SET n = n + 1 WHERE id = 1"),
                            step(ok(1), stmt("INSERT INTO hits(i, seen) VALUES (?, (SELECT n FROM counter))", integer(n))),
                            step(ok(2), "COMMIT"),
                            step(not(ok(3)), "ROLLBACK"))), close())
                            .requireOk().okResponse(0).get("result");
                }));
            }
            go.countDown();
            for (Future<JsonNode> f : results) {
                JsonNode r = f.get(60, TimeUnit.SECONDS);
                for (int s = 0; s < 4; s++) {
                    assertThat(r.get("step_errors").get(s).isNull()).as("step %d error in %s", s, r).isTrue();
                    assertThat(r.get("step_results").get(s).isObject()).as("step %d result in %s", s, r).isTrue();
                }
                assertThat(r.get("step_results").get(4).isNull()).as("ROLLBACK skipped in %s", r).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.queryValue("SELECT n FROM counter WHERE id = 1")).isEqualTo(100L);
        assertThat(db.queryValue("SELECT count(*) FROM hits")).isEqualTo(100L);
        // Serialized writers: every batch saw a distinct counter value 1..100.
        assertThat(db.query("SELECT count(DISTINCT seen), min(seen), max(seen) FROM hits"))
                .containsExactly(List.of(100L, 1L, 100L));
    }

    /**
     * A long read on database A (a cursor whose second step counts to ten million) must not stall
     * database B: 50 point SELECTs on B, started once A's long step is under way, all finish while
     * it is still running.
     */
    @Test
    void longReadOnOneDatabaseDoesNotStallAnother() throws Exception {
        HranaClient a = server.createDatabase("long-read-a");
        HranaClient b = server.createDatabase("point-read-b");
        b.executeOnce("CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT)");
        b.executeOnce("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
                + "INSERT INTO kv SELECT x, 'v' || x FROM c");

        CountDownLatch longStepStarted = new CountDownLatch(1);
        CountDownLatch longStepDone = new CountDownLatch(1);
        AtomicReference<Object> longResult = new AtomicReference<>();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        long target = 10_000_000L;
        Thread reader = Thread.ofPlatform().name("long-read").start(() -> {
            try {
                HttpResponse<InputStream> r = a.cursorStreaming(null, batch(
                        step("SELECT 'warm-up'"),
                        step("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + target
                                + ") SELECT count(*) FROM c")));
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    int stepEnds = 0;
                    String line;
                    while ((line = in.readLine()) != null) {
                        JsonNode e = HttpJson.parse(line);
                        String type = e.path("type").asText();
                        if (type.equals("row") && stepEnds == 1) {
                            longResult.set(Hrana.decodeRow(e.get("row")).get(0));
                        }
                        if (type.equals("step_error")) {
                            throw new AssertionError("cursor step failed: " + e);
                        }
                        if (type.equals("step_end") && ++stepEnds == 1) {
                            longStepStarted.countDown(); // the server flushed step 0 and moves on to step 1
                        }
                    }
                }
            } catch (Throwable t) {
                readerFailure.set(t);
                longStepStarted.countDown();
            } finally {
                longStepDone.countDown();
            }
        });

        assertThat(longStepStarted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(readerFailure.get()).isNull();

        ExecutorService pool = Executors.newFixedThreadPool(10);
        AtomicLong finishedWhileLongReadRan = new AtomicLong();
        try {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                int k = i * 17;
                reads.add(CompletableFuture.runAsync(() -> {
                    assertThat(b.queryValue("SELECT v FROM kv WHERE k = ?", integer(k))).isEqualTo("v" + k);
                    if (longStepDone.getCount() == 1) {
                        finishedWhileLongReadRan.incrementAndGet();
                    }
                }, pool));
            }
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(longStepDone.getCount()).as("the long read on A is still running").isEqualTo(1);
        assertThat(finishedWhileLongReadRan.get()).isEqualTo(50);

        assertThat(longStepDone.await(60, TimeUnit.SECONDS)).isTrue();
        reader.join();
        assertThat(readerFailure.get()).isNull();
        assertThat(longResult.get()).isEqualTo(target);
    }

    @Test
    void manyStreamsOpenAtOnceEachKeepTheirOwnTransaction() throws Exception {
        HranaClient db = server.createDatabase("many-streams");
        db.executeOnce("CREATE TABLE t(x)");
        List<HranaClient.Stream> streams = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            HranaClient.Stream s = db.stream();
            s.execute("BEGIN");
            assertThat(s.queryValue("SELECT count(*) FROM t")).isEqualTo(0L);
            streams.add(s);
        }
        db.executeOnce("INSERT INTO t VALUES (1)");
        for (HranaClient.Stream s : streams) {
            assertThat(s.queryValue("SELECT count(*) FROM t")).as("snapshot isolation in an open read").isEqualTo(0L);
            s.execute("COMMIT");
            assertThat(s.queryValue("SELECT count(*) FROM t")).isEqualTo(1L);
            s.close();
        }
    }
}

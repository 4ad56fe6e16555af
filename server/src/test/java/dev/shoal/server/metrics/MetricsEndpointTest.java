package dev.shoal.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.storage.engine.StorageSettings;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a real server: the answer is the Prometheus text format, and its
 * counters move with what the server did (migration jobs and tasks, write-block windows, SQL API
 * requests by route and outcome, statement interrupts, admission refusals), with no database name
 * in any label. Who may read it: {@link MetricsAuthTest}.
 */
class MetricsEndpointTest {
    private static final String RUNAWAY =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static HttpJson http = new HttpJson();
    static PlatformClient platform;

    @BeforeAll
    static void start() {
        server = ShoalServer.start(ServerConfig.dev(dataDir, 0));
        platform = new PlatformClient(http, server.url(), "admin");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Scrape scrape(ShoalServer s) {
        HttpJson.Response r = new HttpJson().get(s.url() + "/metrics");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).contains("text/plain; version=0.0.4; charset=utf-8");
        return Scrape.parse(r.body());
    }

    /**
     * A scrape once {@code ready} holds (or the last one after 5 s): a request's timer is recorded
     * just after its answer is sent, so the client can ask for the next scrape a moment before.
     */
    static Scrape scrapeWhen(ShoalServer s, Predicate<Scrape> ready) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Scrape last = scrape(s);
        while (!ready.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = scrape(s);
        }
        return last;
    }

    private static HranaClient create(ObjectNode body) {
        HttpJson.Response r = platform.createRaw(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new HranaClient(http, PlatformClient.urlOf(r.json().get("database")));
    }

    private static String requests(String route, String outcome) {
        return "shoal_http_requests_seconds_count{outcome=\"" + outcome + "\",route=\"" + route + "\"}";
    }

    private static String tasks(String phase, String outcome) {
        return "shoal_migration_tasks_total{outcome=\"" + outcome + "\",phase=\"" + phase + "\"}";
    }

    private static String jobsFinished(String status) {
        return "shoal_migration_jobs_finished_total{status=\"" + status + "\"}";
    }

    @Test
    void migrationCountersMoveWithJobsTasksAndWriteBlockWindows() {
        Scrape before = scrape(server);
        HranaClient parent = create(HttpJson.MAPPER.createObjectNode().put("name", "metrics-schema").put("is_schema", true));
        parent.executeOnce("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"); // a job with no children
        HranaClient[] kids = new HranaClient[3];
        for (int i = 0; i < kids.length; i++) {
            kids[i] = create(HttpJson.MAPPER.createObjectNode().put("name", "metrics-kid-" + i)
                    .put("schema", "metrics-schema"));
        }
        parent.executeOnce("ALTER TABLE t ADD COLUMN w TEXT"); // dry run and run on three children
        kids[1].executeOnce("INSERT INTO t (v) VALUES ('same'), ('same')");
        HranaClient.PipelineResult refused = parent.v2(null, Hrana.execute("CREATE UNIQUE INDEX u ON t (v)"),
                Hrana.close());
        assertThat(refused.http().body()).contains("metrics-kid-1"); // its dry run fails there

        Scrape after = scrape(server);
        assertThat(delta(before, after, "shoal_migration_jobs_started_total")).isEqualTo(3);
        assertThat(delta(before, after, jobsFinished("RunSuccess"))).isEqualTo(2);
        assertThat(delta(before, after, jobsFinished("DryRunFailure"))).isEqualTo(1);
        assertThat(delta(before, after, jobsFinished("RunFailure"))).isZero();
        assertThat(delta(before, after, tasks("dry_run", "ok"))).isEqualTo(3 + 2);
        assertThat(delta(before, after, tasks("dry_run", "failed"))).isEqualTo(1);
        assertThat(delta(before, after, tasks("run", "ok"))).isEqualTo(3);
        assertThat(delta(before, after, tasks("run", "failed"))).isZero();
        assertThat(delta(before, after,
                "shoal_migration_task_duration_seconds_count{outcome=\"ok\",phase=\"run\"}")).isEqualTo(3);
        assertThat(delta(before, after, "shoal_migration_write_block_seconds_count")).isEqualTo(3);
        assertThat(delta(before, after, "shoal_migration_write_block_seconds_sum")).isPositive();
        assertThat(after.value("shoal_migration_jobs_running")).isZero();
        assertThat(after.value("shoal_migration_write_blocked_databases")).isZero();
        assertThat(after.types()).containsEntry("shoal_migration_jobs_started_total", "counter")
                .containsEntry("shoal_migration_task_duration_seconds", "histogram")
                .containsEntry("shoal_migration_write_block_seconds", "histogram")
                .containsEntry("shoal_migration_jobs_running", "gauge");
        assertThat(after.samples().keySet()).noneMatch(k -> k.contains("metrics-kid") || k.contains("metrics-schema"));
    }

    @Test
    void requestsAreCountedByRouteAndOutcome() throws InterruptedException {
        HranaClient db = new HranaClient(http, PlatformClient.urlOf(platform.createOk("metrics-requests")));
        Scrape before = scrape(server);
        db.executeOnce("CREATE TABLE r (x)");
        db.executeOnce("INSERT INTO r VALUES (1)");
        db.v3(null, Hrana.execute("SELECT x FROM r"), Hrana.close()).requireOk();
        assertThat(db.cursor(null, Hrana.batch(Hrana.step(Hrana.stmt("SELECT x FROM r")))).status()).isEqualTo(200);
        assertThat(http.get(db.url("dump")).status()).isEqualTo(200);
        assertThat(platform.get("metrics-requests").status()).isEqualTo(200);
        HranaClient missing = new HranaClient(http, server.url() + "/db/admin/no-such-db/");
        assertThat(missing.v2(null, Hrana.execute("SELECT 1"), Hrana.close()).status()).isEqualTo(404);

        Scrape after = scrapeWhen(server, s -> delta(before, s, requests("pipeline_v2", "client_error")) >= 1);
        assertThat(delta(before, after, requests("pipeline_v2", "ok"))).isEqualTo(2);
        assertThat(delta(before, after, requests("pipeline_v2", "client_error"))).isEqualTo(1);
        assertThat(delta(before, after, requests("pipeline_v3", "ok"))).isEqualTo(1);
        assertThat(delta(before, after, requests("cursor", "ok"))).isEqualTo(1);
        assertThat(delta(before, after, requests("dump", "ok"))).isEqualTo(1);
        assertThat(delta(before, after, requests("platform", "ok"))).isEqualTo(1);
        assertThat(delta(before, after, requests("metrics", "ok"))).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "shoal_http_requests_seconds_sum{outcome=\"ok\",route=\"pipeline_v2\"}"))
                .isPositive();
        assertThat(after.value("shoal_open_databases")).isPositive();
        assertThat(after.value("shoal_sql_workers_max")).isEqualTo(server.config().sqlThreads());
        assertThat(after.samples()).containsKey("shoal_hrana_streams_open");
        assertThat(after.samples().keySet()).noneMatch(k -> k.contains("no-such-db") || k.contains("metrics-requests"));
    }

    @Test
    void jobsRoutesAreTheirOwnRoute() throws InterruptedException {
        HranaClient parent = create(HttpJson.MAPPER.createObjectNode().put("name", "metrics-jobs").put("is_schema", true));
        Scrape before = scrape(server);
        assertThat(http.get(parent.url("v1/jobs")).status()).isEqualTo(200);
        assertThat(http.get(platform.databasesUrl() + "/metrics-jobs/jobs").status()).isEqualTo(200);
        Scrape after = scrapeWhen(server, s -> delta(before, s, requests("jobs", "ok")) >= 2);
        assertThat(delta(before, after, requests("jobs", "ok"))).isEqualTo(2);
    }

    @Test
    void jvmAndProcessBasicsAreThere() {
        Scrape s = scrape(server);
        assertThat(s.samples().keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
                .anyMatch(k -> k.startsWith("jvm_threads_live_threads"))
                .anyMatch(k -> k.startsWith("jvm_gc_"))
                .anyMatch(k -> k.startsWith("process_uptime_seconds"))
                .anyMatch(k -> k.startsWith("process_cpu_usage"));
    }

    @Test
    void statementInterruptsAndAdmissionRefusalsAreCounted(@TempDir Path dir) throws Exception {
        // One turn per database, a short wait for it, and a short statement time limit.
        ShoalServer small = ShoalServer.start(ServerConfig.dev(dir, 0).withAdmission(1, 1, Duration.ofMillis(100))
                .withStorage(new StorageSettings(dir, 1000, 4, Duration.ofSeconds(5), "NORMAL", Duration.ofMillis(500),
                        StorageSettings.DEFAULT_MAX_VALUE_BYTES)));
        try {
            HranaClient db = new HranaClient(http, PlatformClient.urlOf(
                    new PlatformClient(http, small.url(), "admin").createOk("runaway")));
            Scrape before = scrape(small);
            CompletableFuture<HranaClient.PipelineResult> runaway = CompletableFuture.supplyAsync(() ->
                    db.v2(null, Hrana.execute(RUNAWAY), Hrana.close()));
            int busy = 0;
            while (!runaway.isDone()) {
                busy += db.v2(null, Hrana.execute("SELECT 1"), Hrana.close()).status() == 429 ? 1 : 0;
            }
            HranaClient.PipelineResult r = runaway.join();
            assertThat(r.http().body()).as("the runaway got its turn and ran past the limit").contains("interrupted");
            assertThat(busy).as("requests that found the one turn taken").isPositive();
            final int refused = busy;
            Scrape after = scrapeWhen(small,
                    s -> delta(before, s, requests("pipeline_v2", "client_error")) >= refused);
            assertThat(delta(before, after, "shoal_sql_statement_interrupts_total")).isEqualTo(1);
            assertThat(delta(before, after, "shoal_sql_admission_refusals_total{limit=\"database\"}")).isEqualTo(busy);
            assertThat(delta(before, after, "shoal_sql_admission_refusals_total{limit=\"organization\"}")).isZero();
            assertThat(delta(before, after, requests("pipeline_v2", "client_error"))).isEqualTo(busy);
        } finally {
            small.close();
        }
    }

    static double delta(Scrape before, Scrape after, String key) {
        return after.value(key) - before.value(key);
    }
}

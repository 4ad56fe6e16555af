package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online mode: while a job runs over 2,000 children, tenants keep writing to their children and
 * none of their writes is refused; a strict family refuses them ({@code BLOCKED}) meanwhile.
 */
class OnlineMigrationTest {
    private static final int CHILDREN = 2000;
    private static final int WRITTEN = 20;

    @TempDir
    Path dataDir;

    @Test
    void writesKeepFlowingToChildrenWhileAnOnlineJobRuns() throws Exception {
        try (ShoalServer server = ShoalServer.start(ServerConfig.dev(dataDir, 0))) {
            HttpJson http = new HttpJson();
            PlatformClient platform = new PlatformClient(http, server.url(), "admin");
            platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", "on-schema").put("is_schema", true));
            http.patch(server.url() + "/v1/organizations/admin/databases/on-schema/configuration",
                    HttpJson.MAPPER.createObjectNode().put("migration_mode", "online"));
            HranaClient schema = new HranaClient(http, server.url() + "/db/admin/on-schema/");
            schema.executeOnce("CREATE TABLE t (x)");
            List<String> kids = IntStream.range(0, CHILDREN).mapToObj(i -> String.format("on-%04d", i)).toList();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (Future<?> f : pool.invokeAll(kids.stream().<java.util.concurrent.Callable<Object>>map(k -> () ->
                        platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", k).put("schema", "on-schema")))
                        .toList())) {
                    f.get();
                }
                // Writers on 20 children spread over the family, for as long as the job runs.
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger writes = new AtomicInteger();
                AtomicInteger duringJob = new AtomicInteger();
                ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
                AtomicBoolean jobRunning = new AtomicBoolean(false);
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int first = w;
                    writers.add(pool.submit(() -> {
                        int n = 0;
                        while (running.get()) {
                            String kid = kids.get(((first + 4 * (n++ % (WRITTEN / 4))) * (CHILDREN / WRITTEN)));
                            HranaClient.PipelineResult r = new HranaClient(http, server.url() + "/db/admin/" + kid
                                    + "/").pipeline(2, null, dev.shoal.testkit.Hrana.execute("INSERT INTO t (x) VALUES (1)"),
                                    dev.shoal.testkit.Hrana.close());
                            JsonNode res = r.status() == 200 ? r.json().path("results").path(0) : null;
                            if (res == null || !res.path("type").asText().equals("ok")) {
                                errors.add(kid + ": " + r.http());
                            } else {
                                writes.incrementAndGet();
                                if (jobRunning.get()) {
                                    duringJob.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(300);
                jobRunning.set(true);
                long started = System.nanoTime();
                schema.executeOnce("ALTER TABLE t ADD COLUMN y DEFAULT 'new'");
                long jobMillis = (System.nanoTime() - started) / 1_000_000;
                jobRunning.set(false);
                Thread.sleep(200);
                running.set(false);
                for (Future<?> f : writers) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(errors).as("no write refused while the online job ran").isEmpty();
                assertThat(duringJob.get()).as("writes completed during the %d ms job", jobMillis).isGreaterThan(0);
                long v = (Long) schema.queryValue("PRAGMA user_version");
                for (int i = 0; i < CHILDREN; i += CHILDREN / WRITTEN) {
                    HranaClient kid = new HranaClient(http, server.url() + "/db/admin/" + kids.get(i) + "/");
                    assertThat(kid.queryValue("PRAGMA user_version")).isEqualTo(v);
                    assertThat(kid.query("SELECT count(*) FROM t WHERE y = 'new'").get(0).get(0))
                            .as("every row written before or during the job got the column").isEqualTo(
                                    kid.query("SELECT count(*) FROM t").get(0).get(0));
                }
                JsonNode job = http.get(schema.url("v1/jobs")).json().get("migrations").get(0);
                assertThat(job.get("status").asText()).isEqualTo("RunSuccess");
                assertThat(job.get("mode").asText()).isEqualTo("online");
                assertThat(job.get("children").asInt()).isEqualTo(CHILDREN);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

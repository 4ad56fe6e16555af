package dev.shoal.server;

import static dev.shoal.server.Checks.assertPlatformError;
import static dev.shoal.testkit.Hrana.batch;
import static dev.shoal.testkit.Hrana.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Platform API calls that do file-level SQLite work (copying, importing, deleting databases) run
 * on the SQL worker threads, not on the virtual thread serving the request, whose carrier a
 * native call would pin. Shown by taking every SQL thread: those calls then get 429 as SQL does,
 * and succeed once a thread is free.
 */
class PlatformSqlThreadsTest {
    @TempDir
    Path dataDir;

    @Test
    void copyingAndDeletingDatabasesRunOnTheSqlThreads() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withSqlThreads(2))) {
            HranaClient source = server.createDatabase("source");
            source.executeOnce("CREATE TABLE t(x)");
            server.platform.createOk("doomed");
            Map<String, Object> copy = Map.of("name", "copy", "seed", Map.of("type", "database", "name", "source"));

            List<InputStream> unread = takeEverySqlThread(server.hrana);
            try {
                HttpJson.Response refused = server.platform.createRaw(copy);
                assertPlatformError(refused, 429);
                assertThat(refused.json().path("error").asText()).contains("SQL threads are working");
                assertPlatformError(server.platform.delete("doomed"), 429);
            } finally {
                for (InputStream in : unread) {
                    in.close(); // the cursors' clients go away: their SQL threads are free again
                }
            }

            assertThat(untilNotBusy(() -> server.platform.createRaw(copy)).status()).isEqualTo(200);
            assertThat(untilNotBusy(() -> server.platform.delete("doomed")).status()).isEqualTo(200);
        }
    }

    /**
     * Two cursors over far more rows than the socket buffers hold, never read: each one's SQL
     * thread blocks writing. Returns once a probe is refused because both threads are taken.
     */
    private static List<InputStream> takeEverySqlThread(HranaClient hrana) throws InterruptedException {
        List<InputStream> unread = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<InputStream> r = hrana.cursorStreaming(null, batch(step(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) "
                            + "SELECT x, printf('%0200d', x) FROM c")));
            unread.add(r.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            // A sequence always takes a SQL thread (a lone SELECT may run on the request's thread: QuickReads).
            if (hrana.v2(null, Hrana.sequence("SELECT 1"), Hrana.close()).status() == 429) {
                return unread;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the two cursors never took both SQL threads");
    }

    /** A request retried while the freed SQL threads are still finishing their cursors. */
    private static HttpJson.Response untilNotBusy(java.util.function.Supplier<HttpJson.Response> call)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        HttpJson.Response r = call.get();
        while (r.status() == 429 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            r = call.get();
        }
        return r;
    }
}

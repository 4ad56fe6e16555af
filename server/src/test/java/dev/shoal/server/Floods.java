package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the flood tests share: one request's outcome as text, waiting for most of a flood's answers, the server's stop. */
final class Floods {
    private Floods() {}

    /** The status and body of a pipeline running {@code sql} on a new stream, or how it failed. */
    static String outcome(HranaClient db, String sql) {
        try {
            HranaClient.PipelineResult r = db.v2(null, Hrana.execute(sql), Hrana.close());
            return r.status() + " " + r.http().body();
        } catch (RuntimeException e) {
            return "failed: " + e;
        }
    }

    /** The outcomes answered within 20 s, once at least {@code atLeast} are (or all that were by then). */
    static List<String> awaitAnswered(List<CompletableFuture<String>> flood, int atLeast) throws InterruptedException {
        List<String> done = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            done = flood.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
            if (done.size() >= atLeast) {
                break;
            }
            Thread.sleep(50);
        }
        return done;
    }

    /** Closes the server while the flood runs: within 10 s, and every request of the flood is answered. */
    static void stopsPromptly(TestServer server, List<CompletableFuture<String>> flood) throws Exception {
        long start = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        for (CompletableFuture<String> f : flood) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isNotNull();
        }
    }
}

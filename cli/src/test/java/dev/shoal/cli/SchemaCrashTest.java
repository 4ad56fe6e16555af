package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.crash.ServerChild;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real server (its own JVM) at several moments of a DML migration of a schema
 * database with 2,000 children: after each restart the job finishes, every database of the family
 * is at the same version, and each row the migration inserts is there exactly once in every one
 * of them (a double apply would show as a duplicate), or — when the kill came before the job was
 * recorded — nowhere at all.
 */
class SchemaCrashTest {
    private static final int CHILDREN = 2_000;
    private static final int[] KILL_AFTER_MS = {150, 700, 1500};

    @TempDir
    Path dir;

    @Test
    void aMigrationKilledAtAnyMomentFinishesExactlyOnceAfterRestart() throws Exception {
        Path data = dir.resolve("data");
        ServerChild.Command command = ServerChild.Command.dev(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                List.of("-cp", System.getProperty("java.class.path"), ShoalCommand.class.getName()), data,
                dir.resolve("server.log"), dir.resolve("home"));
        ServerChild server = ServerChild.start(command);
        try {
            HttpJson http = new HttpJson(Duration.ofSeconds(120));
            createFamily(http, server.url());
            boolean resumedAny = false;
            for (int k = 0; k < KILL_AFTER_MS.length; k++) {
                HranaClient parent = db(http, server.url(), "crash-schema");
                long before = (Long) parent.queryValue("PRAGMA user_version");
                int mark = k;
                CompletableFuture<Object> migration = CompletableFuture.supplyAsync(() -> {
                    try {
                        return parent.v2(null, Hrana.execute("INSERT INTO t (job) VALUES (?)", Hrana.integer(mark)),
                                Hrana.close());
                    } catch (RuntimeException e) {
                        return e; // the server was killed under it
                    }
                });
                Thread.sleep(KILL_AFTER_MS[k]);
                server.kill();
                Object answer = migration.join();
                server = ServerChild.start(command);
                checkFamily(http, server.url(), before, mark);
                long after = (Long) db(http, server.url(), "crash-schema").queryValue("PRAGMA user_version");
                // The client never got its answer, yet the family moved on: the restarted server finished the job.
                boolean resumed = answer instanceof RuntimeException && after == before + 1;
                resumedAny |= resumed;
                System.out.printf("kill after %d ms: client %s; version %d -> %d%s%n", KILL_AFTER_MS[k],
                        answer instanceof RuntimeException ? "got no answer" : "got an answer", before, after,
                        resumed ? " (finished after the restart)" : "");
            }
            assertThat(resumedAny).as("at least one kill landed inside a job (else this test proves nothing)").isTrue();
        } finally {
            server.close();
        }
    }

    private static HranaClient db(HttpJson http, String url, String name) {
        return new HranaClient(http, url + "/db/admin/" + name + "/");
    }

    private static void createFamily(HttpJson http, String url) throws Exception {
        String api = url + "/v1/organizations/admin/databases";
        http.post(api, HttpJson.MAPPER.createObjectNode().put("name", "crash-schema").put("is_schema", true));
        db(http, url, "crash-schema").executeOnce("CREATE TABLE t (id INTEGER PRIMARY KEY, job INTEGER)");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpJson.Response>> created = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            String name = "kid-" + i;
            created.add(pool.submit(() -> http.post(api, HttpJson.MAPPER.createObjectNode().put("name", name)
                    .put("schema", "crash-schema"))));
        }
        for (Future<HttpJson.Response> f : created) {
            assertThat(f.get().status()).as(f.get().toString()).isEqualTo(200);
        }
        pool.shutdown();
    }

    /** Waits for the family to settle, then checks every database. */
    private static void checkFamily(HttpJson http, String url, long before, int mark) throws Exception {
        HranaClient parent = db(http, url, "crash-schema");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (unfinished(http, parent) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(unfinished(http, parent)).as("the interrupted job finished after the restart").isFalse();
        long version = (Long) parent.queryValue("PRAGMA user_version");
        long rows = (Long) parent.queryValue("SELECT count(*) FROM t WHERE job = ?", Hrana.integer(mark));
        assertThat(version).isIn(before, before + 1);
        assertThat(rows).as("applied once, or not at all").isEqualTo(version - before);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Object>>> seen = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            HranaClient kid = db(http, url, "kid-" + i);
            seen.add(pool.submit(() -> List.of(kid.queryValue("PRAGMA user_version"),
                    kid.queryValue("SELECT count(*) FROM t WHERE job = ?", Hrana.integer(mark)))));
        }
        for (int i = 0; i < CHILDREN; i++) {
            assertThat(seen.get(i).get()).as("kid-" + i).containsExactly(version, rows);
        }
        pool.shutdown();
    }

    private static boolean unfinished(HttpJson http, HranaClient parent) {
        var jobs = http.get(parent.url("v1/jobs")).json().get("migrations");
        for (var j : jobs) {
            String s = j.get("status").asText();
            if (!s.equals("RunSuccess") && !s.equals("RunFailure") && !s.equals("DryRunFailure")) {
                return true;
            }
        }
        return false;
    }
}

package dev.shoal.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET <schema-db-url>/v1/jobs/{id}/events}: a job's progress as Server-Sent Events while it
 * runs, each failed child, and its end; bounded per schema database.
 */
class JobEventsTest {
    @TempDir
    static Path dataDir;

    static ShoalServer server;
    static final HttpJson http = new HttpJson();
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

    private static HranaClient db(String name) {
        return new HranaClient(http, server.url() + "/db/admin/" + name + "/");
    }

    private static void family(String schema, String... kids) {
        platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", schema).put("is_schema", true));
        db(schema).executeOnce("CREATE TABLE t (x)");
        for (String kid : kids) {
            platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", kid).put("schema", schema));
        }
    }

    private static long newestJob(String schema) {
        return http.get(db(schema).url("v1/jobs")).json().get("migrations").get(0).get("job_id").asLong();
    }

    /** Opens the event stream on a raw socket; returns it with the status line read. */
    private static Socket open(String schema, long job, List<String> statusOut) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET /db/admin/" + schema + "/v1/jobs/" + job + "/events HTTP/1.1\r\nHost: x\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        statusOut.add(in.readLine());
        return s;
    }

    /** Every `event: name` / `data: …` pair until the `finished` event (chunk-size lines skipped). */
    private static List<String> eventsUntilFinished(String url) throws Exception {
        var res = http.client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        String name = null;
        for (String line : (Iterable<String>) res.body()::iterator) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                events.add(name + " " + line.substring(5).trim());
                if ("finished".equals(name)) {
                    break;
                }
            }
        }
        return events;
    }

    @Test
    void aRunningJobStreamsItsProgressAndItsEnd() throws Exception {
        family("ev-schema", "ev-a", "ev-b", "ev-busy");
        HranaClient.Stream holder = db("ev-busy").stream();
        holder.execute("BEGIN IMMEDIATE");
        holder.execute("INSERT INTO t VALUES (1)"); // holds the job at ev-busy's dry run
        long before = newestJob("ev-schema");
        CompletableFuture<?> migration = CompletableFuture.runAsync(() ->
                db("ev-schema").executeOnce("ALTER TABLE t ADD COLUMN y"));
        long job = before;
        for (int i = 0; i < 100 && (job = newestJob("ev-schema")) == before; i++) { // until the job is recorded
            Thread.sleep(50);
        }
        assertThat(job).isGreaterThan(before);
        long running = job;
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> {
            try {
                return eventsUntilFinished(db("ev-schema").url("v1/jobs/" + running + "/events"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(600);
        assertThat(events).as("the stream stays open while the job runs").isNotDone();
        holder.execute("COMMIT");
        holder.close();
        migration.get(30, TimeUnit.SECONDS);
        List<String> got = events.get(30, TimeUnit.SECONDS);
        assertThat(got.get(0)).startsWith("progress {\"job_id\":" + job + ",\"status\":\"WaitingDryRun\",\"children\":3");
        assertThat(got).anyMatch(e -> e.startsWith("progress ") && e.contains("\"run\":{\"done\":3,\"failed\":0}"));
        assertThat(got.get(got.size() - 1)).isEqualTo("finished {\"job_id\":" + job + ",\"status\":\"RunSuccess\","
                + "\"error\":null}");
    }

    @Test
    void aFinishedJobNamesItsFailedChildAndEndsAtOnce() throws Exception {
        family("evf-schema", "evf-ok", "evf-bad");
        db("evf-bad").executeOnce("INSERT INTO t VALUES (1), (1)");
        db("evf-schema").stream().executeError("CREATE UNIQUE INDEX u ON t(x)");
        long job = newestJob("evf-schema");
        List<String> got = eventsUntilFinished(db("evf-schema").url("v1/jobs/" + job + "/events"));
        assertThat(got).contains("failed {\"database\":\"evf-bad\",\"phase\":\"dry-run\","
                + "\"error\":\"UNIQUE constraint failed: t.x\"}");
        assertThat(got.get(got.size() - 1)).startsWith("finished {\"job_id\":" + job + ",\"status\":\"DryRunFailure\","
                + "\"error\":\"migration dry run failed on database evf-bad: UNIQUE constraint failed: t.x\"");
    }

    @Test
    void refusalsAreClearAndStreamsAreBounded() throws Exception {
        family("evl-schema", "evl-busy");
        assertThat(http.get(db("evl-schema").url("v1/jobs/999999/events")).status()).isEqualTo(404);
        assertThat(http.get(db("evl-busy").url("v1/jobs/1/events")).json().get("error").asText())
                .isEqualTo("Invalid namespace");
        HranaClient.Stream holder = db("evl-busy").stream();
        holder.execute("BEGIN IMMEDIATE");
        holder.execute("INSERT INTO t VALUES (1)");
        long before = newestJob("evl-schema");
        CompletableFuture<?> migration = CompletableFuture.runAsync(() ->
                db("evl-schema").executeOnce("ALTER TABLE t ADD COLUMN y"));
        long job = before;
        for (int i = 0; i < 100 && (job = newestJob("evl-schema")) == before; i++) { // until the job is recorded
            Thread.sleep(50);
        }
        assertThat(job).isGreaterThan(before);
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                List<String> status = new ArrayList<>();
                open.add(open("evl-schema", job, status));
                assertThat(status.get(0)).as("stream " + (i + 1)).isEqualTo("HTTP/1.1 200 OK");
            }
            HttpJson.Response refused = http.get(db("evl-schema").url("v1/jobs/" + job + "/events"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("error").asText()).isEqualTo("too many progress streams open (at most 16 per "
                    + "schema database and 256 in all); retry later");
        } finally {
            for (Socket s : open) {
                s.close();
            }
            holder.execute("COMMIT");
            holder.close();
            migration.get(30, TimeUnit.SECONDS);
        }
    }
}

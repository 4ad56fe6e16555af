package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines that take longer than a second: the client still gets a valid response, and a client
 * that hangs up has its statement interrupted instead of left running to the time limit.
 */
class ClientGoneTest {
    private static final String RUNAWAY =
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    @TempDir
    Path dataDir;

    @Test
    void aClientThatHangsUpHasItsStatementInterrupted() throws Exception {
        // One turn per database: while the runaway runs, nothing else of that database can.
        try (TestServer server = TestServer.start(dataDir, c -> c.withAdmission(1, 4, Duration.ofSeconds(20)))) {
            HranaClient db = server.createDatabase("leaver");
            URI url = URI.create(db.url("v2/pipeline"));
            byte[] body = HttpJson.toBytes(Hrana.pipelineBody(null, Hrana.execute(RUNAWAY), Hrana.close()));
            try (Socket s = new Socket(url.getHost(), url.getPort())) {
                post(s, url, body);
                InputStream in = s.getInputStream();
                s.setSoTimeout(5000);
                assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
            } // hang up while the statement runs (time limit: 30 s)
            long start = System.nanoTime();
            assertThat(db.queryValue("SELECT 1")).isEqualTo(1L);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aSlowPipelineStillAnswersAValidResponse() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            HranaClient db = server.createDatabase("slow");
            db.executeOnce("CREATE TABLE t(x)");
            HranaClient.Stream holder = db.stream();
            holder.execute("BEGIN IMMEDIATE");
            CompletableFuture<HranaClient.PipelineResult> waiting = CompletableFuture.supplyAsync(() ->
                    db.v2(null, Hrana.execute("INSERT INTO t VALUES (1)"), Hrana.execute("SELECT count(*) FROM t"),
                            Hrana.close()));
            Thread.sleep(3000); // the writer waits on the write gate, well past the quiet second (a loaded machine
            // may take a second to start the request)
            holder.execute("COMMIT");
            HranaClient.PipelineResult r = waiting.get();
            assertThat(r.http().body()).startsWith(" ");
            assertThat(r.requireOk().stmtResult(1).get("rows").get(0).get(0).get("value").asText()).isEqualTo("1");
            holder.close();
        }
    }

    /**
     * A client that stops reading a big answer holds no turn of its database: the turn ends when the
     * SQL is done, before the answer is written (with one turn per database, the next request would
     * otherwise wait until the stalled write ends, and get BUSY).
     */
    @Test
    void aClientThatStopsReadingItsAnswerHoldsNoTurn() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withAdmission(1, 4, Duration.ofMillis(500)))) {
            HranaClient db = server.createDatabase("stalled-reader");
            db.executeOnce("CREATE TABLE big(b BLOB)");
            db.executeOnce("INSERT INTO big VALUES (randomblob(5000000))"); // about 6.7 MB of base64 in the answer
            URI url = URI.create(db.url("v2/pipeline"));
            byte[] body = HttpJson.toBytes(Hrana.pipelineBody(null, Hrana.execute("SELECT b FROM big"), Hrana.close()));
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096); // before connecting: the kernel holds little of the answer for us
                s.connect(new java.net.InetSocketAddress(url.getHost(), url.getPort()));
                post(s, url, body);
                InputStream in = s.getInputStream();
                s.setSoTimeout(5000);
                assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
                Thread.sleep(300); // the answer's write is now stalled on the full socket
                for (int i = 0; i < 5; i++) {
                    assertThat(db.queryValue("SELECT count(*) FROM big")).isEqualTo(1L);
                }
            }
        }
    }

    /** Sends a pipeline request by hand, so the test decides how (and whether) the answer is read. */
    private static void post(Socket s, URI url, byte[] body) throws java.io.IOException {
        OutputStream out = s.getOutputStream();
        out.write(("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }
}

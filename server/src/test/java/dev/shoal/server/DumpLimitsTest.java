package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.storage.engine.StorageSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump far larger than the socket buffers: streamed whole from one snapshot; a client that hangs
 * up mid-dump, or stops reading past the time limit, leaves no turn, transaction or connection held.
 */
class DumpLimitsTest {
    /** About 23 MB of dump text: well beyond what the socket buffers on both sides can hold. */
    private static final int ROWS = 100_000;

    @TempDir
    Path dataDir;

    private static HranaClient bigDatabase(TestServer server, String name) {
        HranaClient db = server.createDatabase(name);
        db.executeOnce("CREATE TABLE big(id INTEGER PRIMARY KEY, payload BLOB)");
        db.executeOnce("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + ROWS + ")"
                + " INSERT INTO big SELECT x, randomblob(100) FROM c");
        db.executeOnce("CREATE TABLE later(note TEXT)");
        return db;
    }

    private static HttpResponse<InputStream> open(TestServer server, HranaClient db) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(db.url("dump"))).timeout(Duration.ofSeconds(60)).build();
        return server.http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aLargeDumpStreamsWholeFromOneSnapshot() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            HranaClient db = bigDatabase(server, "large");
            HttpResponse<InputStream> res = open(server, db);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("content-length")).as("streamed, not buffered").isEmpty();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                assertThat(in.readLine()).isEqualTo("PRAGMA foreign_keys=OFF;");
                assertThat(in.readLine()).isEqualTo("BEGIN TRANSACTION;");
                assertThat(in.readLine()).isEqualTo("CREATE TABLE big(id INTEGER PRIMARY KEY, payload BLOB);");
                // written while the dump is still on `big`: the dump's snapshot is older than this row
                db.executeOnce("INSERT INTO later VALUES ('written during the dump')");
                long inserts = 0;
                long bytes = 0;
                String last = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    bytes += line.length() + 1;
                    if (line.startsWith("INSERT INTO big VALUES(")) {
                        inserts++;
                        assertThat(line).matches("INSERT INTO big VALUES\\(" + inserts + ",X'[0-9a-f]{200}'\\);");
                    } else {
                        assertThat(line).doesNotContain("written during the dump");
                    }
                    last = line;
                }
                assertThat(inserts).isEqualTo(ROWS);
                assertThat(bytes).isGreaterThan(20_000_000L);
                assertThat(last).isEqualTo("COMMIT;");
            }
            assertThat(db.queryValue("SELECT count(*) FROM later")).isEqualTo(1L);
        }
    }

    @Test
    void aClientThatHangsUpMidDumpLeavesNothingHeld() throws Exception {
        // One turn per database: the query below runs only once the dump has given its turn back.
        try (TestServer server = TestServer.start(dataDir, c -> c.withAdmission(1, 4, Duration.ofSeconds(20)))) {
            HranaClient db = bigDatabase(server, "leaver");
            try (Socket s = get(server, "/db/admin/leaver/dump")) {
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
                assertThat(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8)).contains("INSERT INTO big");
            } // hang up with megabytes still to come
            assertThat(db.queryValue("SELECT count(*) FROM big")).isEqualTo((long) ROWS);
            db.executeOnce("INSERT INTO later VALUES ('still writable')");
            assertThat(server.platform.delete("leaver").status()).isEqualTo(200);
            assertThat(server.http.get(db.url("dump")).status()).isEqualTo(404);
        }
    }

    @Test
    void aDumpPastTheTimeLimitIsCutOffAndAClientThatStoppedReadingHoldsNothing() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withAdmission(1, 4, Duration.ofSeconds(20))
                .withStorage(new StorageSettings(dataDir, 1000, 4, Duration.ofSeconds(5), "NORMAL", Duration.ofSeconds(2),
                        StorageSettings.DEFAULT_MAX_VALUE_BYTES)))) {
            HranaClient db = bigDatabase(server, "stalled");
            String cutOff;
            try (Socket s = get(server, "/db/admin/stalled/dump")) {
                // The response has begun, so the dump holds the database's one turn (without this, the
                // query below could take the turn first, and the dump would then run with a reader).
                InputStream in = s.getInputStream();
                byte[] status = in.readNBytes(15);
                assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
                // The client reads nothing more: the dump waits for it until its time limit, then gives up
                // its transaction, connection and turn, so this query gets the turn.
                assertThat(db.queryValue("SELECT count(*) FROM big")).isEqualTo((long) ROWS);
                s.setSoTimeout(20_000);
                byte[] rest = in.readAllBytes(); // until the server cut the connection
                byte[] all = java.util.Arrays.copyOf(status, status.length + rest.length);
                System.arraycopy(rest, 0, all, status.length, rest.length);
                ChunkedBody r = ChunkedBody.parse(all);
                assertThat(r.head()).startsWith("HTTP/1.1 200 OK").contains("Transfer-Encoding: chunked");
                assertThat(r.complete()).as("no last chunk: the response is visibly incomplete").isFalse();
                assertThat(r.body()).startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n")
                        .endsWith(");\n-- the dump did not finish: SQLITE_INTERRUPT: dump interrupted: a whole dump "
                                + "must finish within the statement time limit of 2 s (server setting statement-timeout)"
                                + "\nROLLBACK;\n")
                        .doesNotContain("COMMIT;");
                cutOff = r.body();
            }
            // what arrived loads nothing: a dump seed that rolls back is refused, and no database is made
            ObjectNode body = HttpJson.MAPPER.createObjectNode().put("name", "from-cut-off");
            body.putObject("seed").put("type", "dump").put("url", DumpRouteTest.upload(server, cutOff));
            HttpJson.Response refused = server.platform.createRaw(body);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).contains("the dump rolls back its own transaction");
            assertThat(server.platform.get("from-cut-off").status()).isEqualTo(404);
            db.executeOnce("INSERT INTO later VALUES ('still writable')");
        }
    }

    /** Sends a GET on a plain socket and leaves the response unread. */
    private static Socket get(TestServer server, String path) throws IOException {
        Socket s = new Socket("127.0.0.1", server.server.port());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }
}

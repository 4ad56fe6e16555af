package dev.shoal.bench;

import dev.shoal.server.ShoalServer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The <b>stack's ceiling</b> for the point-select harness: the same WebServer (Helidon SE, the
 * version and socket options Shoal uses, as many virtual-thread carriers as Shoal gives itself) and
 * the same SQLite binding (sqlite-jdbc, connections opened with the server's settings), with none
 * of Shoal in between. It answers
 * <ul>
 *   <li>{@code GET /health}: an empty 200, as Shoal's floor does;</li>
 *   <li>{@code POST /canned}: reads the body and answers a fixed Hrana result of the point SELECT's
 *       size (what a POST with a body and a JSON answer costs here, with no SQL);</li>
 *   <li>{@code POST /v2/pipeline}: reads the body, takes the key from the first {@code "value":"…"}
 *       by a scan of the bytes, runs {@code SELECT v FROM kv WHERE k = ?} on a pooled prepared
 *       statement on the request's thread, and writes the same answer Shoal writes.</li>
 * </ul>
 * It is not a Hrana server: no JSON parser, no SQL policy, no streams, no limits, no auth. It is
 * what this stack costs for the point SELECT when everything Shoal does costs nothing, so that the
 * harness can show, in the same run, how far the 0.6×-of-the-floor target is from what the stack
 * itself reaches. Run by {@link PointSelectBench} as a separate JVM:
 * {@code java -cp shoal-bench.jar dev.shoal.bench.StackCeilingServer --db FILE --rows N}; it prints
 * {@code listening on http://127.0.0.1:<port>}.
 */
public final class StackCeilingServer {
    private static final byte[] KEY_MARK = "\"value\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final String HEAD = "{\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\",\"result\":"
            + "{\"cols\":[{\"name\":\"v\",\"decltype\":\"TEXT\"}],\"rows\":[[{\"type\":\"text\",\"value\":\"";
    private static final String TAIL = "\"}]],\"affected_row_count\":0,\"last_insert_rowid\":null,"
            + "\"replication_index\":null,\"rows_read\":1,\"rows_written\":0,\"query_duration_ms\":0.004}}},"
            + "{\"type\":\"ok\",\"response\":{\"type\":\"close\"}}],\"baton\":null,\"base_url\":null}";
    private static final byte[] CANNED = (HEAD + "value-1" + TAIL).getBytes(StandardCharsets.UTF_8);

    private final BlockingQueue<PreparedStatement> statements;

    private StackCeilingServer(BlockingQueue<PreparedStatement> statements) {
        this.statements = statements;
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv);
        Path db = a.path("db", "ceiling.db");
        int rows = a.integer("rows", 10_000);
        a.checkAllUsed();
        ShoalServer.defaultCarriers(); // as the CLI does first: twice as many carriers as cores
        int carriers = Integer.getInteger(ShoalServer.CARRIERS_PROPERTY);
        try (Connection c = JdbcLoad.connect(db); Statement st = c.createStatement()) {
            for (String sql : SqlWorkloads.keyValueTable("kv", rows)) {
                st.execute(sql);
            }
        }
        BlockingQueue<PreparedStatement> pool = new ArrayBlockingQueue<>(carriers);
        for (int i = 0; i < carriers; i++) {
            pool.add(JdbcLoad.connect(db).prepareStatement(SqlWorkloads.SELECT));
        }
        StackCeilingServer s = new StackCeilingServer(pool);
        WebServer web = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(true)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.get("/health", (req, res) -> res.send())
                        .post("/canned", (req, res) -> {
                            body(req);
                            json(res, CANNED);
                        })
                        .post("/v2/pipeline", s::select))
                .build()
                .start();
        System.out.println("stack ceiling: Helidon + sqlite-jdbc, " + carriers + " carriers, " + rows
                + " rows; listening on http://127.0.0.1:" + web.port());
    }

    private void select(ServerRequest req, ServerResponse res) throws InterruptedException, SQLException {
        long key = key(body(req));
        PreparedStatement ps = statements.take();
        String value;
        try {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    res.status(404).send();
                    return;
                }
                value = rs.getString(1);
            }
        } finally {
            statements.add(ps);
        }
        json(res, (HEAD + value + TAIL).getBytes(StandardCharsets.UTF_8));
    }

    /** The decimal digits after the first {@code "value":"} (the harness sends only the key as an argument). */
    static long key(byte[] body) {
        outer:
        for (int i = 0; i + KEY_MARK.length <= body.length; i++) {
            for (int j = 0; j < KEY_MARK.length; j++) {
                if (body[i + j] != KEY_MARK[j]) {
                    continue outer;
                }
            }
            long k = 0;
            for (int p = i + KEY_MARK.length; p < body.length && body[p] >= '0' && body[p] <= '9'; p++) {
                k = k * 10 + (body[p] - '0');
            }
            return k;
        }
        return -1;
    }

    private static byte[] body(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(ServerResponse res, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }
}

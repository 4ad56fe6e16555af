package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases addressed by host name, {@code <db>-<org>.<base-domain>}, as Turso does. */
class HostAddressingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    ShoalServer server;

    record Response(int status, String contentType, String body) {}

    @BeforeEach
    void start() {
        server = ShoalServer.start(ServerConfig.dev(dir, 0).withBaseDomain("db.example.test"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A raw HTTP/1.1 request, because java.net.http does not let a caller set the Host header. */
    private Response post(String host, String path, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            String status = line(in);
            String contentType = "";
            int length = 0;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-type:")) {
                    contentType = h.substring(13).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            return new Response(Integer.parseInt(status.substring(9, 12)), contentType,
                    new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static String select(String sql) {
        return "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + sql + "\"}},{\"type\":\"close\"}]}";
    }

    private JsonNode firstValue(Response r) throws IOException {
        return JSON.readTree(r.body()).path("results").path(0).path("response").path("result").path("rows").path(0).path(0);
    }

    @Test
    void aDatabaseIsReachedByItsHostName() throws Exception {
        server.databases().create("admin", "notes", Optional.empty());
        String host = "notes-admin.db.example.test:" + server.port();
        post(host, "/v2/pipeline", select("CREATE TABLE t(a)"));
        post(host, "/v2/pipeline", select("INSERT INTO t VALUES (41)"));
        Response r = post(host, "/v2/pipeline", select("SELECT a + 1 FROM t"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(firstValue(r).path("value").asText()).isEqualTo("42");
        // The same table is not in the default database at the bare address.
        Response bare = post("127.0.0.1:" + server.port(), "/v2/pipeline", select("SELECT count(*) FROM t"));
        assertThat(JSON.readTree(bare.body()).path("results").path(0).path("type").asText()).isEqualTo("error");
    }

    @Test
    void dashesInBothNamesAreResolvedAgainstTheCatalog() throws Exception {
        server.databases().create("admin", "my-app-db", Optional.empty());
        Response r = post("my-app-db-admin.db.example.test", "/v2/pipeline", select("SELECT 'found'"));
        assertThat(firstValue(r).path("value").asText()).isEqualTo("found");
    }

    @Test
    void anUnknownHostNameIs404Json() throws Exception {
        Response r = post("ghost-admin.db.example.test", "/v2/pipeline", select("SELECT 1"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("ghost-admin.db.example.test");
    }

    @Test
    void thePlatformApiReportsTheHostNameForm() {
        var db = server.databases().create("admin", "reported", Optional.empty());
        assertThat(server.addressing().hostname(db)).isEqualTo("reported-admin.db.example.test:" + server.port());
    }
}

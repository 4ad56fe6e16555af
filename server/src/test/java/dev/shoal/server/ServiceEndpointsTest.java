package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.HttpJson;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version probes, health and version endpoints, and the 404 fallback. */
class ServiceEndpointsTest {
    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpJson.Response get(String path) {
        return server.http.get(server.url() + path);
    }

    @Test
    void hranaVersionProbesAnswer200() {
        assertThat(get("/v2").status()).isEqualTo(200);
        assertThat(get("/v3").status()).isEqualTo(200);
        assertThat(get("/db/admin/default/v2").status()).isEqualTo(200);
        assertThat(get("/db/admin/default/v3").status()).isEqualTo(200);
    }

    @Test
    void protobufProbeIs404SoClientsFallBackToJson() {
        assertThat(get("/v3-protobuf").status()).isEqualTo(404);
        assertThat(get("/db/admin/default/v3-protobuf").status()).isEqualTo(404);
    }

    @Test
    void healthIs200() {
        assertThat(get("/health").status()).isEqualTo(200);
    }

    @Test
    void versionIs200PlainText() {
        HttpJson.Response r = get("/version");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(r.body().trim()).isNotEmpty();
    }

    @Test
    void unknownRouteIs404() {
        assertThat(get("/no/such/route").status()).isEqualTo(404);
        assertThat(server.http.post(server.url() + "/v9/pipeline", "{}").status()).isEqualTo(404);
    }

    @Test
    void pipelineByGetIsNotServed() {
        assertThat(get("/v2/pipeline").status()).isBetween(404, 405);
    }
}

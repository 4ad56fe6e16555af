package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /console/…}: the web console's files with the hardening headers on every answer, the
 * right content types, 404 for unknown files, and no way out of the console's resource folder.
 */
class ConsoleRouteTest {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @TempDir
    Path dir;

    ShoalServer server;

    @BeforeEach
    void start() {
        server = ShoalServer.start(ServerConfig.dev(dir, 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Answer get(String rawPath, String... headers) {
        try (RawHttp http = new RawHttp(server.port())) {
            String[] all = new String[headers.length + 1];
            System.arraycopy(headers, 0, all, 0, headers.length);
            all[headers.length] = "Connection: close";
            return http.send(RawHttp.head("GET", rawPath, all)).answer();
        }
    }

    private static void assertHardened(RawHttp.Answer a) {
        assertThat(a.header("Content-Security-Policy")).as(a.toString()).contains(CSP);
        assertThat(a.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(a.header("Referrer-Policy")).contains("no-referrer");
        assertThat(a.header("X-Frame-Options")).contains("DENY");
        assertThat(a.header("Cache-Control")).isPresent();
    }

    @Test
    void thePageIsServedAtTheFolderWithTheHardeningHeaders() {
        RawHttp.Answer a = get("/console/");
        assertThat(a.status()).isEqualTo(200);
        assertHardened(a);
        assertThat(a.header("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(a.header("Cache-Control")).contains("no-cache");
        assertThat(a.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(get("/console/index.html").body()).isEqualTo(a.body());
    }

    /** The build copies the scripts as they are: Maven's resource filtering would eat `${…}`. */
    @Test
    void scriptsKeepTheirTemplateLiterals() {
        assertThat(get("/console/pages/migration.js").body()).contains("/jobs/${id}/${action}");
    }

    @Test
    void theBareFolderNameRedirectsToTheFolder() {
        RawHttp.Answer a = get("/console");
        assertThat(a.status()).isEqualTo(301);
        assertThat(a.header("Location")).contains("/console/");
        assertHardened(a);
    }

    @Test
    void scriptsStylesAndImagesHaveTheirContentTypes() {
        assertThat(get("/console/app.js").header("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/console/pages/sql.js").header("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/console/console.css").header("Content-Type")).contains("text/css; charset=utf-8");
        RawHttp.Answer icon = get("/console/icon.svg");
        assertThat(icon.header("Content-Type")).contains("image/svg+xml");
        assertThat(icon.header("Cache-Control")).contains("public, max-age=3600");
        assertHardened(icon);
    }

    @Test
    void anUnchangedFileIsAnswered304WithTheHeaders() {
        String etag = get("/console/app.js").header("ETag").orElseThrow();
        RawHttp.Answer again = get("/console/app.js", "If-None-Match: " + etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertHardened(again);
    }

    @Test
    void anUnknownFileIs404WithTheHeaders() {
        for (String path : List.of("/console/nope.js", "/console/pages/nope.js", "/console/app.js.map",
                "/console/APP.JS", "/console/pages/")) {
            RawHttp.Answer a = get(path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.json().get("error").asText()).as(path).startsWith("no such console file: ");
            assertHardened(a);
        }
    }

    @Test
    void otherMethodsAreRefusedWithTheHeaders() {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Answer a = http.send(RawHttp.head("POST", "/console/app.js", "Content-Length: 0",
                    "Connection: close")).answer();
            assertThat(a.status()).isEqualTo(405);
            assertThat(a.header("Allow")).contains("GET, HEAD");
            assertHardened(a);
        }
    }

    /**
     * Resources beside the console's folder ({@code version.txt}, the OpenAPI document) must not be
     * reachable by dot segments, encoded dots or slashes, backslashes or absolute names.
     */
    @Test
    void noPathLeavesTheConsoleFolder() {
        String version = ShoalServer.version();
        for (String path : List.of("/console/../version.txt", "/console/%2e%2e/version.txt",
                "/console/%2E%2E%2Fversion.txt", "/console/..%2fplatform%2fopenapi.yaml",
                "/console/pages/../../version.txt", "/console/pages/%2e%2e/%2e%2e/version.txt",
                "/console/..\\version.txt", "/console/%5c..%5cversion.txt", "/console/.%2e/version.txt",
                "/console//dev/shoal/server/version.txt", "/console/%2fdev/shoal/server/version.txt",
                "/console/./../version.txt", "/console/%252e%252e/version.txt")) {
            RawHttp.Answer a = get(path);
            assertThat(a.status()).as(path).isIn(400, 404);
            assertThat(a.body()).as(path).doesNotContain("openapi:").doesNotContain(version + "\n");
            if (a.status() == 404 && a.body().contains("console file")) {
                assertHardened(a);
            }
        }
    }
}

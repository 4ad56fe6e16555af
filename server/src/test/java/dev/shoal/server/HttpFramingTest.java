package dev.shoal.server;

import static dev.shoal.server.Checks.assertStillServes;
import static dev.shoal.server.RawHttp.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.server.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests whose HTTP framing is broken (chunked encoding, Content-Length, both at once, bodies
 * over the limit, bodies that stop arriving, clients that hang up) get a prompt 4xx in the route's
 * error shape, or a clean close when no answer is possible; never a 500, a hang or a stack trace.
 * Every request is written byte for byte over a plain socket.
 */
class HttpFramingTest {
    /** Short, so the stalled-body cases take a second each; the default is documented in docs/cli.md. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final String HRANA = "/v2/pipeline";
    private static final String PLATFORM = "/v1/organizations/admin/databases";
    private static final String PIPELINE = "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 1\"}},"
            + "{\"type\":\"close\"}]}";
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dataDir;

    static TestServer server;
    private LogCapture logs;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, c -> c.withReadTimeout(READ_TIMEOUT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    /** A client's mistake is worth at most a short line in the log: no stack trace, nothing at WARN or above. */
    @AfterEach
    void noStackTraceWasLoggedAndTheServerStillServes() {
        assertStillServes(server.hrana);
        List<LogCapture.Line> lines = logs.lines();
        logs.close();
        assertThat(lines).as("log lines").noneMatch(LogCapture.Line::stackTrace);
        assertThat(lines).as("log lines").noneMatch(l -> List.of("WARN", "ERROR", "WARNING", "SEVERE").contains(l.level()));
        assertThat(lines).as("log lines").allMatch(l -> !l.message().contains("\n"));
    }

    private static RawHttp connect() {
        return new RawHttp(server.server.port());
    }

    private static String chunked(String path) {
        return head("POST", path, "Content-Type: application/json", "Transfer-Encoding: chunked");
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    // ---- what a refusal looks like ----

    /** Hrana's shape: the status, content type exactly application/json, {"message","code"}. */
    private static void assertHranaRefusal(Answer a, int status, String code) {
        assertThat(a.status()).as("status of %s", a).isEqualTo(status);
        assertThat(a.header("content-type")).as("content type of %s", a).hasValue("application/json");
        JsonNode body = a.json();
        assertThat(body.path("code").asText()).as("code in %s", a).isEqualTo(code);
        assertThat(body.path("message").asText()).as("message in %s", a).isNotBlank();
    }

    /** The Platform API's shape: the status, JSON, {"error": "..."}. */
    private static void assertPlatformRefusal(Answer a, int status) {
        assertThat(a.status()).as("status of %s", a).isEqualTo(status);
        assertThat(a.header("content-type")).as("content type of %s", a).hasValue("application/json");
        assertThat(a.json().path("error").asText()).as("error in %s", a).isNotBlank();
    }

    private static void assertRefusal(String path, Answer a, int status, String hranaCode) {
        if (path.equals(HRANA)) {
            assertHranaRefusal(a, status, hranaCode);
        } else {
            assertPlatformRefusal(a, status);
        }
    }

    // ---- chunked bodies ----

    static Stream<Arguments> brokenChunking() {
        List<String[]> bodies = List.of(
                new String[] {"an empty chunk-size line", "\r\n" + chunk(PIPELINE) + "0\r\n\r\n"},
                new String[] {"a chunk size that is not hex", "zz\r\n" + PIPELINE + "\r\n0\r\n\r\n"},
                new String[] {"a negative chunk size", "-5\r\n" + PIPELINE + "\r\n0\r\n\r\n"},
                new String[] {"a chunk size over 64 bits", "ffffffffffffffffff\r\n" + PIPELINE + "\r\n0\r\n\r\n"},
                new String[] {"a chunk size over 31 bits", "ffffffff\r\n" + PIPELINE + "\r\n0\r\n\r\n"},
                new String[] {"more data than the chunk size", "3\r\n" + PIPELINE + "\r\n0\r\n\r\n"},
                new String[] {"no CRLF after the chunk data", "2\r\n{}0\r\n\r\n"},
                new String[] {"junk after the last chunk", chunk(PIPELINE) + "0\r\njunk\r\n\r\n"});
        return Stream.of(HRANA, PLATFORM).flatMap(path -> bodies.stream().map(b -> arguments(path, b[0], b[1])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenChunking")
    void brokenChunkingIsA400AndTheConnectionIsClosed(String path, String what, String body) {
        try (RawHttp http = connect()) {
            http.send(chunked(path) + body);
            assertRefusal(path, http.answer(), 400, "PROTOCOL_ERROR");
            assertThat(http.closedByServer()).as("closed after " + what).isTrue();
        }
    }

    @Test
    void wellFormedChunkingStillWorks() {
        try (RawHttp http = connect()) {
            http.send(chunked(HRANA) + chunk(PIPELINE.substring(0, 10)) + chunk(PIPELINE.substring(10)) + "0\r\n\r\n");
            Answer a = http.answer();
            assertThat(a.status()).as("%s", a).isEqualTo(200);
            assertThat(a.json().path("results").path(0).path("type").asText()).isEqualTo("ok");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {HRANA, PLATFORM})
    void aChunkedBodyThatStopsArrivingIsClosedAfterTheReadTimeout(String path) {
        try (RawHttp http = connect()) {
            http.send(chunked(path) + "100\r\n" + PIPELINE); // 256 bytes announced, fewer sent, then silence
            assertThat(http.answerOrClose()).as("answer").isEmpty();
        }
    }

    @Test
    void aChunkedBodyThatStopsBeforeTheLastChunkIsClosedAfterTheReadTimeout() {
        try (RawHttp http = connect()) {
            http.send(chunked(HRANA) + chunk(PIPELINE)); // no last chunk
            assertThat(http.answerOrClose()).as("answer").isEmpty();
        }
    }

    // ---- Content-Length ----

    @ParameterizedTest
    @ValueSource(strings = {HRANA, PLATFORM})
    void aBodyShorterThanItsContentLengthIsClosedAfterTheReadTimeout(String path) {
        try (RawHttp http = connect()) {
            http.send(head("POST", path, "Content-Length: " + (PIPELINE.length() + 10)) + PIPELINE);
            assertThat(http.answerOrClose()).as("answer").isEmpty();
        }
    }

    @Test
    void bytesBeyondTheContentLengthAreReadAsTheNextRequestAndRefused() {
        try (RawHttp http = connect()) {
            http.send(head("POST", HRANA, "Content-Length: " + PIPELINE.length()) + PIPELINE + "garbage\r\n\r\n");
            assertThat(http.answer().status()).isEqualTo(200);
            Answer second = http.answer();
            assertThat(second.status()).as("%s", second).isEqualTo(400);
            assertThat(second.header("content-type")).hasValue("application/json");
            assertThat(second.json().path("message").asText()).isNotBlank();
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aContentLengthShorterThanTheJsonIsAProtocolError() {
        try (RawHttp http = connect()) {
            http.send(head("POST", HRANA, "Content-Length: 5") + PIPELINE);
            assertHranaRefusal(http.answer(), 400, "PROTOCOL_ERROR");
        }
    }

    static Stream<Arguments> bogusLengths() {
        List<String[]> heads = List.of(
                new String[] {"Content-Length: abc"},
                new String[] {"Content-Length: -1"},
                new String[] {"Content-Length: 99999999999999999999"},
                new String[] {"Content-Length: 1, 2"},
                new String[] {"Content-Length: 2", "Content-Length: 3"},
                new String[] {"Content-Length: 2", "Transfer-Encoding: chunked"},
                new String[] {"Transfer-Encoding: chunked", "Content-Length: 2"},
                new String[] {"Transfer-Encoding: identity"});
        return Stream.of(HRANA, PLATFORM).flatMap(path -> heads.stream().map(h -> arguments(path, h)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bogusLengths")
    void aBogusFramingHeaderIsA400AndTheConnectionIsClosed(String path, String[] headers) {
        try (RawHttp http = connect()) {
            http.send(head("POST", path, headers) + "{}");
            assertRefusal(path, http.answer(), 400, "PROTOCOL_ERROR");
            assertThat(http.closedByServer()).as("closed after %s", Arrays.toString(headers)).isTrue();
        }
    }

    // ---- bodies over the limit ----

    @ParameterizedTest
    @ValueSource(strings = {HRANA, PLATFORM})
    void aDeclaredLengthOverTheLimitIsA413BeforeAnyBodyIsSent(String path) {
        try (RawHttp http = connect()) {
            http.send(head("POST", path, "Content-Length: " + (9 * MIB)));
            assertRefusal(path, http.answer(), 413, "BODY_TOO_LARGE");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {HRANA, PLATFORM})
    void aHugeDeclaredLengthIsA413(String path) {
        try (RawHttp http = connect()) {
            http.send(head("POST", path, "Content-Length: " + Long.MAX_VALUE));
            assertRefusal(path, http.answer(), 413, "BODY_TOO_LARGE");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {HRANA, PLATFORM})
    void aChunkedBodyOverTheLimitIsA413AfterTheLimitIsRead(String path) {
        byte[] oneMib = new byte[MIB];
        Arrays.fill(oneMib, (byte) ' ');
        try (RawHttp http = connect()) {
            http.send(chunked(path));
            for (int i = 0; i < 9; i++) { // 9 MiB of valid chunks, the body never ends
                http.send(Integer.toHexString(MIB) + "\r\n").send(oneMib).send("\r\n");
            }
            assertRefusal(path, http.answer(), 413, "BODY_TOO_LARGE");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientWaitingFor100ContinueGetsThe413Instead() {
        try (RawHttp http = connect()) {
            http.send(head("POST", HRANA, "Content-Length: " + (9 * MIB), "Expect: 100-continue"));
            assertHranaRefusal(http.answer(), 413, "BODY_TOO_LARGE");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void anErrorAnsweredBeforeTheBodyIsReadClosesTheConnection() {
        try (RawHttp http = connect()) { // no such database: 404 without waiting for the body, which never comes
            http.send(head("POST", "/db/admin/no-such-db/v2/pipeline", "Content-Length: 1000") + "{");
            assertHranaRefusal(http.answer(), 404, "NOT_FOUND");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aChunkAnnouncedOverTheLimitOfEveryRouteIsA413() {
        try (RawHttp http = connect()) {
            http.send(chunked(HRANA) + "7fffffff\r\n");
            assertHranaRefusal(http.answer(), 413, "BODY_TOO_LARGE");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    // ---- clients that hang up ----

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 1000", "Transfer-Encoding: chunked"})
    void aClientHangingUpMidBodyLogsAtMostOneLine(String framing) {
        try (RawHttp http = connect()) {
            http.send(head("POST", HRANA, framing) + (framing.startsWith("Content") ? "" : "3e8\r\n") + "{\"requests\"");
        }
        assertThat(logs.awaitLines(1)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aClientHangingUpMidResponseLogsAtMostOneLine() {
        String rows = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) "
                + "SELECT x, randomblob(200) FROM c";
        String body = "{\"baton\":null,\"batch\":{\"steps\":[{\"stmt\":{\"sql\":\"" + rows + "\"}}]}}";
        try (RawHttp http = connect()) {
            http.send(head("POST", "/v3/cursor", "Content-Length: " + body.length()) + body);
            assertThat(http.answer().status()).isEqualTo(200); // reads the head only, then hangs up
        }
        assertThat(logs.awaitLines(1)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aClientHangingUpBeforeALargeAnswerLogsAtMostOneLine() {
        String rows = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) "
                + "SELECT randomblob(1000) FROM c";
        String body = "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + rows + "\"}}]}";
        try (RawHttp http = connect()) { // about 27 MB of answer to nobody
            http.send(head("POST", HRANA, "Content-Length: " + body.length()) + body);
        }
        assertThat(logs.awaitLines(1)).hasSizeLessThanOrEqualTo(1);
    }

    // ---- Connection: close ----

    @Test
    void aRequestAskingToCloseIsAnsweredAndClosed() {
        try (RawHttp http = connect()) {
            http.send(head("POST", HRANA, "Content-Length: " + PIPELINE.length(), "Connection: close") + PIPELINE);
            Answer a = http.answer();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("connection")).hasValue("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aRefusedRequestWithKeepAliveKeepsTheConnection() {
        try (RawHttp http = connect()) {
            http.send(head("POST", HRANA, "Content-Length: 2") + "{}");
            assertHranaRefusal(http.answer(), 400, "PROTOCOL_ERROR");
            http.send(head("POST", HRANA, "Content-Length: " + PIPELINE.length()) + PIPELINE);
            assertThat(http.answer().status()).isEqualTo(200);
        }
    }
}

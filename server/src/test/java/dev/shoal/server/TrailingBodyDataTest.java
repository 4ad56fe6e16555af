package dev.shoal.server;

import static dev.shoal.server.Checks.assertHranaError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by the Hrana fuzzer: a body with something after its JSON value (garbage, a second
 * object) was run as if the rest were not there. sqld refuses such a body (serde_json: "trailing
 * characters"), and a client that sends one has a bug worth hearing about; trailing whitespace
 * is still fine.
 */
class TrailingBodyDataTest {
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

    @ParameterizedTest
    @ValueSource(strings = {" garbage", "{\"requests\":[]}", "]", "}", ",", "0", "\"x\"", "null"})
    void aPipelineBodyWithDataAfterItsJsonIsAProtocolError(String tail) {
        String body = "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 1\"}},{\"type\":\"close\"}]}" + tail;
        assertHranaError(server.hrana.pipelineRaw(2, body), 400, "PROTOCOL_ERROR");
        assertHranaError(server.hrana.pipelineRaw(3, body), 400, "PROTOCOL_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {" garbage", "{\"batch\":{\"steps\":[]}}"})
    void aCursorBodyWithDataAfterItsJsonIsAProtocolError(String tail) {
        String body = "{\"baton\":null,\"batch\":{\"steps\":[{\"stmt\":{\"sql\":\"SELECT 1\"}}]}}" + tail;
        var r = server.http.post(server.hrana.url("v3/cursor"), body);
        assertHranaError(r, 400, "PROTOCOL_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", " \r\n\t "})
    void trailingWhitespaceIsFine(String tail) {
        String body = "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 42\"}},{\"type\":\"close\"}]}" + tail;
        assertThat(server.hrana.pipelineRaw(2, body).requireOk().stmtResult(0).path("rows").toString())
                .contains("\"42\"");
    }
}

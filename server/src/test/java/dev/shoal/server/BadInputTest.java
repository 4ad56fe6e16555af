package dev.shoal.server;

import static dev.shoal.server.Checks.assertHranaError;
import static dev.shoal.server.Checks.assertPlatformError;
import static dev.shoal.server.Checks.assertStillServes;
import static dev.shoal.testkit.Hrana.batch;
import static dev.shoal.testkit.Hrana.batchRequest;
import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.execute;
import static dev.shoal.testkit.Hrana.isAutocommit;
import static dev.shoal.testkit.Hrana.ok;
import static dev.shoal.testkit.Hrana.pipelineBody;
import static dev.shoal.testkit.Hrana.step;
import static dev.shoal.testkit.Hrana.stmt;
import static dev.shoal.testkit.Hrana.stmtById;
import static dev.shoal.testkit.Hrana.storeSql;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.PipelineResult;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed requests get their documented 4xx, and the server keeps serving afterwards. */
class BadInputTest {
    @TempDir
    static Path dataDir;

    static TestServer server;
    static HranaClient hrana;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        hrana = server.hrana;
        hrana.executeOnce("CREATE TABLE bad_input_t(x)");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void serverStillServes() {
        assertStillServes(hrana);
    }

    private static PipelineResult postV2(Object body) {
        return hrana.pipelineRaw(2, body);
    }

    private static JsonNode json(String s) {
        return HttpJson.parse(s);
    }

    // ---- envelope ----

    @Test
    void malformedJsonIsAProtocolError() {
        assertHranaError(postV2("{\"requests\": [{\"type\":"), 400, "PROTOCOL_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"requests\"", "null", "true"})
    void bodyThatIsNotAnObjectIsAProtocolError(String body) {
        assertHranaError(postV2(body), 400, "PROTOCOL_ERROR");
    }

    @Test
    void emptyBodyIsAProtocolError() {
        assertHranaError(postV2(""), 400, "PROTOCOL_ERROR");
    }

    @Test
    void missingRequestsIsAProtocolError() {
        assertHranaError(postV2("{\"baton\": null}"), 400, "PROTOCOL_ERROR");
    }

    @Test
    void requestsThatIsNotAnArrayIsAProtocolError() {
        assertHranaError(postV2("{\"requests\": {\"type\": \"close\"}}"), 400, "PROTOCOL_ERROR");
    }

    @Test
    void batonThatIsNotAStringIsAProtocolError() {
        assertHranaError(postV2("{\"baton\": 7, \"requests\": []}"), 400, "PROTOCOL_ERROR");
    }

    @Test
    void unknownRequestTypeIsAProtocolError() {
        assertHranaError(postV2(pipelineBody(null, json("{\"type\":\"frobnicate\"}"))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void requestWithoutTypeIsAProtocolError() {
        assertHranaError(postV2(pipelineBody(null, json("{\"stmt\":{\"sql\":\"SELECT 1\"}}"))), 400, "PROTOCOL_ERROR");
    }

    // ---- sql / sql_id ----

    @Test
    void stmtWithBothSqlAndSqlIdIsAProtocolError() {
        ObjectNode s = stmt("SELECT 1");
        s.put("sql_id", 1);
        assertHranaError(postV2(pipelineBody(null, storeSql(1, "SELECT 2"), execute(s))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void stmtWithNeitherSqlNorSqlIdIsAProtocolError() {
        ObjectNode s = stmt("SELECT 1");
        s.remove("sql");
        assertHranaError(postV2(pipelineBody(null, execute(s))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void sequenceWithBothSqlAndSqlIdIsAProtocolError() {
        ObjectNode seq = Hrana.sequence("SELECT 1");
        seq.put("sql_id", 3);
        assertHranaError(postV2(pipelineBody(null, storeSql(3, "SELECT 1"), seq)), 400, "PROTOCOL_ERROR");
    }

    @Test
    void unknownSqlIdIsAProtocolError() {
        assertHranaError(postV2(pipelineBody(null, execute(stmtById(99)))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void sqlIdUsedAfterCloseSqlIsAProtocolError() {
        assertHranaError(postV2(pipelineBody(null, storeSql(5, "SELECT 1"), Hrana.closeSql(5), execute(stmtById(5)))),
                400, "PROTOCOL_ERROR");
    }

    @Test
    void duplicateStoreSqlIdInOnePipelineIsAProtocolError() {
        assertHranaError(postV2(pipelineBody(null, storeSql(1, "SELECT 1"), storeSql(1, "SELECT 2"))),
                400, "PROTOCOL_ERROR");
    }

    @Test
    void storeSqlReusingAnIdStoredByAnEarlierRequestOnTheStreamIsAProtocolError() {
        HranaClient.Stream s = hrana.stream();
        s.send(storeSql(7, "SELECT 1"));
        assertHranaError(s.sendRaw(storeSql(7, "SELECT 2")), 400, "PROTOCOL_ERROR");
    }

    @Test
    void protocolErrorAnywhereInAPipelineRunsNoStatementAtAll() {
        PipelineResult r = postV2(pipelineBody(null,
                execute("INSERT INTO bad_input_t VALUES ('should not be inserted')"),
                json("{\"type\":\"frobnicate\"}")));
        assertHranaError(r, 400, "PROTOCOL_ERROR");
        PipelineResult r2 = postV2(pipelineBody(null,
                execute("INSERT INTO bad_input_t VALUES ('should not be inserted either')"),
                execute(stmtById(42))));
        assertHranaError(r2, 400, "PROTOCOL_ERROR");
        assertThat(hrana.queryValue("SELECT count(*) FROM bad_input_t")).isEqualTo(0L);
    }

    // ---- batch conditions ----

    @Test
    void conditionReferringToALaterStepIsAProtocolError() {
        ObjectNode b = batch(step(ok(1), stmt("SELECT 1")), step(stmt("SELECT 2")));
        assertHranaError(postV2(pipelineBody(null, batchRequest(b))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void conditionReferringToItsOwnStepIsAProtocolError() {
        ObjectNode b = batch(step(stmt("SELECT 1")), step(Hrana.not(ok(1)), stmt("SELECT 2")));
        assertHranaError(postV2(pipelineBody(null, batchRequest(b))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void conditionReferringToANegativeStepIsAProtocolError() {
        ObjectNode b = batch(step(stmt("SELECT 1")), step(ok(-1), stmt("SELECT 2")));
        assertHranaError(postV2(pipelineBody(null, batchRequest(b))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void unknownConditionTypeIsAProtocolError() {
        ObjectNode b = batch(step(stmt("SELECT 1")), step((ObjectNode) json("{\"type\":\"maybe\",\"step\":0}"), stmt("SELECT 2")));
        assertHranaError(postV2(pipelineBody(null, batchRequest(b))), 400, "PROTOCOL_ERROR");
    }

    @Test
    void isAutocommitConditionIsRejectedOnV2() {
        ObjectNode b = batch(step(isAutocommit(), stmt("SELECT 1")));
        assertHranaError(hrana.pipeline(2, null, batchRequest(b), close()), 400, "PROTOCOL_ERROR");
        // The same batch is fine on v3.
        PipelineResult v3 = hrana.pipeline(3, null, batchRequest(b), close()).requireOk();
        assertThat(v3.okResponse(0).at("/result/step_results/0")).isNotNull();
        assertThat(v3.okResponse(0).at("/result/step_results/0").isObject()).isTrue();
    }

    // ---- batons ----

    @Test
    void unknownBatonIsRejected() {
        assertHranaError(hrana.v2("no-such-baton-" + System.nanoTime(), execute("SELECT 1")), 400, "BATON_INVALID");
    }

    @Test
    void reusedBatonIsRejected() {
        HranaClient.Stream s = hrana.stream();
        s.execute("SELECT 1");
        String old = s.baton();
        s.execute("SELECT 2");
        assertHranaError(hrana.v2(old, execute("SELECT 3")), 400, "BATON_REUSED");
    }

    @Test
    void batonOfOneDatabaseIsRejectedOnAnother() {
        HranaClient a = server.createDatabase("baton-a");
        HranaClient b = server.createDatabase("baton-b");
        a.executeOnce("CREATE TABLE secret(x)");
        a.executeOnce("INSERT INTO secret VALUES ('from a')");
        HranaClient.Stream onA = a.stream();
        onA.execute("SELECT 1");
        PipelineResult r = b.v2(onA.baton(), execute("SELECT x FROM secret"));
        assertHranaError(r, 400, "BATON_INVALID");
        assertThat(b.queryValue("SELECT count(*) FROM sqlite_master")).isEqualTo(0L);
    }

    // ---- size ----

    @Test
    void bodyOver8MiBIsRejectedWith413() {
        byte[] body = hugePipelineBody(20 * 1024 * 1024);
        assertHranaError(postV2(body), 413, "BODY_TOO_LARGE");
    }

    @Test
    void chunkedBodyOver8MiBIsRejectedWith413() {
        byte[] body = hugePipelineBody(20 * 1024 * 1024);
        // ofInputStream has no known length: the request goes out chunked, without Content-Length.
        HttpJson.Response r = server.http.post(hrana.url("v2/pipeline"),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertHranaError(r, 413, "BODY_TOO_LARGE");
    }

    private static byte[] hugePipelineBody(int size) {
        String head = "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT '";
        String tail = "'\"}}]}";
        char[] filler = new char[size - head.length() - tail.length()];
        Arrays.fill(filler, 'x');
        return (head + new String(filler) + tail).getBytes(StandardCharsets.UTF_8);
    }

    // ---- values ----

    private static PipelineResult selectWithArg(String argJson) {
        return postV2(pipelineBody(null, execute(stmt("SELECT ?", json(argJson))), close()));
    }

    @Test
    void valueWithUnknownTypeIsAProtocolError() {
        assertHranaError(selectWithArg("{\"type\":\"decimal\",\"value\":\"1.5\"}"), 400, "PROTOCOL_ERROR");
    }

    @Test
    void valueWithoutTypeIsAProtocolError() {
        assertHranaError(selectWithArg("{\"value\":\"1\"}"), 400, "PROTOCOL_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12abc\"", "\"1.5\"", "\"\"", "\"99999999999999999999\"", "1.5", "true", "[1]"})
    void integerValueThatIsNotADecimal64BitIntegerIsAProtocolError(String value) {
        assertHranaError(selectWithArg("{\"type\":\"integer\",\"value\":" + value + "}"), 400, "PROTOCOL_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"42\"", "true", "null"})
    void floatValueThatIsNotANumberIsAProtocolError(String value) {
        assertHranaError(selectWithArg("{\"type\":\"float\",\"value\":" + value + "}"), 400, "PROTOCOL_ERROR");
    }

    @Test
    void textValueThatIsNotAStringIsAProtocolError() {
        assertHranaError(selectWithArg("{\"type\":\"text\",\"value\":5}"), 400, "PROTOCOL_ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!!", "a", "YmFy$", "Zm9v YmFy"})
    void badBase64IsAProtocolError(String base64) {
        assertHranaError(selectWithArg("{\"type\":\"blob\",\"base64\":\"" + base64 + "\"}"), 400, "PROTOCOL_ERROR");
    }

    // ---- database names and addressing ----

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../b", "..", "UpperCase", "has space", "under_score", "-dash", "dash-",
            "caf\u00e9", "dot.name", ""})
    void invalidDatabaseNameIsRejectedWith400(String name) {
        assertPlatformError(server.platform.create(name), 400);
    }

    @Test
    void thousandCharacterDatabaseNameIsRejectedWith400() {
        assertPlatformError(server.platform.create("a".repeat(1000)), 400);
    }

    @Test
    void createWithoutAUsableNameIsRejectedWith400() {
        assertPlatformError(server.platform.createRaw("{}"), 400);
        assertPlatformError(server.platform.createRaw(Map.of("name", 5)), 400);
        assertPlatformError(server.platform.createRaw("not json"), 400);
        assertPlatformError(server.platform.createRaw("[\"name\"]"), 400);
    }

    @Test
    void rejectedNamesCreateNothing() {
        server.platform.create("../escape");
        server.platform.create("UpperCase");
        JsonNode list = server.platform.list().json().get("databases");
        for (JsonNode db : list) {
            assertThat(db.get("Name").asText()).doesNotContain("..").isLowerCase();
        }
    }

    @Test
    void unknownDatabaseInThePathIs404Json() {
        HranaClient missing = server.database("no-such-db");
        assertHranaError(missing.v2(null, execute("SELECT 1")), 404, "NOT_FOUND");
        assertHranaError(missing.v3(null, execute("SELECT 1")), 404, "NOT_FOUND");
        HranaClient.CursorResult c = missing.cursor(null, batch(step(stmt("SELECT 1"))));
        assertThat(c.status()).isEqualTo(404);
        assertThat(c.contentType()).isEqualTo("application/json");
        assertThat(HttpJson.parse(c.errorBody()).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(server.http.get(missing.url("v2")).status()).isEqualTo(404);
    }

    @Test
    void unknownOrganizationInThePathIs404Json() {
        HranaClient missing = new HranaClient(server.http, server.url() + "/db/ghost-org/default/");
        assertHranaError(missing.v2(null, execute("SELECT 1")), 404, "NOT_FOUND");
    }

    @Test
    void encodedTraversalInTheDatabasePathIsNotServed() {
        HranaClient sneaky = new HranaClient(server.http, server.url() + "/db/admin/..%2F..%2Fcatalog/");
        PipelineResult r = sneaky.v2(null, execute("SELECT 1"));
        assertThat(r.status()).as(r.http().toString()).isBetween(400, 499);
    }

    @Test
    void getOfMissingDatabaseIs404() {
        assertPlatformError(server.platform.get("never-created"), 404);
    }

    @Test
    void duplicateCreateIs409() {
        server.platform.createOk("dup-me");
        assertPlatformError(server.platform.create("dup-me"), 409);
    }

    @Test
    void deleteOfMissingDatabaseIs404() {
        assertPlatformError(server.platform.delete("never-created"), 404);
    }

    @Test
    void unknownOrganizationInPlatformApiIs404() {
        assertPlatformError(new PlatformClient(server.http, server.url(), "ghost-org").list(), 404);
        assertPlatformError(new PlatformClient(server.http, server.url(), "ghost-org").create("x"), 404);
    }
}

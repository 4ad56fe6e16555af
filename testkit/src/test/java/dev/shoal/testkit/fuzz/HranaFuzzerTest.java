package dev.shoal.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fuzzer's own promises: replayable cases, every endpoint reached, and a judge that does fail. */
class HranaFuzzerTest {
    private final HranaFuzzer fuzzer = new HranaFuzzer(List.of("", "/db/admin/a"), Duration.ofSeconds(10));

    @Test
    void aSeedAndCaseNumberAlwaysMakeTheSameRequest() {
        for (long i = 0; i < 200; i++) {
            FuzzCase a = fuzzer.first(HranaFuzzer.caseRandom(42, i));
            FuzzCase b = fuzzer.first(HranaFuzzer.caseRandom(42, i));
            assertThat(a.body()).as("case %d", i).isEqualTo(b.body());
            assertThat(a.path()).isEqualTo(b.path());
            assertThat(a.contentType()).isEqualTo(b.contentType());
        }
        assertThat(fuzzer.first(HranaFuzzer.caseRandom(42, 0)).body())
                .isNotEqualTo(fuzzer.first(HranaFuzzer.caseRandom(43, 0)).body());
    }

    @Test
    void casesReachEveryEndpointAndBothValidAndDamagedBodies() {
        Set<String> endpoints = new HashSet<>();
        int unmutated = 0;
        int notJson = 0;
        for (long i = 0; i < 2000; i++) {
            FuzzCase c = fuzzer.first(HranaFuzzer.caseRandom(7, i));
            endpoints.add(c.path().substring(c.path().lastIndexOf("/v")));
            unmutated += c.what().isEmpty() ? 1 : 0;
            String body = new String(c.body(), StandardCharsets.UTF_8);
            notJson += body.startsWith("{\"baton\"") ? 0 : 1;
        }
        assertThat(endpoints).containsExactlyInAnyOrder("/v2/pipeline", "/v3/pipeline", "/v3/cursor");
        assertThat(unmutated).as("requests sent as generated").isGreaterThan(100);
        assertThat(notJson).as("bodies damaged past JSON").isGreaterThan(50);
    }

    @Test
    void theJudgeRefusesServerErrorsAndMalformedAnswers() {
        FuzzCase pipeline = fuzzer.close("", "b");
        assertThat(judge(pipeline, 500, "application/json", "{\"message\":\"x\",\"code\":\"INTERNAL\"}")).isPresent();
        assertThat(judge(pipeline, 503, "text/plain", "")).isPresent();
        assertThat(judge(pipeline, 400, "text/plain", "{\"message\":\"x\",\"code\":\"PROTOCOL_ERROR\"}")).isPresent();
        assertThat(judge(pipeline, 400, "application/json", "{\"error\":\"x\"}")).isPresent();
        assertThat(judge(pipeline, 200, "application/json", "{\"results\":[{\"type\":\"error\",\"error\":"
                + "{\"message\":\"internal error\",\"code\":\"INTERNAL\"}}],\"baton\":null}")).isPresent();
        assertThat(judge(pipeline, 200, "application/json", "{\"results\":")).isPresent();
        assertThat(judge(pipeline, 400, "application/json", "{\"message\":\"bad\",\"code\":\"PROTOCOL_ERROR\"}")).isEmpty();
        assertThat(judge(pipeline, 200, "application/json", "{\"results\":[],\"baton\":\"b2\"}")).isEmpty();
    }

    private static Optional<String> judge(FuzzCase c, int status, String contentType, String body) {
        return ResponseCheck.judge(c, new FuzzTransport.Answer(status, Optional.of(contentType),
                body.getBytes(StandardCharsets.UTF_8))).problem();
    }
}

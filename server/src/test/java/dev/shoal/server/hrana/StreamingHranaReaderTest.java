package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.core.error.ShoalException;
import dev.shoal.testkit.fuzz.FuzzCase;
import dev.shoal.testkit.fuzz.HranaFuzzer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The streaming fast path must read every body exactly as the tree reading does, or give up on
 * it (the tree then words the error): checked on the fuzzer's bodies and on what clients send.
 */
class StreamingHranaReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HranaParser tree = new HranaParser(MAPPER);
    private final StreamingHranaReader fast = new StreamingHranaReader(MAPPER.getFactory());

    @Test
    void agreesWithTheTreeReadingOnEveryFuzzedBody() {
        HranaFuzzer fuzzer = new HranaFuzzer(List.of(""), Duration.ofSeconds(1));
        int treeAccepted = 0;
        int fastAccepted = 0;
        for (int i = 0; i < 20_000; i++) {
            FuzzCase c = fuzzer.first(HranaFuzzer.caseRandom(20261202, i));
            byte[] body = c.body();
            Optional<?> fromFast;
            Optional<?> fromTree;
            if (c.cursor()) {
                fromFast = fast.cursor(body);
                fromTree = attempt(() -> tree.cursorFromTree(body));
            } else {
                int version = c.path().contains("/v3/") ? 3 : 2;
                fromFast = fast.pipeline(body, version);
                fromTree = attempt(() -> tree.pipelineFromTree(body, version));
            }
            String why = "case " + i + ": " + c.describe();
            if (fromTree.isEmpty()) {
                assertThat(fromFast).as("the fast path accepted what the tree refuses, " + why).isEmpty();
            } else {
                treeAccepted++;
                fromFast.ifPresent(f -> assertThat(f).as(why).isEqualTo(fromTree.get()));
                fastAccepted += fromFast.isPresent() ? 1 : 0;
            }
        }
        assertThat(treeAccepted).as("the fuzzer sends well-formed bodies too").isGreaterThan(2_000);
        assertThat(fastAccepted).as("the fast path reads most well-formed bodies").isGreaterThan(treeAccepted / 2);
    }

    @Test
    void readsWhatClientsSendWithoutTheTree() {
        List<String> pipelines = List.of(
                "{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT v FROM kv WHERE k = ?\","
                        + "\"args\":[{\"type\":\"integer\",\"value\":\"7\"}],\"want_rows\":true}},{\"type\":\"close\"}]}",
                "{\"baton\":\"abc\",\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"INSERT INTO t VALUES (:a, $b, ?)\","
                        + "\"named_args\":[{\"name\":\":a\",\"value\":{\"type\":\"float\",\"value\":1.5}},"
                        + "{\"name\":\"$b\",\"value\":{\"type\":\"blob\",\"base64\":\"AAEC\"}}],"
                        + "\"args\":[{\"type\":\"null\"}, {\"type\":\"text\",\"value\":\"x\\u00e9\"}]}},"
                        + "{\"type\":\"get_autocommit\"},{\"type\":\"sequence\",\"sql\":\"SELECT 1; SELECT 2\"},"
                        + "{\"type\":\"describe\",\"sql\":\"SELECT ?\"}]}",
                "{\"requests\":[{\"type\":\"batch\",\"batch\":{\"steps\":[{\"stmt\":{\"sql\":\"BEGIN\"}},"
                        + "{\"condition\":{\"type\":\"ok\",\"step\":0},\"stmt\":{\"sql\":\"INSERT INTO t VALUES (1)\"}},"
                        + "{\"condition\":{\"type\":\"and\",\"conds\":[{\"type\":\"ok\",\"step\":1},"
                        + "{\"type\":\"not\",\"cond\":{\"type\":\"error\",\"step\":0}}]},\"stmt\":{\"sql\":\"COMMIT\"}},"
                        + "{\"condition\":{\"type\":\"is_autocommit\"},\"stmt\":{\"sql\":\"ROLLBACK\",\"want_rows\":false}}]}}]}");
        for (String body : pipelines) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            assertThat(fast.pipeline(b, 3)).as(body).contains(tree.pipelineFromTree(b, 3));
        }
        byte[] cursor = "{\"baton\":null,\"batch\":{\"steps\":[{\"stmt\":{\"sql\":\"SELECT * FROM t\"}}]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(fast.cursor(cursor)).contains(tree.cursorFromTree(cursor));
    }

    @Test
    void givesUpOnShapesWhoseReadingOrWordingIsTheTreesToDecide() {
        List<String> bodies = List.of(
                "{\"requests\":[{\"stmt\":{\"sql\":\"SELECT 1\"},\"type\":\"execute\"}]}", // type last
                "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 1\"},\"type\":\"close\"}]}", // type twice
                "{\"requests\":[],\"requests\":[{\"type\":\"close\"}]}", // requests twice: the last one counts
                "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT ?\",\"args\":[{\"type\":\"integer\","
                        + "\"value\":99999999999999999999}]}}]}", // beyond a long
                "{\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 1\",\"sql_id\":1}}]}", // both
                "{\"requests\":[{\"type\":\"batch\",\"batch\":{\"steps\":[{\"condition\":{\"type\":\"ok\",\"step\":0},"
                        + "\"stmt\":{\"sql\":\"SELECT 1\"}}]}}]}", // a condition on itself
                "{\"requests\":[{\"type\":\"batch\",\"batch\":{\"steps\":[{\"condition\":{\"type\":\"is_autocommit\"},"
                        + "\"stmt\":{\"sql\":\"SELECT 1\"}}]}}]}", // Hrana 3 only (read as version 2 here)
                "{\"requests\":[{\"type\":\"store_sql\",\"sql_id\":1,\"sql\":\"SELECT 1\"}]}", // left to the tree
                "{\"requests\":[]} {}", // trailing data
                "");
        for (String body : bodies) {
            assertThat(fast.pipeline(body.getBytes(StandardCharsets.UTF_8), 2)).as(body).isEmpty();
        }
    }

    private static <T> Optional<T> attempt(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (ShoalException e) {
            return Optional.empty();
        }
    }
}

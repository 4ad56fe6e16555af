package dev.shoal.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.testkit.PolicyCorpus;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every line of the policy corpus, judged for a full-access and a read-only stream. */
class SqlPolicyCorpusTest {
    private static final SqlPolicy POLICY = new SqlPolicy(PolicySettings.defaults());
    private static final ConnectionOptions FULL = ConnectionOptions.DEFAULT;
    private static final ConnectionOptions READ_ONLY =
            new ConnectionOptions(ConnectionOptions.Writes.READ_ONLY_TOKEN, false, OptionalLong.empty());

    static Stream<PolicyCorpus.Case> cases() {
        return PolicyCorpus.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void corpusLine(PolicyCorpus.Case c) {
        List<SqlStatement> parts = SqlLexer.split(c.sql());
        assertThat(parts).as("a corpus line holds exactly one statement").hasSize(1);
        SqlStatement stmt = parts.get(0);
        switch (c.outcome()) {
            case READ -> {
                assertThat(POLICY.judge(stmt, FULL).writes()).isFalse();
                assertThat(POLICY.judge(stmt, READ_ONLY).leavesState()).isFalse();
            }
            case WRITE -> {
                assertThat(POLICY.judge(stmt, FULL).writes()).isTrue();
                assertThatThrownBy(() -> POLICY.judge(stmt, READ_ONLY))
                        .isInstanceOfSatisfying(ShoalException.class,
                                e -> assertThat(e.wireCode()).isEqualTo("SQLITE_READONLY"));
            }
            case SETTING -> {
                Judgement j = POLICY.judge(stmt, READ_ONLY);
                assertThat(j.leavesState()).isTrue();
                assertThat(j.writes()).isFalse();
            }
            case ATTACH -> {
                for (ConnectionOptions rules : List.of(FULL, READ_ONLY)) {
                    Judgement j = POLICY.judge(stmt, rules);
                    assertThat(j.attachment()).as("read as ATTACH/DETACH").isPresent();
                    assertThat(j.writes()).isFalse();
                    assertThat(j.leavesState()).isTrue();
                    assertThat(j.sql()).as("rewritten: SQLite never sees the name as typed")
                            .matches("(ATTACH DATABASE \\? AS|DETACH DATABASE) \"[^\"]+\"");
                }
            }
            case DENY -> {
                for (ConnectionOptions rules : List.of(FULL, READ_ONLY)) {
                    assertThatThrownBy(() -> POLICY.judge(stmt, rules))
                            .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.wireCode())
                                    .isIn("SQLITE_AUTH", "SQLITE_ERROR"));
                }
            }
        }
    }
}

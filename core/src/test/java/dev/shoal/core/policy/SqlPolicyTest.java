package dev.shoal.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.lexer.SqlLexer;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SqlPolicyTest {
    private final SqlPolicy policy = new SqlPolicy(PolicySettings.defaults());

    private Judgement judge(String sql) {
        return policy.judge(SqlLexer.split(sql).get(0), ConnectionOptions.DEFAULT);
    }

    private String refusal(String sql) {
        try {
            judge(sql);
        } catch (ShoalException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused: " + sql);
    }

    @Test
    void refusalsNameThePragmaAndWhy() {
        assertThat(refusal("PRAGMA [query_only]=0")).isEqualTo("PRAGMA query_only is managed by Shoal and cannot be changed");
        assertThat(refusal("PRAGMA temp_store_directory = '/x'")).contains("temp_store_directory", "process-wide");
        assertThat(refusal("PRAGMA nosuch")).contains("PRAGMA nosuch is not allowed");
        assertThat(refusal("PRAGMA busy_timeout = 99999")).contains("between 0 and 5000 ms");
        assertThat(refusal("SELECT * FROM pragma_database_list")).contains("file paths");
        assertThat(refusal("VACUUM INTO '/tmp/x'")).contains("VACUUM INTO is not allowed");
        assertThat(refusal("ATTACH 'x' AS y")).startsWith("ATTACH takes a database name or id, not a file name");
        assertThat(refusal("ATTACH \"/etc/passwd\" AS y")).contains("is not a database name or id", "never files");
        assertThat(refusal("ATTACH \"db\" AS main")).contains("alias main is taken");
    }

    @Test
    void databaseListIsRewrittenWithoutFilePaths() {
        assertThat(judge("PRAGMA database_list").sql())
                .isEqualTo("SELECT seq, name, '' AS file FROM pragma_database_list");
        assertThat(judge("explain query plan pragma main.database_list").sql())
                .isEqualTo("EXPLAIN QUERY PLAN SELECT seq, name, '' AS file FROM pragma_database_list");
    }

    @Test
    void vacuumNeedsAScratchAttachSlot() {
        assertThat(judge("VACUUM").scratchAttach()).isTrue();
        assertThat(judge("EXPLAIN VACUUM").scratchAttach()).isFalse();
    }

    @Test
    void blockedDatabasesRefuseEverythingOrWrites() {
        var blockReads = new ConnectionOptions(ConnectionOptions.Writes.ALLOWED, true, OptionalLong.empty());
        assertThatThrownBy(() -> policy.judge(SqlLexer.split("SELECT 1").get(0), blockReads))
                .hasMessageContaining("reads are blocked");
        var blockWrites = new ConnectionOptions(ConnectionOptions.Writes.BLOCKED, false, OptionalLong.empty());
        assertThat(policy.judge(SqlLexer.split("SELECT 1").get(0), blockWrites).writes()).isFalse();
        assertThatThrownBy(() -> policy.judge(SqlLexer.split("PRAGMA user_version = 1").get(0), blockWrites))
                .hasMessageContaining("writes are blocked");
    }

    @Test
    void capsFollowTheSettings() {
        SqlPolicy strict = new SqlPolicy(new PolicySettings(100, 1 << 20));
        assertThatThrownBy(() -> strict.judge(SqlLexer.split("PRAGMA busy_timeout = 101").get(0), ConnectionOptions.DEFAULT))
                .hasMessageContaining("between 0 and 100 ms");
        assertThatThrownBy(() -> strict.judge(SqlLexer.split("PRAGMA cache_size = -1025").get(0), ConnectionOptions.DEFAULT))
                .hasMessageContaining("1024 KiB");
        assertThat(strict.judge(SqlLexer.split("PRAGMA cache_size = -1024").get(0), ConnectionOptions.DEFAULT).leavesState())
                .isTrue();
    }

    @Test
    void knownPragmasAreExactlyTheRuleTable() {
        assertThat(PragmaRules.known()).contains("query_only", "database_list", "temp_store_directory");
        assertThat(PragmaRules.find("no_such")).isEmpty();
    }
}

package dev.shoal.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule table names every pragma the bundled SQLite knows, so an upgrade cannot add one unjudged. */
class PragmaRulesSqliteTest {
    @Test
    void everyPragmaOfTheBundledSqliteIsJudged() throws Exception {
        List<String> pragmas = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                ResultSet rs = c.createStatement().executeQuery("SELECT name FROM pragma_pragma_list")) {
            while (rs.next()) {
                pragmas.add(rs.getString(1));
            }
        }
        assertThat(pragmas).hasSizeGreaterThan(50);
        assertThat(PragmaRules.known()).containsAll(pragmas);
    }
}

package dev.shoal.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlInputTest {
    @Test
    void statementsEndAtSemicolonsOutsideStringsCommentsAndTriggers() {
        assertThat(SqlInput.isComplete("SELECT 1;")).isTrue();
        assertThat(SqlInput.isComplete("SELECT 1;\n")).isTrue();
        assertThat(SqlInput.isComplete("SELECT 1; -- done\n")).isTrue();
        assertThat(SqlInput.isComplete("SELECT 1; /* done */")).isTrue();
        assertThat(SqlInput.isComplete("SELECT 1; SELECT 2;")).isTrue();
        assertThat(SqlInput.isComplete("SELECT 1")).isFalse();
        assertThat(SqlInput.isComplete("SELECT 1; SELECT 2")).isFalse();
        assertThat(SqlInput.isComplete("SELECT 'a;")).isFalse();
        assertThat(SqlInput.isComplete("SELECT 'a;';")).isTrue();
        assertThat(SqlInput.isComplete("SELECT \"a;")).isFalse();
        assertThat(SqlInput.isComplete("SELECT [a;")).isFalse();
        assertThat(SqlInput.isComplete("SELECT 1 -- ;\n")).isFalse();
        assertThat(SqlInput.isComplete("SELECT 1 /* ; */")).isFalse();
        assertThat(SqlInput.isComplete("SELECT 1; /* open")).isFalse();
        assertThat(SqlInput.isComplete("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;")).isFalse();
        assertThat(SqlInput.isComplete("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END")).isFalse();
        assertThat(SqlInput.isComplete("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;")).isTrue();
        assertThat(SqlInput.isComplete("CREATE TEMP TRIGGER tr AFTER INSERT ON t\nBEGIN\n SELECT ';';\n"
                + " INSERT INTO x VALUES (1);\nEND;\n")).isTrue();
    }

    @Test
    void blankAndCommentOnlyTextIsComplete() {
        assertThat(SqlInput.isComplete("")).isTrue();
        assertThat(SqlInput.isComplete("  \n")).isTrue();
        assertThat(SqlInput.isComplete("-- note\n")).isTrue();
        assertThat(SqlInput.isComplete("/* note */")).isTrue();
        assertThat(SqlInput.isComplete("/* note")).isFalse();
        assertThat(SqlInput.isEmpty("-- note\n/* x */")).isTrue();
        assertThat(SqlInput.isEmpty("SELECT")).isFalse();
    }

    @Test
    void dotCommandArguments() {
        assertThat(Session.arguments(".read 'my file.sql'")).containsExactly(".read", "my file.sql");
        assertThat(Session.arguments(".schema   \"a b\"  ")).containsExactly(".schema", "a b");
        assertThat(Session.arguments(".mode csv")).containsExactly(".mode", "csv");
    }
}

package dev.shoal.core.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

    private static List<String> sqls(String script) {
        return SqlLexer.split(script).stream().map(SqlStatement::sql).toList();
    }

    private static SqlStatement one(String sql) {
        List<SqlStatement> all = SqlLexer.split(sql);
        assertThat(all).as("statements of %s", sql).hasSize(1);
        return all.get(0);
    }

    private static Parameter p(int index, String name) {
        return new Parameter(index, Optional.ofNullable(name));
    }

    @Nested
    class Splitting {

        @Test
        void semicolonsSeparateStatements() {
            assertThat(sqls("SELECT 1; SELECT 2;SELECT 3;"))
                    .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
        }

        @Test
        void trailingTextWithoutSemicolonIsTheLastStatement() {
            assertThat(sqls("SELECT 1;\n  SELECT 2  \n")).containsExactly("SELECT 1", "SELECT 2");
        }

        @Test
        void singleStatementWithoutSemicolonIsReturnedAsIs() {
            String sql = "SELECT * FROM t WHERE id = ?";
            assertThat(one(sql).sql()).isSameAs(sql);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", ";", ";;;", " ; ;\n\t;", "-- only a comment",
                "/* only a comment */", "/* a */ ; -- b\n ; /* c */", "-- c\n;-- d", "\f\r\n"})
        void emptyStatementsAreSkipped(String script) {
            assertThat(SqlLexer.split(script)).isEmpty();
        }

        @Test
        void emptyStatementsBetweenRealOnesAreSkipped() {
            assertThat(sqls(";; SELECT 1 ;;; -- x\n ; SELECT 2 ;;"))
                    .containsExactly("SELECT 1", "SELECT 2");
        }

        @Test
        void semicolonInsideStringDoesNotSplit() {
            assertThat(sqls("SELECT 'a;b'; SELECT 'it''s; fine', ';'"))
                    .containsExactly("SELECT 'a;b'", "SELECT 'it''s; fine', ';'");
        }

        @Test
        void semicolonInsideQuotedIdentifiersDoesNotSplit() {
            assertThat(sqls("SELECT \"a;b\", \"x\"\";y\" FROM [t;1]; SELECT `c;d` FROM `e``;f`"))
                    .containsExactly("SELECT \"a;b\", \"x\"\";y\" FROM [t;1]", "SELECT `c;d` FROM `e``;f`");
        }

        @Test
        void semicolonInsideCommentsDoesNotSplit() {
            assertThat(sqls("SELECT 1 -- one; two\n + 2; SELECT /* ; */ 3"))
                    .containsExactly("SELECT 1 -- one; two\n + 2", "SELECT /* ; */ 3");
        }

        @Test
        void leadingCommentsAreDroppedAndInnerCommentsKept() {
            assertThat(sqls("-- header\n/* block */  SELECT /* inner */ 1 -- tail\n;"))
                    .containsExactly("SELECT /* inner */ 1");
        }

        @Test
        void trailingCommentsBeforeTheSemicolonAreDropped() {
            assertThat(sqls("SELECT 1 /* a */ -- b\n ; SELECT 2 -- c"))
                    .containsExactly("SELECT 1", "SELECT 2");
        }

        @Test
        void unterminatedStringRunsToEndOfText() {
            assertThat(sqls("SELECT 1; SELECT 'abc; SELECT 2;"))
                    .containsExactly("SELECT 1", "SELECT 'abc; SELECT 2;");
        }

        @Test
        void unterminatedQuotedIdentifierRunsToEndOfText() {
            assertThat(sqls("SELECT \"abc; SELECT 2")).containsExactly("SELECT \"abc; SELECT 2");
            assertThat(sqls("SELECT [abc; SELECT 2")).containsExactly("SELECT [abc; SELECT 2");
            assertThat(sqls("SELECT `abc; SELECT 2")).containsExactly("SELECT `abc; SELECT 2");
        }

        @Test
        void unterminatedBlockCommentRunsToEndOfText() {
            assertThat(sqls("SELECT 1 /* abc; SELECT 2;")).containsExactly("SELECT 1");
        }

        @Test
        void slashStarAtTheVeryEndIsNotACommentLikeInSqlite() {
            // tokenize.c only opens a comment when a character follows "/*"
            assertThat(sqls("SELECT 1 /*")).containsExactly("SELECT 1 /*");
        }

        @Test
        void lineCommentAtEndOfTextWithoutNewline() {
            assertThat(sqls("SELECT 1 -- the end; really")).containsExactly("SELECT 1");
        }

        @Test
        void minusAndSlashOperatorsAreNotComments() {
            assertThat(sqls("SELECT 4 - -1 / 2; SELECT 2")).containsExactly("SELECT 4 - -1 / 2", "SELECT 2");
        }

        @Test
        void blobLiteralsAreTokens() {
            assertThat(sqls("SELECT x'3B'; SELECT X'ab';")).containsExactly("SELECT x'3B'", "SELECT X'ab'");
        }

        @Test
        void nonAsciiTextIsKept() {
            assertThat(sqls("SELECT 'héllo; wörld', 名前 FROM données; SELECT '😀'"))
                    .containsExactly("SELECT 'héllo; wörld', 名前 FROM données", "SELECT '😀'");
        }

        @Test
        void nulCharacterEndsTheTextLikeInSqlite() {
            assertThat(sqls("SELECT 1;\0 DROP TABLE t")).containsExactly("SELECT 1");
            assertThat(sqls("SELECT 'a\0b'; SELECT 2")).containsExactly("SELECT 'a");
            assertThat(one("SELECT ?\0, ?").parameterCount()).isEqualTo(1);
            assertThat(SqlLexer.split("\0SELECT 1")).isEmpty();
        }

        @Test
        void resultIsUnmodifiable() {
            List<SqlStatement> all = SqlLexer.split("SELECT 1; SELECT 2");
            assertThatThrownBy(() -> all.add(all.get(0))).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void nullScriptIsRejected() {
            assertThatThrownBy(() -> SqlLexer.split(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void manyStatementsAreSplitInOrder() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                sb.append("INSERT INTO t VALUES (").append(i).append(", ';');\n");
            }
            List<SqlStatement> all = SqlLexer.split(sb.toString());
            assertThat(all).hasSize(5000);
            assertThat(all.get(4321).sql()).isEqualTo("INSERT INTO t VALUES (4321, ';')");
        }
    }

    @Nested
    class Triggers {

        private static final String TRIGGER = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                + "  INSERT INTO log VALUES (new.a);\n"
                + "  UPDATE log SET n = n + 1;\n"
                + "END";

        @Test
        void triggerWithSeveralStatementsIsOneStatement() {
            List<SqlStatement> all = SqlLexer.split(TRIGGER + "; SELECT 1;");
            assertThat(all).extracting(SqlStatement::sql).containsExactly(TRIGGER, "SELECT 1");
            assertThat(all.get(0).kind()).isEqualTo(StatementKind.DDL);
        }

        @Test
        void triggerAtEndOfTextWithoutSemicolon() {
            assertThat(sqls("SELECT 0; " + TRIGGER)).containsExactly("SELECT 0", TRIGGER);
        }

        @Test
        void caseEndInsideTriggerDoesNotEndIt() {
            String trigger = "CREATE TRIGGER tr BEFORE UPDATE ON t BEGIN "
                    + "SELECT CASE WHEN new.a < 0 THEN RAISE(ABORT, 'neg;') END; "
                    + "UPDATE t SET b = CASE a WHEN 1 THEN 'x' ELSE 'y' END WHERE rowid = new.rowid; END";
            assertThat(sqls(trigger + ";SELECT 2")).containsExactly(trigger, "SELECT 2");
        }

        @Test
        void endMustFollowASemicolonToCloseTheTrigger() {
            String trigger = "CREATE TRIGGER tr AFTER DELETE ON t BEGIN DELETE FROM log WHERE x = 'END'; "
                    + "SELECT 1 END; END";
            // "SELECT 1 END" would be an alias; the quoted END is a string; only "; END" closes it
            assertThat(sqls(trigger + "; SELECT 3")).containsExactly(trigger, "SELECT 3");
        }

        @Test
        void commentsAndWhitespaceAroundTheClosingEndAreAllowed() {
            String trigger = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; /* c; */ -- d;\n End";
            assertThat(sqls(trigger + " /* e; */\n;\nSELECT 4")).containsExactly(trigger, "SELECT 4");
        }

        @Test
        void semicolonsInsideTriggerStringsAndCommentsAreIgnored() {
            String trigger = "create trigger tr after insert on t begin insert into log values ('; end;'); "
                    + "/* ; end ; */ insert into log values (\"; end;\"); end";
            assertThat(sqls(trigger + "; select 5")).containsExactly(trigger, "select 5");
        }

        @ParameterizedTest
        @ValueSource(strings = {"TEMP", "temporary", "Temp"})
        void temporaryTriggerIsOneStatement(String temp) {
            String trigger = "CREATE " + temp + " TRIGGER IF NOT EXISTS tr AFTER INSERT ON t BEGIN "
                    + "SELECT 1; SELECT 2; END";
            assertThat(sqls(trigger + "; SELECT 6")).containsExactly(trigger, "SELECT 6");
        }

        @Test
        void explainCreateTriggerIsOneStatement() {
            String trigger = "EXPLAIN CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END";
            List<SqlStatement> all = SqlLexer.split(trigger + "; SELECT 7");
            assertThat(all).extracting(SqlStatement::sql).containsExactly(trigger, "SELECT 7");
            assertThat(all.get(0).explain()).isTrue();
            assertThat(all.get(0).kind()).isEqualTo(StatementKind.DDL);
        }

        @Test
        void explainQueryPlanCreateTriggerIsOneStatement() {
            String trigger = "EXPLAIN QUERY PLAN CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END";
            assertThat(sqls(trigger + "; SELECT 8")).containsExactly(trigger, "SELECT 8");
        }

        @Test
        void unterminatedTriggerRunsToEndOfText() {
            String script = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2;";
            assertThat(sqls(script)).containsExactly(script);
        }

        @Test
        void otherCreateStatementsEndAtTheirSemicolon() {
            assertThat(sqls("CREATE TABLE trigger(end); CREATE TEMP TABLE t2(x); CREATE VIEW v AS SELECT 1; END"))
                    .containsExactly("CREATE TABLE trigger(end)", "CREATE TEMP TABLE t2(x)",
                            "CREATE VIEW v AS SELECT 1", "END");
        }

        @Test
        void quotedTriggerKeywordDoesNotStartATrigger() {
            assertThat(sqls("CREATE TABLE \"trigger\"(x); SELECT 1")).hasSize(2);
        }

        @Test
        void parameterSpelledLikeCreateDoesNotStartATrigger() {
            // sqlite3_complete() tokenizes "@create" as "@" + CREATE and would wait for "END;",
            // but sqlite3_prepare() sees a parameter and ends the statement at the semicolon.
            assertThat(sqls("EXPLAIN SELECT @create trigger; SELECT 1"))
                    .containsExactly("EXPLAIN SELECT @create trigger", "SELECT 1");
        }

        @Test
        void severalTriggersInOneScript() {
            String a = "CREATE TRIGGER a AFTER INSERT ON t BEGIN SELECT 1; END";
            String b = "CREATE TRIGGER b AFTER INSERT ON t BEGIN SELECT CASE 1 WHEN 1 THEN 2 END; END";
            assertThat(sqls(a + ";" + b + ";SELECT 9;" + a)).containsExactly(a, b, "SELECT 9", a);
        }
    }

    @Nested
    class Kinds {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                SELECT 1                                   | SELECT
                select * from t                            | SELECT
                VALUES (1), (2)                            | SELECT
                INSERT INTO t VALUES (1)                   | INSERT
                insert or replace into t values (1)        | INSERT
                REPLACE INTO t VALUES (1)                  | INSERT
                UPDATE t SET a = 1                         | UPDATE
                DELETE FROM t                              | DELETE
                CREATE TABLE t(a)                          | DDL
                create index i on t(a)                     | DDL
                CREATE VIRTUAL TABLE f USING fts5(x)       | DDL
                DROP TABLE t                               | DDL
                ALTER TABLE t ADD COLUMN b                 | DDL
                BEGIN                                      | BEGIN
                COMMIT                                     | COMMIT
                COMMIT TRANSACTION                         | COMMIT
                END                                        | COMMIT
                end transaction                            | COMMIT
                ROLLBACK                                   | ROLLBACK
                ROLLBACK TRANSACTION                       | ROLLBACK
                ROLLBACK TO sp                             | ROLLBACK_TO
                rollback transaction to savepoint sp       | ROLLBACK_TO
                ROLLBACK TO SAVEPOINT sp                   | ROLLBACK_TO
                ROLLBACK TRANSACTION tx TO SAVEPOINT sp    | ROLLBACK_TO
                SAVEPOINT sp                               | SAVEPOINT
                RELEASE sp                                 | RELEASE
                RELEASE SAVEPOINT sp                       | RELEASE
                ATTACH 'x.db' AS x                         | ATTACH
                ATTACH DATABASE 'x.db' AS x                | ATTACH
                DETACH x                                   | DETACH
                PRAGMA journal_mode = WAL                  | PRAGMA
                ANALYZE                                    | ANALYZE
                VACUUM                                     | VACUUM
                VACUUM INTO 'backup.db'                    | VACUUM
                REINDEX                                    | REINDEX
                SELECTX 1                                  | OTHER
                FOO BAR                                    | OTHER
                (SELECT 1)                                 | OTHER
                'SELECT'                                   | OTHER
                "SELECT" 1                                 | OTHER
                42                                         | OTHER
                EXPLAIN                                    | OTHER
                EXPLAIN QUERY                              | OTHER
                EXPLAIN QUERY SELECT 1                     | OTHER
                WITH x AS (SELECT 1)                       | OTHER
                """)
        void kindComesFromTheLeadingKeyword(String sql, StatementKind kind) {
            SqlStatement st = one(sql);
            assertThat(st.kind()).isEqualTo(kind);
            if (kind != StatementKind.BEGIN) {
                assertThat(st.beginMode()).isEmpty();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"select 1", "SeLeCt 1", "SELECT 1", "\n\t  SELECT 1", "/* x */ select 1"})
        void keywordsAreCaseInsensitive(String sql) {
            assertThat(one(sql).kind()).isEqualTo(StatementKind.SELECT);
        }

        @Test
        void keywordFollowedByPunctuationIsRecognised() {
            assertThat(one("SELECT*FROM t").kind()).isEqualTo(StatementKind.SELECT);
            assertThat(one("VALUES(1)").kind()).isEqualTo(StatementKind.SELECT);
            assertThat(one("DELETE/**/FROM t").kind()).isEqualTo(StatementKind.DELETE);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                BEGIN                              | DEFERRED
                BEGIN TRANSACTION                  | DEFERRED
                begin deferred                     | DEFERRED
                BEGIN DEFERRED TRANSACTION         | DEFERRED
                BEGIN IMMEDIATE                    | IMMEDIATE
                begin Immediate transaction        | IMMEDIATE
                BEGIN EXCLUSIVE                    | EXCLUSIVE
                BEGIN EXCLUSIVE TRANSACTION t1     | EXCLUSIVE
                BEGIN TRANSACTION READONLY         | DEFERRED
                BEGIN TRANSACTION immediate        | DEFERRED
                BEGIN /* IMMEDIATE */ EXCLUSIVE    | EXCLUSIVE
                """)
        void beginModeDefaultsToDeferred(String sql, String mode) {
            SqlStatement st = one(sql);
            assertThat(st.kind()).isEqualTo(StatementKind.BEGIN);
            assertThat(st.beginMode()).contains(mode);
        }

        @Test
        void beginModeIsEmptyForEveryOtherKind() {
            assertThat(SqlLexer.split("SELECT 1; COMMIT; ROLLBACK; SAVEPOINT immediate; EXPLAIN SELECT 1"))
                    .allSatisfy(st -> assertThat(st.beginMode()).isEmpty());
        }

        @Test
        void immediateAndExclusiveBeginNeedTheWriter() {
            assertThat(one("BEGIN").needsWriter()).isFalse();
            assertThat(one("BEGIN IMMEDIATE").needsWriter()).isTrue();
            assertThat(one("BEGIN EXCLUSIVE").needsWriter()).isTrue();
        }

        @Test
        void explainSetsTheFlagAndKeepsTheExplainedKind() {
            SqlStatement st = one("EXPLAIN DELETE FROM t");
            assertThat(st.explain()).isTrue();
            assertThat(st.kind()).isEqualTo(StatementKind.DELETE);
            assertThat(st.needsWriter()).isFalse();
            assertThat(one("DELETE FROM t").explain()).isFalse();
        }

        @Test
        void explainQueryPlanSetsTheFlag() {
            SqlStatement st = one("explain query plan INSERT INTO t SELECT * FROM u");
            assertThat(st.explain()).isTrue();
            assertThat(st.kind()).isEqualTo(StatementKind.INSERT);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
                WITH x AS (SELECT 1) SELECT * FROM x                                                | SELECT
                WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x                                  | INSERT
                WITH x AS (SELECT 1) REPLACE INTO t SELECT * FROM x                                 | INSERT
                WITH x AS (SELECT 1) UPDATE t SET a = (SELECT * FROM x)                             | UPDATE
                WITH x AS (SELECT 1) DELETE FROM t WHERE a IN x                                     | DELETE
                WITH x AS (VALUES (1)) VALUES (2)                                                   | SELECT
                WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) INSERT INTO t SELECT n FROM c | INSERT
                with recursive c(n, "m") as (select 1, 2) delete from t                             | DELETE
                WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) DELETE FROM t   | DELETE
                WITH a(x) AS (SELECT (1)), b(y, z) AS (SELECT ((2)), (3 AS)) UPDATE t SET a = 1     | UPDATE
                WITH "delete" AS (SELECT 'insert') SELECT * FROM "delete"                           | SELECT
                WITH [update]([as]) AS (SELECT 1) INSERT INTO t SELECT * FROM [update]            | INSERT
                WITH x AS (SELECT ')' AS "(") DELETE FROM t                                         | DELETE
                WITH x AS (SELECT 1 /* ) */) INSERT INTO t VALUES (1)                               | INSERT
                EXPLAIN QUERY PLAN WITH x AS (SELECT 1) DELETE FROM t                               | DELETE
                EXPLAIN WITH x AS (SELECT 1) UPDATE t SET a = 1                                     | UPDATE
                """)
        void withClauseIsSkippedToFindTheVerb(String sql, StatementKind kind) {
            assertThat(one(sql).kind()).isEqualTo(kind);
        }
    }

    @Nested
    class Parameters {

        @Test
        void statementWithoutParameters() {
            SqlStatement st = one("SELECT * FROM t");
            assertThat(st.parameters()).isEmpty();
            assertThat(st.parameterCount()).isZero();
        }

        @Test
        void bareQuestionMarksAreNumberedInOrder() {
            SqlStatement st = one("SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
            assertThat(st.parameters()).containsExactly(p(1, null), p(2, null), p(3, null));
            assertThat(st.parameterCount()).isEqualTo(3);
        }

        @Test
        void numberedParameterKeepsItsIndexAndName() {
            SqlStatement st = one("SELECT ?3, ?1");
            assertThat(st.parameters()).containsExactly(p(1, "?1"), p(3, "?3"));
            assertThat(st.parameterCount()).isEqualTo(3);
        }

        @Test
        void bareQuestionMarkTakesTheHighestIndexPlusOne() {
            SqlStatement st = one("SELECT ?2, ?, ?3");
            // like sqlite3_bind_parameter_name, the slot gets the name of the ?3 that reuses it
            assertThat(st.parameters()).containsExactly(p(2, "?2"), p(3, "?3"));
            assertThat(st.parameterCount()).isEqualTo(3);
        }

        @Test
        void numberedParameterReusingABareSlotNamesIt() {
            SqlStatement st = one("SELECT ?, ?1, ?");
            assertThat(st.parameters()).containsExactly(p(1, "?1"), p(2, null));
            assertThat(st.parameterCount()).isEqualTo(2);
        }

        @Test
        void repeatedNumberedParameterKeepsTheFirstSpelling() {
            SqlStatement st = one("SELECT ?01, ?1, ?001");
            assertThat(st.parameters()).containsExactly(p(1, "?01"));
            assertThat(st.parameterCount()).isEqualTo(1);
        }

        @Test
        void namedParametersOfEveryPrefixGetTheNextIndex() {
            SqlStatement st = one("SELECT :a, @b, $c, #d, ?");
            assertThat(st.parameters())
                    .containsExactly(p(1, ":a"), p(2, "@b"), p(3, "$c"), p(4, "#d"), p(5, null));
            assertThat(st.parameterCount()).isEqualTo(5);
            assertThat(st.indexOf("$c")).contains(3);
            assertThat(st.indexOf("c")).isEmpty();
        }

        @Test
        void repeatedNameKeepsItsIndex() {
            SqlStatement st = one("UPDATE t SET a = :v, b = :w WHERE c = :v OR d = :w");
            assertThat(st.parameters()).containsExactly(p(1, ":v"), p(2, ":w"));
            assertThat(st.parameterCount()).isEqualTo(2);
        }

        @Test
        void samenameWithDifferentPrefixesOrCaseAreDifferentSlots() {
            SqlStatement st = one("SELECT :a, @a, $a, :A");
            assertThat(st.parameters()).containsExactly(p(1, ":a"), p(2, "@a"), p(3, "$a"), p(4, ":A"));
        }

        @Test
        void numberedParameterRefersToTheNamedSlotWithThatIndex() {
            SqlStatement st = one("SELECT :b, :a, ?1");
            assertThat(st.parameters()).containsExactly(p(1, ":b"), p(2, ":a"));
            assertThat(st.parameterCount()).isEqualTo(2);
        }

        @Test
        void namedParameterAfterNumberedOneGetsHighestPlusOne() {
            SqlStatement st = one("SELECT ?5, :x, ?2, :x");
            assertThat(st.parameters()).containsExactly(p(2, "?2"), p(5, "?5"), p(6, ":x"));
            assertThat(st.parameterCount()).isEqualTo(6);
        }

        @Test
        void tclStyleNamesWithColonsAndParenthesisSuffix() {
            SqlStatement st = one("SELECT $a::b(c), $x::y, $::z, $a::b(c), :p(q r)");
            // ":p(q" has whitespace inside the suffix: an illegal token, not a parameter
            assertThat(st.parameters()).containsExactly(p(1, "$a::b(c)"), p(2, "$x::y"), p(3, "$::z"));
        }

        @Test
        void parenthesisSuffixWorksForEveryPrefixLikeInSqlite() {
            assertThat(one("SELECT :a(1), @b(x;y)").parameters())
                    .containsExactly(p(1, ":a(1)"), p(2, "@b(x;y)"));
        }

        @Test
        void parameterNameCharacters() {
            SqlStatement st = one("SELECT :a$b_1, :1, :é名, @x.y FROM t");
            assertThat(st.parameters()).containsExactly(p(1, ":a$b_1"), p(2, ":1"), p(3, ":é名"), p(4, "@x"));
        }

        @Test
        void parametersInsideStringsCommentsAndIdentifiersAreIgnored() {
            SqlStatement st = one("SELECT '?', ':a', \"?\", [:b], `@c`, x'3F' /* ? :d */ -- ?\n, ? FROM t");
            assertThat(st.parameters()).containsExactly(p(1, null));
            assertThat(st.parameterCount()).isEqualTo(1);
        }

        @Test
        void dollarInsideAnIdentifierIsNotAParameter() {
            assertThat(one("SELECT a$b, c$ FROM t").parameterCount()).isZero();
        }

        @Test
        void parametersAreNumberedPerStatement() {
            List<SqlStatement> all = SqlLexer.split("SELECT ?, :a; SELECT :a; SELECT ?3");
            assertThat(all).extracting(SqlStatement::parameterCount).containsExactly(2, 1, 3);
            assertThat(all.get(1).parameters()).containsExactly(p(1, ":a"));
        }

        @Test
        void parametersInsideATriggerAreCounted() {
            // SQLite rejects them ("trigger cannot use variables"), but the count stays honest
            assertThat(one("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT ?; SELECT :a; END").parameterCount())
                    .isEqualTo(2);
        }

        @Test
        void largestAcceptedNumberedParameter() {
            assertThat(one("SELECT ?250000").parameterCount()).isEqualTo(SqlLexer.MAX_VARIABLE_NUMBER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT ?0", "SELECT ?250001", "SELECT ?99999999999999999999", "SELECT :",
                "SELECT @ 1", "SELECT $", "SELECT #1", "SELECT $a(b", "SELECT $(a)", "SELECT 1$a"})
        void parametersSqliteRejectsAreNotCounted(String sql) {
            assertThat(one(sql).parameters()).isEmpty();
            assertThat(one(sql).parameterCount()).isZero();
        }

        @Test
        void questionMarkDigitsStopAtTheFirstNonDigit() {
            SqlStatement st = one("SELECT ?2a, ?1");
            assertThat(st.parameters()).containsExactly(p(1, "?1"), p(2, "?2"));
        }
    }
}

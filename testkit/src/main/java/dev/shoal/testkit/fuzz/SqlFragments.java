package dev.shoal.testkit.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Random SQL for the fuzzer: valid statements on the fuzz tables, and broken or hostile pieces
 * (unterminated strings and comments, many statements, PRAGMA/ATTACH/VACUUM, parameters, NUL,
 * triggers without END), glued together at random. Everything is cheap to run: no unbounded
 * recursion, no huge allocations, so a slow answer really is a server problem.
 */
final class SqlFragments {
    /** Tables every fuzz target database has (see {@link HranaFuzzer#SETUP_SQL}). */
    static final List<String> VALID = List.of(
            "SELECT 1",
            "SELECT 40 + 2",
            "SELECT * FROM fuzz_t LIMIT 5",
            "SELECT count(*) FROM fuzz_t",
            "SELECT a, b FROM fuzz_t WHERE a = ?",
            "SELECT :a, @b, $c",
            "SELECT ?1, ?2, ?3",
            "INSERT INTO fuzz_t(a, b) VALUES (?, ?)",
            "INSERT INTO fuzz_t(a, b) VALUES (:a, :b)",
            "INSERT INTO fuzz_t(a, b) VALUES (abs(random()) % 100, randomblob(8))",
            "UPDATE fuzz_t SET b = 'x' WHERE a = 1",
            "DELETE FROM fuzz_t WHERE a > 90",
            // Keeps the tables small over a million requests, so VACUUM, ANALYZE and scans stay cheap.
            "DELETE FROM fuzz_t WHERE rowid < (SELECT max(rowid) - 200 FROM fuzz_t)",
            "INSERT INTO fuzz_u(k, v) VALUES (1, 'one') ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            "SELECT typeof(?), length(?)",
            "SELECT json_object('a', 1)",
            "SELECT 1e999, -1e999, 0.0 / 0",
            "SELECT x'00ff', zeroblob(4)",
            "SELECT sqlite_version()",
            "EXPLAIN SELECT 1",
            "EXPLAIN QUERY PLAN SELECT * FROM fuzz_t WHERE a = 1",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50) SELECT x FROM c",
            "CREATE TABLE IF NOT EXISTS fuzz_t(a, b)",
            "CREATE TEMP TABLE IF NOT EXISTS fuzz_tmp(x)",
            "CREATE INDEX IF NOT EXISTS fuzz_t_a ON fuzz_t(a)",
            "BEGIN",
            "BEGIN IMMEDIATE",
            "COMMIT",
            "ROLLBACK",
            "SAVEPOINT s1",
            "RELEASE s1",
            "ANALYZE",
            "REINDEX fuzz_t");

    private static final List<String> HOSTILE = List.of(
            "",
            " ",
            ";",
            ";;;",
            "-- only a comment",
            "/* unterminated comment",
            "SELECT 'unterminated",
            "SELECT \"unterminated",
            "SELECT [unterminated",
            "SELECT `unterminated",
            "SELECT 1 /* c */; SELECT 2 -- c",
            "SELECT 1; SELECT 2; SELECT 3",
            "SELECT",
            "SELEC 1",
            "SELECT * FROM no_such_table",
            "INSERT INTO fuzz_t VALUES (1, 2, 3)",
            "INSERT INTO fuzz_u(k, v) VALUES (1, 'dup')",
            "PRAGMA integrity_check",
            "PRAGMA table_info(fuzz_t)",
            "PRAGMA journal_mode = DELETE",
            "PRAGMA synchronous = OFF",
            "PRAGMA writable_schema = ON",
            "PRAGMA query_only = 1",
            "PRAGMA max_page_count = 1",
            "PRAGMA foreign_keys = ON",
            "PRAGMA user_version = 7",
            "PRAGMA cache_size = -100",
            "PRAGMA no_such_pragma",
            "ATTACH 'x.db' AS x",
            "ATTACH ':memory:' AS m",
            "ATTACH DATABASE '/etc/passwd' AS p",
            "DETACH x",
            "VACUUM",
            "VACUUM INTO '/tmp/shoal-fuzz-escape.db'",
            "VACUUM main",
            "SELECT load_extension('x')",
            "CREATE TRIGGER tr AFTER INSERT ON fuzz_t BEGIN SELECT 1;",
            "CREATE TEMP TRIGGER tr2 AFTER INSERT ON fuzz_t BEGIN SELECT 1; END",
            "CREATE TABLE fuzz_t(a)",
            "DROP TABLE IF EXISTS fuzz_gone",
            "SELECT ?0",
            "SELECT ?999999999",
            "SELECT ?250001",
            "SELECT :",
            "SELECT $a(",
            "SELECT #1",
            "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?",
            "SELECT :a, :a, ?1, ?1",
            "SELECT 1\u0000; DROP TABLE fuzz_t",
            "SELECT '\u0000'",
            "SELECT '\ud800'",
            "SELECT 'Ω≈ç√∫'",
            "SELECT 9223372036854775807 + 1",
            "SELECT -9223372036854775808 - 1",
            "SELECT 99999999999999999999999999999",
            "SELECT zeroblob(-1)",
            "SELECT zeroblob(9223372036854775807)",
            "SELECT abs(-9223372036854775808)",
            "SELECT json('{bad')",
            "SELECT CAST('x' AS INTEGER)",
            "END",
            "COMMIT; BEGIN",
            "BEGIN; BEGIN",
            "ROLLBACK TO nowhere",
            "RELEASE nowhere",
            "EXPLAIN",
            "EXPLAIN EXPLAIN SELECT 1",
            "SELECT * FROM sqlite_schema",
            "DELETE FROM sqlite_schema",
            "UPDATE sqlite_schema SET sql = 'x'");

    private static final List<String> PIECES = List.of(
            "SELECT", "INSERT", "INTO", "VALUES", "(", ")", ",", ";", "'", "\"", "[", "]", "`", "--", "/*", "*/",
            "?", "?1", ":a", "@b", "$c", "fuzz_t", "FROM", "WHERE", "BEGIN", "END", "CREATE", "TRIGGER", "TEMP",
            "PRAGMA", "ATTACH", "VACUUM", "EXPLAIN", "x'", "X'0", "1e", "0x", "-", "NULL", "\n", "\t", "\u0000",
            "é", "\ud83d\ude00", "CASE", "WHEN", "RETURNING", "*", "=", "||");

    private SqlFragments() {}

    /** One statement or script: mostly a known piece, sometimes pieces glued into noise. */
    static String any(Random r) {
        int p = r.nextInt(100);
        if (p < 45) {
            return pick(r, VALID);
        }
        if (p < 80) {
            return pick(r, HOSTILE);
        }
        if (p < 92) {
            return glued(r);
        }
        return manyStatements(r);
    }

    /** A script of several statements (for {@code sequence}). */
    static String script(Random r) {
        int p = r.nextInt(10);
        return p < 7 ? manyStatements(r) : any(r);
    }

    static String valid(Random r) {
        return pick(r, VALID);
    }

    private static String glued(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(r.nextBoolean() ? pick(r, PIECES) : pick(r, HOSTILE)).append(r.nextInt(4) == 0 ? "" : " ");
        }
        return b.toString();
    }

    private static String manyStatements(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 2 + (r.nextInt(10) == 0 ? r.nextInt(200) : r.nextInt(6));
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(4) == 0 ? pick(r, HOSTILE) : pick(r, VALID)).append(';');
            if (r.nextInt(3) == 0) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    static <T> T pick(Random r, List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }
}

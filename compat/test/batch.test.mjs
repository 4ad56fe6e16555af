// client.batch() through @libsql/client: one HTTP request carrying store_sql + batch (+ close).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { LibsqlBatchError } from "@libsql/client";
import { createDatabase, dropDatabase, withClient, rejectsLibsql, plainRows, scalar } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-batch");
});
after(async () => {
  await dropDatabase(db);
});

describe("batch()", () => {
  test("4-statement read batch", async () => {
    await withClient(db.url, async (c) => {
      const rss = await c.batch(
        [
          "SELECT 1+1",
          "SELECT 1 AS one, 2 AS two",
          { sql: "SELECT ?", args: ["boomerang"] },
          { sql: "VALUES (?), (?)", args: ["big", "ben"] },
        ],
        "read",
      );
      assert.equal(rss.length, 4);
      assert.deepEqual(plainRows(rss[0]), [[2]]);
      assert.deepEqual(rss[0].columns, ["1+1"]);
      assert.deepEqual(plainRows(rss[1]), [[1, 2]]);
      assert.deepEqual(rss[1].columns, ["one", "two"]);
      assert.deepEqual(plainRows(rss[2]), [["boomerang"]]);
      assert.deepEqual(plainRows(rss[3]), [["big"], ["ben"]]);
    });
  });

  test("7-step write batch sees its own writes", async () => {
    await withClient(db.url, async (c) => {
      const rss = await c.batch(
        [
          "DROP TABLE IF EXISTS seq_t",
          "CREATE TABLE seq_t (a, b)",
          "INSERT INTO seq_t VALUES (1, 'one')",
          "SELECT * FROM seq_t ORDER BY a",
          "INSERT INTO seq_t VALUES (2, 'two')",
          "SELECT * FROM seq_t ORDER BY a",
          "DROP TABLE seq_t",
        ],
        "write",
      );
      assert.equal(rss.length, 7);
      assert.equal(rss[2].rowsAffected, 1);
      assert.deepEqual(rss[3].columns, ["a", "b"]);
      assert.deepEqual(plainRows(rss[3]), [[1, "one"]]);
      assert.deepEqual({ ...rss[3].rows[0] }, { a: 1, b: "one" });
      assert.deepEqual(plainRows(rss[5]), [
        [1, "one"],
        [2, "two"],
      ]);
      assert.equal(rss[4].rowsAffected, 1);
      assert.equal(rss[5].rowsAffected, 0);
    });
  });

  test("error in the middle of a write batch rolls back the whole batch and reports the statement index", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE rb_t (a)");
      await c.execute("INSERT INTO rb_t VALUES ('one')");
      const err = await rejectsLibsql(
        c.batch(["INSERT INTO rb_t VALUES ('two')", "SELECT foobar", "INSERT INTO rb_t VALUES ('three')"], "write"),
      );
      assert.ok(err instanceof LibsqlBatchError, `expected LibsqlBatchError, got ${err.name}`);
      assert.equal(err.statementIndex, 1);
      assert.match(err.message, /foobar/);
      const rs = await c.execute("SELECT a FROM rb_t ORDER BY rowid");
      assert.deepEqual(plainRows(rs), [["one"]]);
    });
  });

  test("constraint error at statement 2 of a write batch: statementIndex 2, SQLITE_CONSTRAINT, nothing committed", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE rb_pk (id INTEGER PRIMARY KEY, v TEXT)");
      const err = await rejectsLibsql(
        c.batch(
          [
            "INSERT INTO rb_pk VALUES (1, 'a')",
            "INSERT INTO rb_pk VALUES (2, 'b')",
            "INSERT INTO rb_pk VALUES (1, 'dup')",
            "INSERT INTO rb_pk VALUES (3, 'c')",
          ],
          "write",
        ),
        "SQLITE_CONSTRAINT",
      );
      assert.ok(err instanceof LibsqlBatchError);
      assert.equal(err.statementIndex, 2);
      assert.equal(scalar(await c.execute("SELECT count(*) FROM rb_pk")), 0);
      // The database is not left locked: a following write batch succeeds at once.
      const [ins] = await c.batch(["INSERT INTO rb_pk VALUES (10, 'ok')"], "write");
      assert.equal(ins.rowsAffected, 1);
    });
  });

  test("error in a read batch rejects with LibsqlError", async () => {
    await withClient(db.url, async (c) => {
      const err = await rejectsLibsql(c.batch(["SELECT 1+1", "SELECT foobar"], "read"));
      assert.equal(err.statementIndex, 1);
    });
  });

  test("1,000 distinct statements in one batch", { timeout: 10_000 }, async () => {
    await withClient(db.url, async (c) => {
      const stmts = [];
      for (let i = 0; i < 1000; i++) stmts.push(`SELECT ${i}`);
      const started = Date.now();
      const rss = await c.batch(stmts, "read");
      const elapsed = Date.now() - started;
      assert.equal(rss.length, 1000);
      for (let i = 0; i < 1000; i++) {
        assert.equal(rss[i].rows[0][0], i);
        assert.deepEqual(rss[i].columns, [String(i)]);
      }
      assert.ok(elapsed < 5000, `batch took ${elapsed} ms`);
    });
  });

  test("4,000 statements (20 distinct x 200) in one batch", { timeout: 10_000 }, async () => {
    await withClient(db.url, async (c) => {
      const n = 20;
      const m = 200;
      const stmts = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) stmts.push({ sql: `SELECT ?, ${j}`, args: [i] });
      }
      const started = Date.now();
      const rss = await c.batch(stmts, "read");
      const elapsed = Date.now() - started;
      assert.equal(rss.length, n * m);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          const rs = rss[i * m + j];
          assert.equal(rs.rows[0][0], i);
          assert.equal(rs.rows[0][1], j);
        }
      }
      assert.ok(elapsed < 5000, `batch took ${elapsed} ms`);
    });
  });

  test("more than 30 distinct statements in a write batch (beyond the client's SQL cache)", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE many_t (a)");
      const stmts = [];
      for (let i = 0; i < 100; i++) stmts.push(`INSERT INTO many_t VALUES (${i})`);
      stmts.push("SELECT sum(a), count(*) FROM many_t");
      const rss = await c.batch(stmts, "write");
      assert.deepEqual(plainRows(rss[100]), [[4950, 100]]);
    });
  });

  test("statement of 5,000+ characters is sent inline and works", async () => {
    await withClient(db.url, async (c) => {
      const long = "SELECT '" + "x".repeat(6000) + "' AS s, ?";
      const rss = await c.batch([{ sql: long, args: [1n] }, long.replace("?", "2")], "read");
      assert.equal(rss[0].rows[0][0].length, 6000);
      assert.equal(rss[0].rows[0][1], 1);
      assert.equal(rss[1].rows[0][1], 2);
    });
  });

  test("stored SQL of 4,000+ UTF-16 units but 12,000+ UTF-8 bytes goes through store_sql", async () => {
    await withClient(db.url, async (c) => {
      const text = "漢".repeat(2000);
      const sql = `SELECT '${text}' AS s, length('${text}') AS n, ?`;
      assert.ok(sql.length < 5000, "the client stores texts under 5,000 UTF-16 units");
      assert.ok(Buffer.byteLength(sql) > 12000);
      const rss = await c.batch([{ sql, args: [1n] }, { sql, args: [2n] }], "read");
      assert.equal(rss[0].rows[0][0], text);
      assert.equal(rss[0].rows[0][1], 2000);
      assert.equal(rss[1].rows[0][2], 2);
    });
  });

  test("deferred batch with INSERT ... RETURNING", async () => {
    await withClient(db.url, async (c) => {
      const rss = await c.batch(
        ["SELECT 1+1", "DROP TABLE IF EXISTS def_t", "CREATE TABLE def_t (a)", "INSERT INTO def_t VALUES (21) RETURNING 2*a"],
        "deferred",
      );
      assert.equal(rss.length, 4);
      assert.deepEqual(plainRows(rss[0]), [[2]]);
      assert.deepEqual(plainRows(rss[3]), [[42]]);
    });
  });

  test("migrate() runs statements with foreign keys off", async () => {
    await withClient(db.url, async (c) => {
      const rss = await c.migrate([
        "CREATE TABLE mig_parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE mig_child (pid INTEGER REFERENCES mig_parent(id))",
        "INSERT INTO mig_child VALUES (99)",
        "SELECT count(*) FROM mig_child",
      ]);
      assert.equal(rss.length, 4);
      assert.deepEqual(plainRows(rss[3]), [[1]]);
    });
  });
});

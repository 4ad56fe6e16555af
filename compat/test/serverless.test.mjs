// @tursodatabase/serverless: Hrana 3 over HTTP (v3/cursor for statements, v3/pipeline for
// describe, sequence, get_autocommit, close).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect, Session, DatabaseError } from "@tursodatabase/serverless";
import { createDatabase, dropDatabase, rejects } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-serverless");
});
after(async () => {
  await dropDatabase(db);
});

async function withConn(fn) {
  const conn = connect({ url: db.url });
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

async function rejectsDb(promise, code = undefined) {
  const err = await rejects(promise);
  assert.ok(err instanceof DatabaseError, `expected DatabaseError, got ${err?.constructor?.name}: ${err?.message}`);
  if (code !== undefined) assert.equal(err.code, code, err.message);
  return err;
}

describe("@tursodatabase/serverless", () => {
  before(async () => {
    await withConn((conn) =>
      conn.exec(`
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score FLOAT, avatar BLOB);
        INSERT INTO users (name, score) VALUES ('alice', 1.5);
        INSERT INTO users (name, score) VALUES ('bob', 2.5);
      `),
    );
  });

  test("exec() runs a multi-statement script", async () => {
    await withConn(async (conn) => {
      await conn.exec(`
        CREATE TABLE sl_exec (a);
        INSERT INTO sl_exec VALUES (1);
        INSERT INTO sl_exec VALUES (2);
      `);
      assert.deepEqual(await conn.get("SELECT count(*) AS n, sum(a) AS s FROM sl_exec"), { n: 2, s: 3 });
    });
  });

  test("exec() stops at the first error and reports SQLITE_CONSTRAINT", async () => {
    await withConn(async (conn) => {
      await rejectsDb(
        conn.exec(`
          CREATE TABLE sl_exec_err (a UNIQUE);
          INSERT INTO sl_exec_err VALUES (1);
          INSERT INTO sl_exec_err VALUES (1);
          INSERT INTO sl_exec_err VALUES (2);
        `),
        "SQLITE_CONSTRAINT",
      );
      assert.deepEqual(await conn.all("SELECT a FROM sl_exec_err"), [{ a: 1 }]);
    });
  });

  test("prepare(): columns() from describe, then all() / get() / run()", async () => {
    await withConn(async (conn) => {
      const sel = await conn.prepare("SELECT id, name, score FROM users WHERE id >= ? ORDER BY id");
      assert.deepEqual(sel.columns(), [
        { name: "id", type: "INTEGER" },
        { name: "name", type: "TEXT" },
        { name: "score", type: "FLOAT" },
      ]);
      assert.equal(sel.reader, true);
      assert.deepEqual(await sel.all([1]), [
        { id: 1, name: "alice", score: 1.5 },
        { id: 2, name: "bob", score: 2.5 },
      ]);
      assert.deepEqual(await sel.get([2]), { id: 2, name: "bob", score: 2.5 });
      assert.equal(await sel.get([99]), undefined);
      assert.deepEqual(await sel.raw().all([2]), [[2, "bob", 2.5]]);

      const ins = await conn.prepare("INSERT INTO users (name, score) VALUES (?, ?)");
      assert.deepEqual(ins.columns(), []);
      assert.equal(ins.reader, false);
      const res = await ins.run(["carol", 3.25]);
      assert.equal(res.changes, 1);
      assert.equal(res.lastInsertRowid, 3);
      const del = await conn.run("DELETE FROM users WHERE name = ?", "carol");
      assert.equal(del.changes, 1);
    });
  });

  test("prepare() with named parameters", async () => {
    await withConn(async (conn) => {
      const stmt = await conn.prepare("SELECT name FROM users WHERE name = :name OR id = @id");
      assert.deepEqual(await stmt.all({ name: "alice", id: 2 }), [{ name: "alice" }, { name: "bob" }]);
      assert.deepEqual(await stmt.pluck().get({ name: "bob", id: 0 }), "bob");
    });
  });

  test("describe: parameter names, columns, is_readonly, is_explain", async () => {
    const session = new Session({ url: db.url });
    try {
      const d = await session.describe("SELECT :a, ?, @b, $c, ?5 AS five");
      assert.deepEqual(
        d.params.map((p) => p.name ?? null),
        [":a", null, "@b", "$c", "?5"],
      );
      assert.deepEqual(d.cols.map((c) => c.name), [":a", "?", "@b", "$c", "five"]);
      assert.deepEqual(d.cols.map((c) => c.decltype ?? null), [null, null, null, null, null]);
      assert.equal(d.is_readonly, true);
      assert.equal(d.is_explain, false);

      const t = await session.describe("SELECT id, name FROM users WHERE id = ?");
      assert.deepEqual(t.cols, [
        { name: "id", decltype: "INTEGER" },
        { name: "name", decltype: "TEXT" },
      ]);
      assert.deepEqual(t.params.map((p) => p.name ?? null), [null]);

      const w = await session.describe("INSERT INTO users (name) VALUES (:name)");
      assert.equal(w.is_readonly, false);
      assert.deepEqual(w.cols, []);
      assert.deepEqual(w.params.map((p) => p.name ?? null), [":name"]);

      const e = await session.describe("EXPLAIN SELECT 1");
      assert.equal(e.is_explain, true);

      // describe does not execute: the table is still absent afterwards
      await session.describe("CREATE TABLE sl_never (a)");
      const check = new Session({ url: db.url });
      try {
        const r = await check.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'sl_never'");
        assert.deepEqual(r.rows.map((x) => [...x]), [[0]]);
      } finally {
        await check.close();
      }
    } finally {
      await session.close();
    }
  });

  test("describe of invalid SQL -> DatabaseError", async () => {
    await withConn(async (conn) => {
      await rejectsDb(conn.prepare("SELEKT nope"));
    });
  });

  test("all()/get()/run() directly on the connection, values of every type", async () => {
    await withConn(async (conn) => {
      const blob = Buffer.from([0, 1, 2, 255]);
      const row = await conn.get(
        "SELECT ? AS i, ? AS f, ? AS t, ? AS b, ? AS n, typeof(?1) AS ti, typeof(?2) AS tf",
        [42, 1.5, "漢字😀", blob, null],
      );
      assert.equal(row.i, 42);
      assert.equal(row.f, 1.5);
      assert.equal(row.t, "漢字😀");
      assert.ok(Buffer.isBuffer(row.b));
      assert.deepEqual([...row.b], [0, 1, 2, 255]);
      assert.equal(row.n, null);
      assert.equal(row.ti, "integer"); // serverless sends safe integers as integer
      assert.equal(row.tf, "real");
    });
  });

  test("safe integers: 2^63-1 and -2^63 exact as bigint", async () => {
    await withConn(async (conn) => {
      conn.defaultSafeIntegers(true);
      const row = await conn.get("SELECT 9223372036854775807 AS max, -9223372036854775808 AS min, ? AS echo", [
        -9223372036854775807n,
      ]);
      assert.deepEqual(row, { max: 9223372036854775807n, min: -9223372036854775808n, echo: -9223372036854775807n });
    });
  });

  test("run() returns changes and lastInsertRowid", async () => {
    await withConn(async (conn) => {
      await conn.exec("CREATE TABLE sl_run (id INTEGER PRIMARY KEY, v)");
      const r1 = await conn.run("INSERT INTO sl_run VALUES (12345, 'a')");
      assert.deepEqual(r1, { changes: 1, lastInsertRowid: 12345 });
      const r2 = await conn.run("INSERT INTO sl_run (v) VALUES ('b'), ('c')");
      assert.equal(r2.changes, 2);
      assert.equal(r2.lastInsertRowid, 12347);
      const r3 = await conn.run("UPDATE sl_run SET v = 'z'");
      assert.equal(r3.changes, 3);
    });
  });

  test("batch(): write mode is atomic and returns per-statement results", async () => {
    await withConn(async (conn) => {
      await conn.exec("CREATE TABLE sl_batch (a UNIQUE)");
      const res = await conn.batch(
        ["INSERT INTO sl_batch VALUES (1)", "INSERT INTO sl_batch VALUES (2), (3)", "SELECT sum(a) AS s FROM sl_batch"],
        "write",
      );
      assert.equal(res.length, 3);
      assert.equal(res[0].rowsAffected, 1);
      assert.equal(res[1].rowsAffected, 2);
      assert.deepEqual(res[2].columns, ["s"]);
      assert.deepEqual(res[2].rows, [{ s: 6 }]);
      assert.equal(conn.inTransaction, false);

      await rejectsDb(
        conn.batch(["INSERT INTO sl_batch VALUES (10)", "INSERT INTO sl_batch VALUES (1)"], "write"),
        "SQLITE_CONSTRAINT",
      );
      assert.equal(conn.inTransaction, false);
      assert.deepEqual(await conn.get("SELECT count(*) AS n FROM sl_batch"), { n: 3 });
    });
  });

  test("batch() with parameters, and raw rows", async () => {
    await withConn(async (conn) => {
      const res = await conn.batch(
        [
          { sql: "SELECT ? AS a, ? AS b", args: [1, "x"] },
          { sql: "SELECT :v AS v", args: { v: 2.5 } },
        ],
        { mode: "read", raw: true },
      );
      assert.deepEqual(res[0].rows, [[1, "x"]]);
      assert.deepEqual(res[1].rows, [[2.5]]);
    });
  });

  test("transaction(fn) commits; a throwing transaction rolls back", async () => {
    await withConn(async (conn) => {
      await conn.exec("CREATE TABLE sl_tx (a)");
      const ok = conn.transaction(async (x) => {
        await conn.run("INSERT INTO sl_tx VALUES (?)", x);
        assert.equal(conn.inTransaction, true);
        await conn.run("INSERT INTO sl_tx VALUES (?)", x + 1);
        return "done";
      });
      assert.equal(await ok(1), "done");
      assert.equal(conn.inTransaction, false);

      const bad = conn.transaction(async () => {
        await conn.run("INSERT INTO sl_tx VALUES (100)");
        throw new Error("boom");
      });
      await assert.rejects(bad.immediate(), /boom/);
      assert.equal(conn.inTransaction, false);
      assert.deepEqual(await conn.all("SELECT a FROM sl_tx ORDER BY a"), [{ a: 1 }, { a: 2 }]);
    });
  });

  test("transactionAsync() runs on its own session and commits", async () => {
    await withConn(async (conn) => {
      await conn.exec("CREATE TABLE sl_txa (a)");
      const fn = conn.transactionAsync(async (tx, v) => {
        await tx.run("INSERT INTO sl_txa VALUES (?)", v);
        const inside = await tx.get("SELECT count(*) AS n FROM sl_txa");
        assert.deepEqual(inside, { n: 1 });
      });
      await fn.immediate(7);
      assert.deepEqual(await conn.all("SELECT a FROM sl_txa"), [{ a: 7 }]);
    });
  });

  test("inTransaction follows a manual BEGIN / ROLLBACK (get_autocommit, is_autocommit)", async () => {
    await withConn(async (conn) => {
      await conn.exec("CREATE TABLE sl_manual (a)");
      assert.equal(conn.inTransaction, false);
      await conn.exec("BEGIN");
      assert.equal(conn.inTransaction, true);
      await conn.run("INSERT INTO sl_manual VALUES (1)");
      assert.equal(conn.inTransaction, true);
      // a batch inside the open transaction does not start its own
      await conn.batch(["INSERT INTO sl_manual VALUES (2)"], "write");
      assert.equal(conn.inTransaction, true);
      await conn.exec("ROLLBACK");
      assert.equal(conn.inTransaction, false);
      assert.deepEqual(await conn.get("SELECT count(*) AS n FROM sl_manual"), { n: 0 });
    });
  });

  test("constraint error from run() -> DatabaseError SQLITE_CONSTRAINT; connection stays usable", async () => {
    await withConn(async (conn) => {
      await rejectsDb(conn.run("INSERT INTO users (name) VALUES ('alice')"), "SQLITE_CONSTRAINT");
      await rejectsDb(conn.run("INSERT INTO users (name) VALUES (NULL)"), "SQLITE_CONSTRAINT");
      assert.deepEqual(await conn.get("SELECT count(*) AS n FROM users"), { n: 2 });
    });
  });

  test("pragma()", async () => {
    await withConn(async (conn) => {
      const res = await conn.pragma("table_info(users)");
      assert.deepEqual(
        res.rows.map((r) => r[1]),
        ["id", "name", "score", "avatar"],
      );
    });
  });
});

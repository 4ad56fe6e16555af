// Interactive transactions through @libsql/client: one stream (baton) across several HTTP requests.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createDatabase, dropDatabase, withClient, rejectsLibsql, plainRows, scalar } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-txn");
});
after(async () => {
  await dropDatabase(db);
});

async function count(c, table) {
  return scalar(await c.execute(`SELECT count(*) FROM ${table}`));
}

describe("transaction()", () => {
  test("read transaction: query multiple rows", async () => {
    await withClient(db.url, async (c) => {
      const txn = await c.transaction("read");
      try {
        const rs = await txn.execute("VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        assert.equal(rs.columns.length, 2);
        assert.deepEqual(plainRows(rs), [
          [1, "one"],
          [2, "two"],
          [3, "three"],
        ]);
      } finally {
        txn.close();
      }
    });
  });

  test("commit() keeps the rows; the closed transaction refuses more work", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE tx_commit (a)");
      const txn = await c.transaction("write");
      await txn.execute("INSERT INTO tx_commit VALUES ('one')");
      await txn.execute("INSERT INTO tx_commit VALUES ('two')");
      assert.equal(txn.closed, false);
      await txn.commit();
      assert.equal(txn.closed, true);
      assert.equal(await count(c, "tx_commit"), 2);
      await rejectsLibsql(txn.execute("SELECT 1"), "TRANSACTION_CLOSED");
    });
  });

  test("uncommitted rows are invisible to other streams until commit", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE tx_iso (a)");
      const txn = await c.transaction("write");
      try {
        await txn.execute("INSERT INTO tx_iso VALUES (1)");
        assert.equal(scalar(await txn.execute("SELECT count(*) FROM tx_iso")), 1);
        assert.equal(await count(c, "tx_iso"), 0);
        await txn.commit();
      } finally {
        txn.close();
      }
      assert.equal(await count(c, "tx_iso"), 1);
    });
  });

  test("rollback() discards the rows", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE tx_rollback (a)");
      const txn = await c.transaction("write");
      await txn.execute("INSERT INTO tx_rollback VALUES ('one')");
      await txn.execute("INSERT INTO tx_rollback VALUES ('two')");
      await txn.rollback();
      assert.equal(txn.closed, true);
      assert.equal(await count(c, "tx_rollback"), 0);
      await rejectsLibsql(txn.execute("SELECT 1"), "TRANSACTION_CLOSED");
    });
  });

  test("close() without commit leaves nothing and releases the write lock at once", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE tx_close (a)");
      const txn = await c.transaction("write");
      await txn.execute("INSERT INTO tx_close VALUES ('one')");
      assert.equal(txn.closed, false);
      txn.close();
      assert.equal(txn.closed, true);
      assert.equal(await count(c, "tx_close"), 0);
      await rejectsLibsql(txn.execute("SELECT 1"), "TRANSACTION_CLOSED");
      // Another stream can take the write lock right away (BEGIN IMMEDIATE).
      const started = Date.now();
      await c.batch(["INSERT INTO tx_close VALUES ('after')"], "write");
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 3000, `write after close() waited ${elapsed} ms`);
      assert.deepEqual(plainRows(await c.execute("SELECT a FROM tx_close")), [["after"]]);
    });
  });

  test("an error inside keeps the transaction usable; commit persists the other rows", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE tx_err (a UNIQUE)");
      const txn = await c.transaction("write");
      try {
        await rejectsLibsql(txn.execute("SELECT foo"));
        await txn.execute("INSERT INTO tx_err VALUES ('one')");
        await rejectsLibsql(txn.execute("INSERT INTO tx_err VALUES ('one')"), "SQLITE_CONSTRAINT");
        await txn.execute("INSERT INTO tx_err VALUES ('two')");
        await rejectsLibsql(txn.execute("SELECT bar"));
        assert.equal(txn.closed, false);
        await txn.commit();
      } finally {
        txn.close();
      }
      assert.deepEqual(plainRows(await c.execute("SELECT a FROM tx_err ORDER BY a")), [["one"], ["two"]]);
    });
  });

  test("commit and rollback of an empty transaction", async () => {
    await withClient(db.url, async (c) => {
      const t1 = await c.transaction("read");
      await t1.commit();
      const t2 = await c.transaction("read");
      await t2.rollback();
      const t3 = await c.transaction("write");
      await t3.commit();
    });
  });

  test("deferred transaction reads then writes", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE tx_deferred (a)");
      const txn = await c.transaction("deferred");
      try {
        assert.equal(scalar(await txn.execute("SELECT count(*) FROM tx_deferred")), 0);
        await txn.execute("INSERT INTO tx_deferred VALUES (1)");
        await txn.commit();
      } finally {
        txn.close();
      }
      assert.equal(await count(c, "tx_deferred"), 1);
    });
  });

  test("more than 30 distinct statements in one transaction (client SQL cache evicts: close_sql, id reuse)", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE tx_cache (a)");
      const txn = await c.transaction("write");
      try {
        for (let i = 0; i < 45; i++) {
          const rs = await txn.execute(`INSERT INTO tx_cache VALUES (${i}) RETURNING a * 2`);
          assert.equal(rs.rows[0][0], i * 2);
        }
        for (let round = 0; round < 2; round++) {
          const stmts = [];
          for (let i = 0; i < 40; i++) stmts.push(`SELECT count(*) + ${i} FROM tx_cache`);
          const rss = await txn.batch(stmts);
          rss.forEach((rs, i) => assert.equal(rs.rows[0][0], 45 + i));
        }
        await txn.commit();
      } finally {
        txn.close();
      }
      assert.equal(await count(c, "tx_cache"), 45);
    });
  });

  describe("batch() inside a transaction", () => {
    test("as the first operation", async () => {
      await withClient(db.url, async (c) => {
        const txn = await c.transaction("write");
        try {
          await txn.batch([
            "CREATE TABLE tx_b1 (a)",
            { sql: "INSERT INTO tx_b1 VALUES (?)", args: [1] },
            { sql: "INSERT INTO tx_b1 VALUES (?)", args: [2] },
            { sql: "INSERT INTO tx_b1 VALUES (?)", args: [4] },
          ]);
          assert.equal(scalar(await txn.execute("SELECT SUM(a) FROM tx_b1")), 7);
        } finally {
          txn.close();
        }
        // closed without commit: the table does not exist
        await rejectsLibsql(c.execute("SELECT * FROM tx_b1"));
      });
    });

    test("as the second operation", async () => {
      await withClient(db.url, async (c) => {
        const txn = await c.transaction("write");
        try {
          await txn.execute("CREATE TABLE tx_b2 (a)");
          await txn.batch([
            { sql: "INSERT INTO tx_b2 VALUES (?)", args: [1] },
            { sql: "INSERT INTO tx_b2 VALUES (?)", args: [2] },
            { sql: "INSERT INTO tx_b2 VALUES (?)", args: [4] },
          ]);
          assert.equal(scalar(await txn.execute("SELECT SUM(a) FROM tx_b2")), 7);
          await txn.commit();
        } finally {
          txn.close();
        }
        assert.equal(scalar(await c.execute("SELECT SUM(a) FROM tx_b2")), 7);
      });
    });

    test("stops at the first error but keeps the earlier rows; commit persists them", async () => {
      await withClient(db.url, async (c) => {
        const txn = await c.transaction("write");
        try {
          const err = await rejectsLibsql(
            txn.batch([
              "CREATE TABLE tx_b3 (a UNIQUE)",
              "INSERT INTO tx_b3 VALUES (1), (2), (4)",
              "INSERT INTO tx_b3 VALUES (1)",
              "INSERT INTO tx_b3 VALUES (8), (16)",
            ]),
            "SQLITE_CONSTRAINT",
          );
          assert.equal(err.statementIndex, 2);
          assert.equal(scalar(await txn.execute("SELECT SUM(a) FROM tx_b3")), 7);
          await txn.commit();
        } finally {
          txn.close();
        }
        assert.equal(scalar(await c.execute("SELECT SUM(a) FROM tx_b3")), 7);
      });
    });
  });

  describe("executeMultiple() inside a transaction", () => {
    test("as the first operation", async () => {
      await withClient(db.url, async (c) => {
        const txn = await c.transaction("write");
        try {
          await txn.executeMultiple(`
            CREATE TABLE tx_m1 (a);
            INSERT INTO tx_m1 VALUES (1), (2), (4), (8);
          `);
          assert.equal(scalar(await txn.execute("SELECT SUM(a) FROM tx_m1")), 15);
          await txn.commit();
        } finally {
          txn.close();
        }
        assert.equal(scalar(await c.execute("SELECT SUM(a) FROM tx_m1")), 15);
      });
    });

    test("as the second operation", async () => {
      await withClient(db.url, async (c) => {
        const txn = await c.transaction("write");
        try {
          await txn.execute("CREATE TABLE tx_m2 (a)");
          await txn.executeMultiple(`
            INSERT INTO tx_m2 VALUES (1), (2);
            INSERT INTO tx_m2 VALUES (4), (8);
          `);
          assert.equal(scalar(await txn.execute("SELECT SUM(a) FROM tx_m2")), 15);
        } finally {
          txn.close();
        }
        await rejectsLibsql(c.execute("SELECT * FROM tx_m2"));
      });
    });

    test("stops at the first error, earlier statements stay in the transaction", async () => {
      await withClient(db.url, async (c) => {
        const txn = await c.transaction("write");
        try {
          await rejectsLibsql(
            txn.executeMultiple(`
              CREATE TABLE tx_m3 (a UNIQUE);
              INSERT INTO tx_m3 VALUES (1), (2), (4);
              INSERT INTO tx_m3 VALUES (1);
              INSERT INTO tx_m3 VALUES (8), (16);
            `),
            "SQLITE_CONSTRAINT",
          );
          assert.equal(scalar(await txn.execute("SELECT SUM(a) FROM tx_m3")), 7);
          await txn.commit();
        } finally {
          txn.close();
        }
        assert.equal(scalar(await c.execute("SELECT SUM(a) FROM tx_m3")), 7);
      });
    });
  });
});

// 100 concurrent write transactions from one @libsql/client (20 in flight by default).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createDatabase, dropDatabase, withClient, plainRows, scalar } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-conc");
});
after(async () => {
  await dropDatabase(db);
});

describe("concurrency", () => {
  test("100 concurrent write batches: all succeed, counter == 100, 100 rows", { timeout: 30_000 }, async () => {
    await withClient(db.url, async (c) => {
      await c.batch(
        [
          "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
          "INSERT INTO counter VALUES (1, 0)",
          "CREATE TABLE events (i INTEGER NOT NULL, seen INTEGER NOT NULL)",
        ],
        "write",
      );
      const n = 100;
      const started = Date.now();
      const results = await Promise.allSettled(
        Array.from({ length: n }, (_, i) =>
          c.batch(
            [
              "UPDATE counter SET n = n + 1 WHERE id = 1",
              { sql: "INSERT INTO events VALUES (?, (SELECT n FROM counter WHERE id = 1))", args: [i] },
              "SELECT n FROM counter WHERE id = 1",
            ],
            "write",
          ),
        ),
      );
      const elapsed = Date.now() - started;
      const failures = results.filter((r) => r.status === "rejected").map((r) => `${r.reason?.code}: ${r.reason?.message}`);
      assert.deepEqual(failures, [], `${failures.length} of ${n} batches failed`);
      // Each batch saw its own increment, and the increments are serialised: 1..100 each seen once.
      const seen = results.map((r) => r.value[2].rows[0][0]).sort((a, b) => a - b);
      assert.deepEqual(seen, Array.from({ length: n }, (_, i) => i + 1));
      assert.equal(scalar(await c.execute("SELECT n FROM counter WHERE id = 1")), n);
      assert.equal(scalar(await c.execute("SELECT count(*) FROM events")), n);
      assert.deepEqual(plainRows(await c.execute("SELECT count(DISTINCT i), count(DISTINCT seen), min(seen), max(seen) FROM events")), [
        [n, n, 1, n],
      ]);
      assert.ok(elapsed < 10_000, `100 write batches took ${elapsed} ms`);
    });
  });

  test("100 concurrent write batches with client concurrency 100 (100 streams at once)", { timeout: 30_000 }, async () => {
    await withClient(
      db.url,
      async (c) => {
        await c.batch(["CREATE TABLE counter100 (n INTEGER NOT NULL)", "INSERT INTO counter100 VALUES (0)"], "write");
        const results = await Promise.allSettled(
          Array.from({ length: 100 }, () => c.batch(["UPDATE counter100 SET n = n + 1", "SELECT n FROM counter100"], "write")),
        );
        const failures = results.filter((r) => r.status === "rejected").map((r) => `${r.reason?.code}: ${r.reason?.message}`);
        assert.deepEqual(failures, []);
        const seen = results.map((r) => r.value[1].rows[0][0]).sort((a, b) => a - b);
        assert.deepEqual(seen, Array.from({ length: 100 }, (_, i) => i + 1));
        assert.equal(scalar(await c.execute("SELECT n FROM counter100")), 100);
      },
      { concurrency: 100 },
    );
  });

  test("100 concurrent write batches see consistent sums across two tables", { timeout: 30_000 }, async () => {
    await withClient(db.url, async (c) => {
      await c.batch(["CREATE TABLE sums1 (a)", "CREATE TABLE sums2 (a)"], "write");
      const n = 100;
      await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const rss = await c.batch(
            [
              { sql: "INSERT INTO sums1 VALUES (?)", args: [i] },
              { sql: "INSERT INTO sums2 VALUES (?)", args: [i * 10] },
              "SELECT SUM(a) FROM sums1",
              "SELECT SUM(a) FROM sums2",
            ],
            "write",
          );
          const s1 = rss[2].rows[0][0];
          const s2 = rss[3].rows[0][0];
          assert.equal(s2, s1 * 10);
        }),
      );
      assert.equal(scalar(await c.execute("SELECT SUM(a) FROM sums1")), (n * (n - 1)) / 2);
      assert.equal(scalar(await c.execute("SELECT SUM(a) FROM sums2")), ((n * (n - 1)) / 2) * 10);
    });
  });

  test("reads proceed while an interactive write transaction is open on another stream", { timeout: 30_000 }, async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE rw (a)");
      await c.execute("INSERT INTO rw VALUES (1)");
      const txn = await c.transaction("write");
      try {
        await txn.execute("INSERT INTO rw VALUES (2)");
        const reads = await Promise.all(
          Array.from({ length: 20 }, () => c.execute("SELECT count(*) FROM rw")),
        );
        assert.deepEqual(
          reads.map((rs) => rs.rows[0][0]),
          Array(20).fill(1),
        );
        await txn.commit();
      } finally {
        txn.close();
      }
      assert.equal(scalar(await c.execute("SELECT count(*) FROM rw")), 2);
    });
  });

  test("a write batch waits for an open write transaction to commit, then succeeds", { timeout: 30_000 }, async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE ww (a)");
      const txn = await c.transaction("write");
      let batchDone = false;
      let pending;
      try {
        await txn.execute("INSERT INTO ww VALUES ('txn')");
        pending = c.batch(["INSERT INTO ww VALUES ('batch')"], "write").then((r) => {
          batchDone = true;
          return r;
        });
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(batchDone, false, "the batch must wait for the write lock");
        await txn.commit();
      } finally {
        txn.close();
      }
      await pending;
      assert.deepEqual(plainRows(await c.execute("SELECT a FROM ww ORDER BY rowid")), [["txn"], ["batch"]]);
    });
  });
});

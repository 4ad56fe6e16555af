// Idle stream expiry (10 s): the transaction is rolled back and the baton answers STREAM_EXPIRED.
// The tests run concurrently so the file takes ~11 s, not 3 x 11 s.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  createDatabase,
  dropDatabase,
  withClient,
  rejectsLibsql,
  plainRows,
  scalar,
  sleep,
  postJson,
  stmt,
  rejects,
} from "./helpers.mjs";
import { connect, DatabaseError } from "@tursodatabase/serverless";

// Two databases: the expiring transaction holds db's write lock while the other tests run.
let db, db2;
before(async () => {
  db = await createDatabase("compat-expiry");
  db2 = await createDatabase("compat-expiry2");
  await withClient(db.url, (c) => c.execute("CREATE TABLE exp_txn (a)"));
  await withClient(db2.url, (c) => c.execute("CREATE TABLE exp_alive (a)"));
});
after(async () => {
  await dropDatabase(db);
  await dropDatabase(db2);
});

const IDLE_MS = 11_500;

describe("stream expiry", { concurrency: true }, () => {
  test("transaction idle for ~11 s: next statement fails with STREAM_EXPIRED, rows not committed", { timeout: 40_000 }, async () => {
    await withClient(db.url, async (c) => {
      const txn = await c.transaction("write");
      try {
        await txn.execute("INSERT INTO exp_txn VALUES ('lost')");
        await sleep(IDLE_MS);
        await rejectsLibsql(txn.execute("SELECT 1"), "STREAM_EXPIRED");
      } finally {
        txn.close();
      }
      assert.equal(scalar(await c.execute("SELECT count(*) FROM exp_txn")), 0);
      // The expired transaction released the write lock.
      await c.batch(["INSERT INTO exp_txn VALUES ('after')"], "write");
      assert.deepEqual(plainRows(await c.execute("SELECT a FROM exp_txn")), [["after"]]);
    });
  });

  test("raw v2/pipeline: an expired baton gets HTTP 400 application/json {message, code: STREAM_EXPIRED}", { timeout: 40_000 }, async () => {
    const first = await postJson(db2.url, "v2/pipeline", {
      baton: null,
      requests: [{ type: "execute", stmt: stmt("SELECT 1") }],
    });
    assert.equal(first.status, 200);
    const body = await first.json();
    assert.equal(typeof body.baton, "string");
    await sleep(IDLE_MS);
    const second = await postJson(db2.url, "v2/pipeline", {
      baton: body.baton,
      requests: [{ type: "execute", stmt: stmt("SELECT 1") }],
    });
    assert.equal(second.status, 400);
    assert.equal(second.headers.get("content-type"), "application/json");
    const err = await second.json();
    assert.equal(typeof err.message, "string");
    assert.equal(err.code, "STREAM_EXPIRED");
  });

  test("serverless: the connection's stream expires after ~11 s idle; the error says so and the next call works", { timeout: 40_000 }, async () => {
    const conn = connect({ url: db2.url });
    try {
      assert.deepEqual(await conn.get("SELECT 1 AS one"), { one: 1 });
      await sleep(IDLE_MS);
      const err = await rejects(conn.get("SELECT 2 AS two"));
      assert.ok(err instanceof DatabaseError, `${err}`);
      assert.match(`${err.code ?? ""} ${err.message}`, /expired|STREAM_EXPIRED/i);
      assert.deepEqual(await conn.get("SELECT 3 AS three"), { three: 3 });
    } finally {
      await conn.close();
    }
  });

  test("a stream idle for 5 s is still usable (expiry is not premature)", { timeout: 40_000 }, async () => {
    await withClient(db2.url, async (c) => {
      const txn = await c.transaction("write");
      try {
        await txn.execute("INSERT INTO exp_alive VALUES ('kept')");
        await sleep(5_000);
        await txn.execute("INSERT INTO exp_alive VALUES ('kept too')");
        await txn.commit();
      } finally {
        txn.close();
      }
      assert.equal(scalar(await c.execute("SELECT count(*) FROM exp_alive")), 2);
    });
  });
});

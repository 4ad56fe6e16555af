// The platform API used by these tests to make databases, and isolation between databases.
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import { SHOAL_URL, createDatabase, dropDatabase, platformRequest, uniqueName, withClient, rejectsLibsql, plainRows } from "./helpers.mjs";

const created = [];
after(async () => {
  for (const db of created) await dropDatabase(db);
});

async function make(prefix) {
  const db = await createDatabase(prefix);
  created.push(db);
  return db;
}

describe("platform API: databases", () => {
  test("create returns {database: {DbId, Hostname, Name}} with Hostname <host>/db/admin/<name>/", async () => {
    const db = await make("compat-db-create");
    const d = db.response.database;
    assert.equal(d.Name, db.name);
    assert.match(d.DbId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const host = new URL(SHOAL_URL).host;
    assert.equal(d.Hostname, `${host}/db/admin/${db.name}/`);
    await withClient(db.url, async (c) => {
      assert.deepEqual(plainRows(await c.execute("SELECT 'hello'")), [["hello"]]);
    });
  });

  test("duplicate name -> 409 {error: 'database with name <n> already exists'}", async () => {
    const db = await make("compat-db-dup");
    const res = await platformRequest("POST", "", { name: db.name, group: "default" });
    assert.equal(res.status, 409);
    assert.deepEqual(res.body, { error: `database with name ${db.name} already exists` });
  });

  test("list contains the created database", async () => {
    const db = await make("compat-db-list");
    const res = await platformRequest("GET");
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body.databases), JSON.stringify(res.body));
    const mine = res.body.databases.find((d) => d.Name === db.name);
    assert.ok(mine, `${db.name} not listed`);
  });

  test("delete -> {database: <name>}; gone from the list; its URL no longer works", async () => {
    const db = await createDatabase("compat-db-del");
    await withClient(db.url, (c) => c.execute("CREATE TABLE t (a)"));
    const res = await platformRequest("DELETE", "/" + db.name);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { database: db.name });
    const list = await platformRequest("GET");
    assert.equal(list.body.databases.find((d) => d.Name === db.name), undefined);
    await withClient(db.url, (c) => rejectsLibsql(c.execute("SELECT 1")));
  });

  test("re-creating a deleted name gives an empty database", async () => {
    const db = await createDatabase("compat-db-recreate");
    await withClient(db.url, (c) => c.execute("CREATE TABLE leftover (a)"));
    assert.equal((await platformRequest("DELETE", "/" + db.name)).status, 200);
    const again = await platformRequest("POST", "", { name: db.name, group: "default" });
    assert.equal(again.status, 200);
    created.push(db);
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'leftover'");
      assert.equal(rs.rows[0][0], 0);
    });
  });

  test("invalid names are rejected with a 4xx", async () => {
    for (const name of ["Upper-Case", "under_score", "a".repeat(65), "", "has space", "dot.dot"]) {
      const res = await platformRequest("POST", "", { name, group: "default" });
      assert.ok(res.status >= 400 && res.status < 500, `name ${JSON.stringify(name)}: HTTP ${res.status}`);
    }
  });

  test("a 64-character name is accepted", async () => {
    const name = (uniqueName("compat-db-long") + "-" + "x".repeat(64)).slice(0, 64);
    const res = await platformRequest("POST", "", { name, group: "default" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    created.push({ name });
  });
});

describe("isolation", () => {
  test("tables in one database are invisible in another and in the default database", async () => {
    const a = await make("compat-iso-a");
    const b = await make("compat-iso-b");
    const table = uniqueName("iso").replaceAll("-", "_");
    await withClient(a.url, (c) => c.execute(`CREATE TABLE ${table} (v)`));
    await withClient(a.url, (c) => c.execute(`INSERT INTO ${table} VALUES ('in a')`));
    await withClient(b.url, (c) => rejectsLibsql(c.execute(`SELECT * FROM ${table}`)));
    await withClient(SHOAL_URL, (c) => rejectsLibsql(c.execute(`SELECT * FROM ${table}`)));
    await withClient(a.url, async (c) => {
      assert.deepEqual(plainRows(await c.execute(`SELECT v FROM ${table}`)), [["in a"]]);
    });
  });

  test("a write transaction in one database does not block writes in another", async () => {
    const a = await make("compat-lock-a");
    const b = await make("compat-lock-b");
    await withClient(a.url, (c) => c.execute("CREATE TABLE t (v)"));
    await withClient(b.url, (c) => c.execute("CREATE TABLE t (v)"));
    await withClient(a.url, async (ca) => {
      const txn = await ca.transaction("write");
      try {
        await txn.execute("INSERT INTO t VALUES (1)");
        const started = Date.now();
        await withClient(b.url, (cb) => cb.batch(["INSERT INTO t VALUES (2)"], "write"));
        assert.ok(Date.now() - started < 2000, "write in database b waited for database a");
        await txn.commit();
      } finally {
        txn.close();
      }
    });
  });
});

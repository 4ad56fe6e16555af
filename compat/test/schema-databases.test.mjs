// Schema databases ("Multi-DB Schemas") through the real @libsql/client: every write transaction on
// the schema database (autocommit execute, batch, migrate, interactive transaction) is a migration
// that reaches every child at COMMIT, or nothing anywhere when a child's dry run fails.
// sqld refused BEGIN and interactive transactions on a schema database; Shoal accepts them.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { LibsqlBatchError } from "@libsql/client";
import { rejectsLibsql, rejects } from "./helpers.mjs";
import {
  createFamily,
  tableNames,
  columnNames,
  hasObject,
  rowsOf,
  onEvery,
  newestJob,
  jobCount,
} from "./schema-family.mjs";

let fam;
before(async () => {
  fam = await createFamily("compat-sd", 3);
});
after(async () => {
  await fam?.drop();
});

describe("schema database through @libsql/client", () => {
  test("execute: DDL and DML on the schema database reach every child; children keep their own rows", async () => {
    const { parent, children, all } = fam;
    await parent.client.execute("CREATE TABLE ex_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    const ins = await parent.client.execute({ sql: "INSERT INTO ex_users (name) VALUES (?), (?)", args: ["ada", "bob"] });
    assert.equal(ins.rowsAffected, 2);
    await onEvery(all, async (db) =>
      assert.deepEqual(await rowsOf(db.client, "SELECT id, name FROM ex_users ORDER BY id"), [[1, "ada"], [2, "bob"]]),
    );

    // A child's own rows stay in that child; later parent statements are replayed on them as statements.
    await children[0].client.execute("INSERT INTO ex_users (name) VALUES ('own-c0')");
    await parent.client.execute("ALTER TABLE ex_users ADD COLUMN email TEXT");
    await parent.client.execute("UPDATE ex_users SET email = name || '@example.com'");
    await onEvery(all, async (db) => assert.deepEqual(await columnNames(db.client, "ex_users"), ["id", "name", "email"]));
    assert.deepEqual(await rowsOf(children[0].client, "SELECT name, email FROM ex_users ORDER BY id"), [
      ["ada", "ada@example.com"],
      ["bob", "bob@example.com"],
      ["own-c0", "own-c0@example.com"],
    ]);
    for (const db of [parent, children[1], children[2]]) {
      assert.deepEqual(await rowsOf(db.client, "SELECT count(*) FROM ex_users"), [[2]], db.name);
    }
  });

  test("children refuse DDL with BLOCKED and name their schema database", async () => {
    const { parent, children } = fam;
    const e = await rejectsLibsql(children[1].client.execute("CREATE TABLE own_table (x)"), "BLOCKED");
    assert.match(e.message, new RegExp(`database ${children[1].name} takes its schema from ${parent.name}`));
    await rejectsLibsql(children[1].client.execute("ALTER TABLE ex_users ADD COLUMN nope TEXT"), "BLOCKED");
    assert.equal(await hasObject(children[1].client, "own_table"), false);
    assert.deepEqual(await columnNames(children[1].client, "ex_users"), ["id", "name", "email"]);
  });

  test("batch(..., 'write') is one migration: every child gets all of it; a failing batch leaves nothing", async () => {
    const { parent, all } = fam;
    const jobsBefore = await jobCount(parent);
    const results = await parent.client.batch(
      [
        "CREATE TABLE b_items (id INTEGER PRIMARY KEY, sku TEXT UNIQUE, qty INTEGER)",
        { sql: "INSERT INTO b_items (sku, qty) VALUES (?, ?)", args: ["a", 1] },
        { sql: "INSERT INTO b_items (sku, qty) VALUES (?, ?)", args: ["b", 2] },
        "UPDATE b_items SET qty = qty * 10",
        "SELECT sku, qty FROM b_items ORDER BY sku",
      ],
      "write",
    );
    assert.deepEqual(results[4].rows.map((r) => Array.from(r)), [["a", 10], ["b", 20]]);
    assert.equal(results[3].rowsAffected, 2);
    assert.equal(await jobCount(parent), jobsBefore + 1);
    await onEvery(all, async (db) =>
      assert.deepEqual(await rowsOf(db.client, "SELECT sku, qty FROM b_items ORDER BY sku"), [["a", 10], ["b", 20]]),
    );

    // Fails on the schema database itself (duplicate sku): rolled back there, never sent to a child.
    const e = await rejects(
      parent.client.batch(
        ["CREATE TABLE b_bad (x)", "INSERT INTO b_bad VALUES (1)", "INSERT INTO b_items (sku, qty) VALUES ('a', 0)"],
        "write",
      ),
    );
    assert.ok(e instanceof LibsqlBatchError, `${e?.constructor?.name}: ${e?.message}`);
    assert.equal(e.statementIndex, 2);
    assert.equal(await jobCount(parent), jobsBefore + 1);
    await onEvery(all, async (db) => {
      assert.equal(await hasObject(db.client, "b_bad"), false);
      assert.deepEqual(await rowsOf(db.client, "SELECT count(*) FROM b_items"), [[2]]);
    });
  });

  test("migrate(): a drizzle-style table rebuild (foreign keys off, BEGIN ... COMMIT) runs on every child once", async () => {
    const { parent, children, all } = fam;
    await parent.client.batch(
      [
        "CREATE TABLE m_authors (id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE TABLE m_books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES m_authors(id), title TEXT)",
        "INSERT INTO m_authors VALUES (1, 'ann')",
        "INSERT INTO m_books VALUES (1, 1, 'first')",
      ],
      "write",
    );
    for (const [i, c] of children.entries()) {
      await c.client.batch(
        [`INSERT INTO m_authors VALUES (${100 + i}, 'own-${i}')`, `INSERT INTO m_books VALUES (${100 + i}, ${100 + i}, 'own')`],
        "write",
      );
    }
    const jobsBefore = await jobCount(parent);
    await parent.client.migrate([
      "CREATE TABLE __new_m_authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL DEFAULT 'xx')",
      "INSERT INTO __new_m_authors (id, name) SELECT id, coalesce(name, '?') FROM m_authors",
      "DROP TABLE m_authors",
      "ALTER TABLE __new_m_authors RENAME TO m_authors",
      "CREATE INDEX m_authors_name ON m_authors (name)",
    ]);
    assert.equal(await jobCount(parent), jobsBefore + 1, "migrate() must be exactly one migration job");
    await onEvery(all, async (db) => {
      assert.deepEqual(await columnNames(db.client, "m_authors"), ["id", "name", "country"]);
      assert.equal(await hasObject(db.client, "__new_m_authors"), false);
      assert.equal(await hasObject(db.client, "m_authors_name"), true);
      assert.deepEqual(await rowsOf(db.client, "SELECT * FROM pragma_foreign_key_check"), []);
      assert.deepEqual(await rowsOf(db.client, "SELECT \"table\" FROM pragma_foreign_key_list('m_books')"), [["m_authors"]]);
    });
    for (const [i, c] of children.entries()) {
      assert.deepEqual(await rowsOf(c.client, "SELECT id, name, country FROM m_authors ORDER BY id"), [
        [1, "ann", "xx"],
        [100 + i, `own-${i}`, "xx"],
      ]);
    }
    const job = await newestJob(parent);
    assert.equal(job.status, "RunSuccess");
    assert.deepEqual(job.progress.map((p) => [p.namespace, p.status]).sort(), children.map((c) => [c.name, "RunSuccess"]).sort());

    // A migration whose second statement fails is rolled back whole: its first table is nowhere.
    await rejectsLibsql(parent.client.migrate(["CREATE TABLE m_never (a)", "INSERT INTO m_missing VALUES (1)"]));
    assert.equal(await jobCount(parent), jobsBefore + 1);
    await onEvery(all, async (db) => assert.equal(await hasObject(db.client, "m_never"), false));
  });

  test("transaction('write') over several requests: children see nothing before commit(), everything after", async () => {
    const { parent, children, all } = fam;
    const jobsBefore = await jobCount(parent);
    const tx = await parent.client.transaction("write");
    try {
      await tx.execute("CREATE TABLE tx_orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)");
      await tx.execute({ sql: "INSERT INTO tx_orders (total) VALUES (?)", args: [10] });
      await onEvery(all, async (db) => assert.equal(await hasObject(db.client, "tx_orders"), false));
      await tx.batch([
        { sql: "INSERT INTO tx_orders (total) VALUES (?)", args: [20] },
        { sql: "INSERT INTO tx_orders (total) VALUES (?)", args: [30] },
      ]);
      await tx.execute("ALTER TABLE tx_orders ADD COLUMN note TEXT");
      assert.deepEqual(Array.from((await tx.execute("SELECT sum(total) FROM tx_orders")).rows[0]), [60]);
      await onEvery(children, async (db) => assert.equal(await hasObject(db.client, "tx_orders"), false));
      await tx.commit();
    } finally {
      tx.close();
    }
    assert.equal(await jobCount(parent), jobsBefore + 1);
    await onEvery(all, async (db) => {
      assert.deepEqual(await rowsOf(db.client, "SELECT id, total, note FROM tx_orders ORDER BY id"), [
        [1, 10, null],
        [2, 20, null],
        [3, 30, null],
      ]);
    });
  });

  test("transaction('write') then rollback(): nothing anywhere, no job, and the schema database takes writes at once", async () => {
    const { parent, all } = fam;
    const jobsBefore = await jobCount(parent);
    const tx = await parent.client.transaction("write");
    try {
      await tx.execute("CREATE TABLE rb_table (x)");
      await tx.execute("INSERT INTO rb_table VALUES (1)");
      await tx.execute("INSERT INTO tx_orders (total) VALUES (999)");
      await tx.rollback();
    } finally {
      tx.close();
    }
    assert.equal(await jobCount(parent), jobsBefore);
    await onEvery(all, async (db) => {
      assert.equal(await hasObject(db.client, "rb_table"), false);
      assert.deepEqual(await rowsOf(db.client, "SELECT count(*) FROM tx_orders WHERE total = 999"), [[0]]);
    });
    await parent.client.execute("INSERT INTO tx_orders (total) VALUES (40)");
    await onEvery(all, async (db) => assert.deepEqual(await rowsOf(db.client, "SELECT max(total) FROM tx_orders"), [[40]]));
  });

  test("concurrent writes to the schema database each reach every child", async () => {
    const { parent, all } = fam;
    await parent.client.execute("CREATE TABLE cc_events (id INTEGER PRIMARY KEY, n INTEGER UNIQUE)");
    await Promise.all(
      Array.from({ length: 8 }, (_, n) => parent.client.execute({ sql: "INSERT INTO cc_events (n) VALUES (?)", args: [n] })),
    );
    await onEvery(all, async (db) =>
      assert.deepEqual(await rowsOf(db.client, "SELECT count(*), sum(n) FROM cc_events"), [[8, 28]]),
    );
  });

  test("a failing dry run (a child holds duplicates, then CREATE UNIQUE INDEX) names the child and changes nothing", async () => {
    const { parent, children, all } = fam;
    await parent.client.execute("CREATE TABLE df_users (id INTEGER PRIMARY KEY, email TEXT)");
    await children[1].client.execute("INSERT INTO df_users (email) VALUES ('dup@x'), ('dup@x')");
    await children[2].client.execute("INSERT INTO df_users (email) VALUES ('ok@x')");
    const jobsBefore = await jobCount(parent);

    const e = await rejectsLibsql(
      parent.client.execute("CREATE UNIQUE INDEX df_users_email ON df_users (email)"),
      "SCHEMA_MIGRATION_ERROR",
    );
    const expected = `migration dry run failed on database ${children[1].name}: UNIQUE constraint failed: df_users.email`;
    assert.ok(e.message.includes(expected), e.message);
    await onEvery(all, async (db) => assert.equal(await hasObject(db.client, "df_users_email"), false));
    assert.deepEqual(await rowsOf(children[1].client, "SELECT email FROM df_users ORDER BY id"), [["dup@x"], ["dup@x"]]);
    assert.deepEqual(await rowsOf(children[2].client, "SELECT email FROM df_users"), [["ok@x"]]);

    const job = await newestJob(parent);
    assert.equal(job.count, jobsBefore + 1);
    assert.equal(job.status, "DryRunFailure");
    assert.equal(job.error, expected);
    const failedTask = job.progress.find((p) => p.namespace === children[1].name);
    assert.equal(failedTask?.status, "DryRunFailure", JSON.stringify(job.progress));
    assert.equal(failedTask.error, "UNIQUE constraint failed: df_users.email");

    // The children are not left write-blocked; once the duplicate is gone the index reaches all.
    await children[1].client.execute("DELETE FROM df_users WHERE id = 2");
    await parent.client.execute("CREATE UNIQUE INDEX df_users_email ON df_users (email)");
    await onEvery(all, async (db) => assert.equal(await hasObject(db.client, "df_users_email"), true));
  });

  test("a failing dry run at commit() of an interactive transaction rolls back its earlier writes too", async () => {
    const { parent, children, all } = fam;
    await parent.client.execute("CREATE TABLE dt_tags (id INTEGER PRIMARY KEY, tag TEXT)");
    await children[0].client.execute("INSERT INTO dt_tags (tag) VALUES ('same'), ('same')");
    const tx = await parent.client.transaction("write");
    let e;
    try {
      await tx.execute("INSERT INTO dt_tags (tag) VALUES ('from-tx')");
      await tx.execute("CREATE TABLE dt_side (x)");
      await tx.execute("CREATE UNIQUE INDEX dt_tags_tag ON dt_tags (tag)");
      e = await rejectsLibsql(tx.commit(), "SCHEMA_MIGRATION_ERROR");
    } finally {
      tx.close();
    }
    assert.ok(
      e.message.includes(`migration dry run failed on database ${children[0].name}: UNIQUE constraint failed: dt_tags.tag`),
      e.message,
    );
    await onEvery(all, async (db) => {
      assert.deepEqual(await rowsOf(db.client, "SELECT count(*) FROM dt_tags WHERE tag = 'from-tx'"), [[0]]);
      assert.equal((await tableNames(db.client)).includes("dt_side"), false);
      assert.equal(await hasObject(db.client, "dt_tags_tag"), false);
    });

    // The same through batch(): the commit step fails, nothing lands.
    await rejectsLibsql(
      parent.client.batch(["INSERT INTO dt_tags (tag) VALUES ('from-batch')", "CREATE UNIQUE INDEX dt_tags_tag ON dt_tags (tag)"], "write"),
      "SCHEMA_MIGRATION_ERROR",
    );
    await onEvery(all, async (db) =>
      assert.deepEqual(await rowsOf(db.client, "SELECT count(*) FROM dt_tags WHERE tag = 'from-batch'"), [[0]]),
    );
    // And the schema database is not left locked.
    await parent.client.execute("INSERT INTO dt_tags (tag) VALUES ('after')");
    await onEvery(all, async (db) => assert.deepEqual(await rowsOf(db.client, "SELECT count(*) FROM dt_tags WHERE tag = 'after'"), [[1]]));
  });
});

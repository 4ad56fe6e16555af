// Schema databases through the real @libsql/client, the harder cases: what is replayed on the
// children (not a statement that failed, not a rolled-back savepoint; PRAGMA foreign_keys of the
// session), what counts as a migration (executeMultiple's BEGIN ... COMMIT; reads do not), a
// child's writes during a migration, maintenance statements, and replay semantics.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rejectsLibsql } from "./helpers.mjs";
import { createFamily, rowsOf, onEvery, jobCount } from "./schema-family.mjs";

let fam;
before(async () => {
  fam = await createFamily("compat-sde", 3);
});
after(async () => {
  await fam?.drop();
});

describe("schema database through @libsql/client: replay details", () => {
  test("inside a transaction a statement that failed is not replayed; a rolled-back savepoint is not either", async () => {
    const { parent, children } = fam;
    await parent.client.execute("CREATE TABLE sv_codes (code TEXT UNIQUE)");
    await parent.client.execute("INSERT INTO sv_codes VALUES ('taken')");
    await children[0].client.execute("DELETE FROM sv_codes"); // on child 0 'taken' would be free
    const tx = await parent.client.transaction("write");
    try {
      await rejectsLibsql(tx.execute("INSERT INTO sv_codes VALUES ('taken')"), "SQLITE_CONSTRAINT");
      await tx.execute("INSERT INTO sv_codes VALUES ('kept-1')");
      await tx.execute("SAVEPOINT sp1");
      await tx.execute("INSERT INTO sv_codes VALUES ('undone')");
      await tx.execute("ROLLBACK TO sp1");
      await tx.execute("RELEASE sp1");
      await tx.execute("INSERT INTO sv_codes VALUES ('kept-2')");
      await tx.commit();
    } finally {
      tx.close();
    }
    assert.deepEqual(await rowsOf(children[0].client, "SELECT code FROM sv_codes ORDER BY code"), [["kept-1"], ["kept-2"]]);
    await onEvery([parent, ...children.slice(1)], async (db) =>
      assert.deepEqual(await rowsOf(db.client, "SELECT code FROM sv_codes ORDER BY code"), [["kept-1"], ["kept-2"], ["taken"]]),
    );
  });

  test("PRAGMA foreign_keys=ON on the session: an ON DELETE CASCADE replays on every child, own rows included", async () => {
    const { parent, children, all } = fam;
    await parent.client.batch(
      [
        "CREATE TABLE fk_teams (id INTEGER PRIMARY KEY)",
        "CREATE TABLE fk_members (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES fk_teams(id) ON DELETE CASCADE)",
        "INSERT INTO fk_teams VALUES (1), (2)",
        "INSERT INTO fk_members VALUES (1, 1), (2, 2)",
      ],
      "write",
    );
    await children[2].client.execute("INSERT INTO fk_members VALUES (100, 1)");
    // executeMultiple runs both on one stream, so the pragma holds for the DELETE.
    await parent.client.executeMultiple("PRAGMA foreign_keys = ON; DELETE FROM fk_teams WHERE id = 1;");
    await onEvery(all, async (db) => assert.deepEqual(await rowsOf(db.client, "SELECT id, team_id FROM fk_members"), [[2, 2]]));
  });

  test("executeMultiple('BEGIN; ...; COMMIT;') is one migration; reads are none", async () => {
    const { parent, all } = fam;
    let jobs = await jobCount(parent);
    await parent.client.executeMultiple("BEGIN; CREATE TABLE em_log (x); INSERT INTO em_log VALUES (1); INSERT INTO em_log VALUES (2); COMMIT;");
    assert.equal(await jobCount(parent), jobs + 1);
    await onEvery(all, async (db) => assert.deepEqual(await rowsOf(db.client, "SELECT x FROM em_log ORDER BY x"), [[1], [2]]));

    jobs = await jobCount(parent);
    await parent.client.execute("SELECT * FROM em_log");
    await parent.client.batch(["SELECT count(*) FROM em_log", "SELECT 1"], "read");
    const rtx = await parent.client.transaction("read");
    try {
      await rtx.execute("SELECT x FROM em_log");
      await rtx.commit();
    } finally {
      rtx.close();
    }
    const wtx = await parent.client.transaction("write"); // a write transaction that only read
    try {
      await wtx.execute("SELECT x FROM em_log");
      await wtx.commit();
    } finally {
      wtx.close();
    }
    assert.equal(await jobCount(parent), jobs);
  });

  test("a child's writes during a migration either commit or fail with BLOCKED; none is lost or half-done", async (t) => {
    const { parent, children } = fam;
    await parent.client.execute("CREATE TABLE bw_big (id INTEGER PRIMARY KEY, v TEXT)");
    await parent.client.execute(
      "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20000) INSERT INTO bw_big (v) SELECT hex(randomblob(32)) FROM s",
    );
    await parent.client.execute("CREATE TABLE bw_own (n INTEGER PRIMARY KEY)");
    const kid = children[1].client;
    let stop = false;
    const committed = [];
    const other = [];
    let blocked = 0;
    const writer = (async () => {
      for (let n = 0; !stop; n++) {
        try {
          await kid.execute({ sql: "INSERT INTO bw_own VALUES (?)", args: [n] });
          committed.push(n);
        } catch (e) {
          if (e.code !== "BLOCKED") other.push(`${e.code}: ${e.message}`);
          else {
            blocked++;
            assert.match(e.message, /Operation was blocked: schema migration \d+ in progress/);
          }
        }
      }
    })();
    try {
      await parent.client.execute("UPDATE bw_big SET v = lower(v)");
    } finally {
      stop = true;
      await writer;
    }
    t.diagnostic(`child writes during the migration: ${committed.length} committed, ${blocked} BLOCKED`);
    assert.deepEqual(other, []);
    assert.deepEqual(await rowsOf(kid, "SELECT n FROM bw_own ORDER BY n"), committed.map((n) => [n]));
    assert.deepEqual(await rowsOf(kid, "SELECT count(*) FROM bw_big WHERE v <> lower(v)"), [[0]]);
  });

  test("VACUUM, ANALYZE and REINDEX on the schema database run there only, as maintenance, not as migrations", async () => {
    const { parent, children } = fam;
    const jobsBefore = await jobCount(parent);
    await children[0].client.execute("VACUUM");
    await parent.client.execute("VACUUM");
    await parent.client.execute("ANALYZE");
    await parent.client.execute("REINDEX");
    assert.equal(await jobCount(parent), jobsBefore);
  });

  test("statements are replayed, not their results: bound values are the same everywhere, random() is not", async () => {
    const { parent, children } = fam;
    await parent.client.execute("CREATE TABLE nd_tokens (id TEXT PRIMARY KEY, label TEXT, r INTEGER)");
    // What docs/schemas.md recommends for rows that must be identical in every tenant: bind the values.
    await parent.client.execute({ sql: "INSERT INTO nd_tokens VALUES (?, 'seed', ?)", args: ["fixed-id", 42] });
    // A non-deterministic expression is evaluated by each database that runs the statement.
    await parent.client.execute("INSERT INTO nd_tokens VALUES (lower(hex(randomblob(16))), 'random', 0)");
    const seed = await rowsOf(parent.client, "SELECT id, label, r FROM nd_tokens WHERE label = 'seed'");
    const randomIds = new Set([(await rowsOf(parent.client, "SELECT id FROM nd_tokens WHERE label = 'random'"))[0][0]]);
    await onEvery(children, async (db) => {
      assert.deepEqual(await rowsOf(db.client, "SELECT id, label, r FROM nd_tokens WHERE label = 'seed'"), seed);
      randomIds.add((await rowsOf(db.client, "SELECT id FROM nd_tokens WHERE label = 'random'"))[0][0]);
    });
    assert.equal(randomIds.size, children.length + 1);
  });

  test("a migration that takes longer than a second still answers the client (leading-whitespace heartbeat)", async () => {
    const { parent, children } = fam;
    await parent.client.execute("CREATE TABLE slow_t (x INTEGER)");
    // A write transaction on one child holds its writer slot: the job's dry run there waits for it.
    const tx = await children[0].client.transaction("write");
    await tx.execute("INSERT INTO slow_t VALUES (0)");
    const started = Date.now();
    const migration = parent.client.execute("ALTER TABLE slow_t ADD COLUMN y TEXT");
    await new Promise((resolve) => setTimeout(resolve, 2000)); // past the quiet second: the server heartbeats
    await tx.commit();
    tx.close();
    const rs = await migration;
    assert.ok(Date.now() - started >= 2000, "the migration waited for the child's transaction");
    assert.equal(rs.rowsAffected, 0);
    await onEvery([parent, ...children], async (db) =>
      assert.deepEqual(await rowsOf(db.client, "SELECT name FROM pragma_table_info('slow_t') ORDER BY cid"), [["x"], ["y"]]),
    );
  });
});

// Errors through @libsql/client. This is the one file that uses the DEFAULT database at the bare
// SHOAL_URL; every table it creates has a name unique to this run.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, LibsqlBatchError } from "@libsql/client";
import { SHOAL_URL, uniqueName, withClient, rejectsLibsql, plainRows, scalar } from "./helpers.mjs";

const T = uniqueName("compat_err").replaceAll("-", "_");
const tables = [];
function table(suffix) {
  const name = `${T}_${suffix}`;
  tables.push(name);
  return name;
}

after(async () => {
  const c = createClient({ url: SHOAL_URL });
  try {
    for (const t of tables) await c.execute(`DROP TABLE IF EXISTS ${t}`);
  } finally {
    c.close();
  }
});

describe("default database at the bare URL", () => {
  test("createClient({url: SHOAL_URL}) works", async () => {
    await withClient(SHOAL_URL, async (c) => {
      const rs = await c.execute("SELECT 42");
      assert.deepEqual(plainRows(rs), [[42]]);
    });
  });

  test("the default database is shared by all clients at the bare URL", async () => {
    const t = table("shared");
    await withClient(SHOAL_URL, (c) => c.execute(`CREATE TABLE ${t} (a)`));
    await withClient(SHOAL_URL + "/", (c) => c.execute(`INSERT INTO ${t} VALUES ('x')`));
    await withClient(SHOAL_URL, async (c) => {
      assert.deepEqual(plainRows(await c.execute(`SELECT a FROM ${t}`)), [["x"]]);
    });
  });
});

describe("constraint violations", () => {
  let pk, uq, nn, ck;
  before(async () => {
    pk = table("pk");
    uq = table("uq");
    nn = table("nn");
    ck = table("ck");
    await withClient(SHOAL_URL, (c) =>
      c.batch(
        [
          `CREATE TABLE ${pk} (id INTEGER PRIMARY KEY, v TEXT)`,
          `INSERT INTO ${pk} VALUES (1, 'one')`,
          `CREATE TABLE ${uq} (id INTEGER PRIMARY KEY, email TEXT UNIQUE)`,
          `INSERT INTO ${uq} VALUES (1, 'a@example.com')`,
          `CREATE TABLE ${nn} (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`,
          `CREATE TABLE ${ck} (id INTEGER PRIMARY KEY, v INTEGER CHECK (v > 0))`,
        ],
        "write",
      ),
    );
  });

  test("PRIMARY KEY violation -> LibsqlError SQLITE_CONSTRAINT", async () => {
    await withClient(SHOAL_URL, async (c) => {
      const err = await rejectsLibsql(c.execute(`INSERT INTO ${pk} VALUES (1, 'dup')`), "SQLITE_CONSTRAINT");
      assert.match(err.message, /^SQLITE_CONSTRAINT: /);
      assert.match(err.message, /UNIQUE constraint failed/);
      assert.equal(scalar(await c.execute(`SELECT count(*) FROM ${pk}`)), 1);
    });
  });

  test("UNIQUE violation -> LibsqlError SQLITE_CONSTRAINT", async () => {
    await withClient(SHOAL_URL, async (c) => {
      await rejectsLibsql(c.execute(`INSERT INTO ${uq} VALUES (2, 'a@example.com')`), "SQLITE_CONSTRAINT");
    });
  });

  test("NOT NULL violation -> LibsqlError SQLITE_CONSTRAINT", async () => {
    await withClient(SHOAL_URL, async (c) => {
      const err = await rejectsLibsql(c.execute({ sql: `INSERT INTO ${nn} VALUES (1, ?)`, args: [null] }), "SQLITE_CONSTRAINT");
      assert.match(err.message, /NOT NULL constraint failed/);
    });
  });

  test("CHECK violation -> LibsqlError SQLITE_CONSTRAINT", async () => {
    await withClient(SHOAL_URL, async (c) => {
      await rejectsLibsql(c.execute(`INSERT INTO ${ck} VALUES (1, -5)`), "SQLITE_CONSTRAINT");
    });
  });

  test("constraint violation inside a batch -> LibsqlBatchError SQLITE_CONSTRAINT with statementIndex", async () => {
    await withClient(SHOAL_URL, async (c) => {
      const err = await rejectsLibsql(
        c.batch([`INSERT INTO ${uq} VALUES (3, 'b@example.com')`, `INSERT INTO ${uq} VALUES (4, 'a@example.com')`], "write"),
        "SQLITE_CONSTRAINT",
      );
      assert.ok(err instanceof LibsqlBatchError);
      assert.equal(err.statementIndex, 1);
      assert.equal(scalar(await c.execute(`SELECT count(*) FROM ${uq}`)), 1);
    });
  });
});

describe("other errors", () => {
  test("unknown column -> LibsqlError with a string code and SQLite's message", async () => {
    await withClient(SHOAL_URL, async (c) => {
      const err = await rejectsLibsql(c.execute("SELECT foobar"));
      assert.equal(typeof err.code, "string");
      assert.match(err.message, /no such column: foobar/);
    });
  });

  test("syntax error -> LibsqlError", async () => {
    await withClient(SHOAL_URL, async (c) => {
      const err = await rejectsLibsql(c.execute("SELEKT 1"));
      assert.equal(typeof err.code, "string");
    });
  });

  test("unknown table -> LibsqlError mentioning the table", async () => {
    await withClient(SHOAL_URL, async (c) => {
      const err = await rejectsLibsql(c.execute(`SELECT * FROM ${T}_missing`));
      assert.match(err.message, /no such table/);
    });
  });

  test("execute() with two statements is rejected (SQL_MANY_STATEMENTS) and runs neither", async () => {
    const t = table("many");
    await withClient(SHOAL_URL, async (c) => {
      await c.execute(`CREATE TABLE ${t} (a)`);
      await rejectsLibsql(
        c.execute(`INSERT INTO ${t} VALUES (1); INSERT INTO ${t} VALUES (2)`),
        "SQL_MANY_STATEMENTS",
      );
      assert.equal(scalar(await c.execute(`SELECT count(*) FROM ${t}`)), 0);
    });
  });

  test("a trailing ';', whitespace and comment are fine in execute()", async () => {
    await withClient(SHOAL_URL, async (c) => {
      assert.deepEqual(plainRows(await c.execute("SELECT 7;  \n")), [[7]]);
      assert.deepEqual(plainRows(await c.execute("SELECT 8; -- done")), [[8]]);
    });
  });

  test("an empty statement is rejected with a LibsqlError", async () => {
    await withClient(SHOAL_URL, async (c) => {
      await rejectsLibsql(c.execute("   "));
    });
  });

  test("the client keeps working after errors", async () => {
    await withClient(SHOAL_URL, async (c) => {
      for (let i = 0; i < 5; i++) await rejectsLibsql(c.execute("SELECT nope"));
      assert.deepEqual(plainRows(await c.execute("SELECT 'still ok'")), [["still ok"]]);
    });
  });
});

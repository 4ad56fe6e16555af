// client.executeMultiple(): one `sequence` request. Splitting must follow SQLite lexing.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createDatabase, dropDatabase, withClient, rejectsLibsql, plainRows, scalar } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-multi");
});
after(async () => {
  await dropDatabase(db);
});

describe("executeMultiple()", () => {
  test("runs all statements", async () => {
    await withClient(db.url, async (c) => {
      const res = await c.executeMultiple(`
        DROP TABLE IF EXISTS em_all;
        CREATE TABLE em_all (a);
        INSERT INTO em_all VALUES (1), (2), (4), (8);
      `);
      assert.equal(res, undefined);
      assert.equal(scalar(await c.execute("SELECT SUM(a) FROM em_all")), 15);
    });
  });

  test("stops at the first error; earlier statements stay committed", async () => {
    await withClient(db.url, async (c) => {
      await rejectsLibsql(
        c.executeMultiple(`
          CREATE TABLE em_err (a);
          INSERT INTO em_err VALUES (1), (2), (4);
          INSERT INTO em_err VALUES (foo());
          INSERT INTO em_err VALUES (8), (16);
        `),
      );
      assert.equal(scalar(await c.execute("SELECT SUM(a) FROM em_err")), 7);
    });
  });

  test("constraint error in a sequence carries SQLITE_CONSTRAINT", async () => {
    await withClient(db.url, async (c) => {
      await rejectsLibsql(
        c.executeMultiple(`
          CREATE TABLE em_con (a PRIMARY KEY);
          INSERT INTO em_con VALUES (1);
          INSERT INTO em_con VALUES (1);
          INSERT INTO em_con VALUES (2);
        `),
        "SQLITE_CONSTRAINT",
      );
      assert.deepEqual(plainRows(await c.execute("SELECT a FROM em_con")), [[1]]);
    });
  });

  test("BEGIN; ...; COMMIT; inside works", async () => {
    await withClient(db.url, async (c) => {
      await c.executeMultiple(`
        CREATE TABLE em_tx (a);
        BEGIN;
        INSERT INTO em_tx VALUES (1), (2), (4);
        INSERT INTO em_tx VALUES (8), (16);
        COMMIT;
      `);
      assert.equal(scalar(await c.execute("SELECT SUM(a) FROM em_tx")), 31);
    });
  });

  test("an error inside a manual BEGIN leaves nothing of that transaction committed", async () => {
    await withClient(db.url, async (c) => {
      await rejectsLibsql(
        c.executeMultiple(`
          CREATE TABLE em_txerr (a);
          INSERT INTO em_txerr VALUES (0);
          BEGIN;
          INSERT INTO em_txerr VALUES (1), (2), (4);
          INSERT INTO em_txerr VALUES (foo());
          INSERT INTO em_txerr VALUES (8), (16);
          COMMIT;
        `),
      );
      assert.equal(scalar(await c.execute("SELECT SUM(a) FROM em_txerr")), 0);
      // The stream's close rolled the transaction back and released the lock.
      const started = Date.now();
      await c.batch(["INSERT INTO em_txerr VALUES (100)"], "write");
      assert.ok(Date.now() - started < 3000, "write lock was not released promptly");
      assert.equal(scalar(await c.execute("SELECT SUM(a) FROM em_txerr")), 100);
    });
  });

  test("trigger bodies and strings containing ';' are split correctly", async () => {
    await withClient(db.url, async (c) => {
      await c.executeMultiple(`
        CREATE TABLE em_items (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE em_log (msg TEXT);
        -- a line comment; with a semicolon
        CREATE TRIGGER em_items_ai AFTER INSERT ON em_items
        BEGIN
          INSERT INTO em_log VALUES ('inserted; ' || new.name);
          INSERT INTO em_log VALUES (CASE WHEN new.name LIKE '%;%' THEN 'has;semicolon' ELSE 'plain' END);
        END;
        /* a block comment; BEGIN; END; */
        INSERT INTO em_items(name) VALUES ('a;b');
        INSERT INTO em_items(name) VALUES ('it''s; fine'), ('plain');
      `);
      assert.deepEqual(plainRows(await c.execute("SELECT name FROM em_items ORDER BY id")), [
        ["a;b"],
        ["it's; fine"],
        ["plain"],
      ]);
      assert.deepEqual(plainRows(await c.execute("SELECT msg FROM em_log ORDER BY rowid")), [
        ["inserted; a;b"],
        ["has;semicolon"],
        ["inserted; it's; fine"],
        ["has;semicolon"],
        ["inserted; plain"],
        ["plain"],
      ]);
      // The trigger really exists as one object with both statements.
      const trig = await c.execute("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'em_items_ai'");
      assert.equal(trig.rows.length, 1);
      assert.match(trig.rows[0][0], /has;semicolon/);
    });
  });

  test("quoted identifiers containing ';' and a missing final ';'", async () => {
    await withClient(db.url, async (c) => {
      await c.executeMultiple(`
        CREATE TABLE "em;quoted" ("col;1" TEXT, [col;2] TEXT, \`col;3\` TEXT);
        INSERT INTO "em;quoted" VALUES ('x;', ';y', ';')
      `);
      const rs = await c.execute(`SELECT * FROM "em;quoted"`);
      assert.deepEqual(rs.columns, ["col;1", "col;2", "col;3"]);
      assert.deepEqual(plainRows(rs), [["x;", ";y", ";"]]);
    });
  });

  test("empty statements and trailing comments are ignored", async () => {
    await withClient(db.url, async (c) => {
      await c.executeMultiple(`;;
        CREATE TABLE em_empty (a);;
        INSERT INTO em_empty VALUES (1);
        -- trailing comment`);
      assert.equal(scalar(await c.execute("SELECT count(*) FROM em_empty")), 1);
    });
  });
});

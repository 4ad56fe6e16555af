// Result metadata through @libsql/client: column names and types, rowsAffected, lastInsertRowid.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createDatabase, dropDatabase, withClient, plainRows } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-results");
});
after(async () => {
  await dropDatabase(db);
});

/** lastInsertRowid for a statement that is not an INSERT: the client gives undefined (server null) or 0n. */
function assertNoRowid(rs) {
  assert.ok(
    rs.lastInsertRowid === undefined || rs.lastInsertRowid === 0n,
    `expected lastInsertRowid undefined or 0n, got ${rs.lastInsertRowid}`,
  );
}

describe("column names and types", () => {
  test("columnTypes are the declared types INTEGER, FLOAT, TEXT, BLOB", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE typed (i INTEGER, f FLOAT, t TEXT, b BLOB)");
      await c.execute("INSERT INTO typed VALUES (42, 0.5, 'foo', X'626172')");
      const rs = await c.execute("SELECT i, f, t, b FROM typed LIMIT 1");
      assert.deepEqual(rs.columns, ["i", "f", "t", "b"]);
      assert.deepEqual(rs.columnTypes, ["INTEGER", "FLOAT", "TEXT", "BLOB"]);
      assert.deepEqual(rs.toJSON().rows, [[42, 0.5, "foo", "YmFy"]]);
      const row = rs.rows[0];
      assert.equal(row.i, 42);
      assert.equal(row.f, 0.5);
      assert.equal(row.t, "foo");
      assert.equal(row.length, 4);
    });
  });

  test("declared types are reported verbatim (VARCHAR(10), decimal(10,2), none)", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE decl (a VARCHAR(10), b decimal(10,2), c)");
      await c.execute("INSERT INTO decl VALUES ('x', 1.5, 3)");
      const rs = await c.execute("SELECT a, b, c FROM decl");
      assert.deepEqual(rs.columns, ["a", "b", "c"]);
      assert.deepEqual(rs.columnTypes, ["VARCHAR(10)", "decimal(10,2)", ""]);
    });
  });

  test("an alias keeps the column's declared type; an expression on it has none", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE alias_t (i INTEGER)");
      await c.execute("INSERT INTO alias_t VALUES (7)");
      const rs = await c.execute("SELECT i AS renamed, i + 0 FROM alias_t");
      assert.deepEqual(rs.columns, ["renamed", "i + 0"]);
      assert.deepEqual(rs.columnTypes, ["INTEGER", ""]);
      assert.deepEqual(plainRows(rs), [[7, 7]]);
    });
  });

  test("SELECT 42: one column named '42' with type ''", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT 42");
      assert.deepEqual(rs.columns, ["42"]);
      assert.deepEqual(rs.columnTypes, [""]);
      assert.deepEqual(plainRows(rs), [[42]]);
    });
  });

  test("expression column names are the expression text (1+1, count(*))", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT 1+1, count(*) FROM (SELECT 1 UNION ALL SELECT 2)");
      assert.deepEqual(rs.columns, ["1+1", "count(*)"]);
      assert.deepEqual(rs.columnTypes, ["", ""]);
      assert.deepEqual(plainRows(rs), [[2, 2]]);
    });
  });

  test("aliases name the columns; row has named and indexed access", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT 1 AS one, 'two' AS two, 0.5 AS three");
      assert.deepEqual(rs.columns, ["one", "two", "three"]);
      assert.deepEqual(rs.columnTypes, ["", "", ""]);
      assert.deepEqual(Array.from(rs.rows[0]), [1, "two", 0.5]);
      assert.deepEqual(Object.entries(rs.rows[0]), [
        ["one", 1],
        ["two", "two"],
        ["three", 0.5],
      ]);
    });
  });

  test("VALUES with several rows", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("VALUES (1, 'one'), (2, 'two'), (3, 'three')");
      assert.equal(rs.columns.length, 2);
      assert.equal(rs.columnTypes.length, 2);
      assert.deepEqual(plainRows(rs), [
        [1, "one"],
        [2, "two"],
        [3, "three"],
      ]);
    });
  });

  test("INSERT ... RETURNING gives rows, names and '' types", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE ret (a)");
      const rs = await c.execute("INSERT INTO ret VALUES (1) RETURNING 42 AS x, 'foo' AS y");
      assert.deepEqual(rs.columns, ["x", "y"]);
      assert.deepEqual(rs.columnTypes, ["", ""]);
      assert.deepEqual(plainRows(rs), [[42, "foo"]]);
      assert.equal(rs.rowsAffected, 1);
    });
  });

  test("a statement without result columns has empty columns, columnTypes and rows", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("CREATE TABLE empty_cols (a)");
      assert.deepEqual(rs.columns, []);
      assert.deepEqual(rs.columnTypes, []);
      assert.deepEqual(rs.rows, []);
      assert.equal(rs.rowsAffected, 0);
    });
  });
});

describe("rowsAffected", () => {
  test("2 for a two-row INSERT", async () => {
    await withClient(db.url, async (c) => {
      await c.batch(["CREATE TABLE ra_ins (a)"], "write");
      const rs = await c.execute("INSERT INTO ra_ins VALUES (1), (2)");
      assert.equal(rs.rowsAffected, 2);
    });
  });

  test("3 for a DELETE of three rows", async () => {
    await withClient(db.url, async (c) => {
      await c.batch(["CREATE TABLE ra_del (a)", "INSERT INTO ra_del VALUES (1), (2), (3), (4), (5)"], "write");
      const rs = await c.execute("DELETE FROM ra_del WHERE a >= 3");
      assert.equal(rs.rowsAffected, 3);
    });
  });

  test("2 for an UPDATE of two rows", async () => {
    await withClient(db.url, async (c) => {
      await c.batch(["CREATE TABLE ra_upd (a)", "INSERT INTO ra_upd VALUES (1), (2), (3)"], "write");
      const rs = await c.execute("UPDATE ra_upd SET a = a * 10 WHERE a < 3");
      assert.equal(rs.rowsAffected, 2);
    });
  });

  test("3 for WITH x(a) AS (VALUES (1),(2),(3)) INSERT INTO t SELECT a FROM x", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE ra_with (a)");
      const rs = await c.execute("WITH x(a) AS (VALUES (1),(2),(3)) INSERT INTO ra_with SELECT a FROM x");
      assert.equal(rs.rowsAffected, 3);
    });
  });

  test("3 for WITH ... INSERT reading the target table", async () => {
    await withClient(db.url, async (c) => {
      await c.batch(["CREATE TABLE ra_with2 (a)", "INSERT INTO ra_with2 VALUES (1), (2), (3)"], "write");
      const rs = await c.execute(`
        WITH x(a) AS (SELECT 2*a FROM ra_with2)
        INSERT INTO ra_with2 SELECT a+1 FROM x
      `);
      assert.equal(rs.rowsAffected, 3);
    });
  });

  test("0 for SELECT 1 AS a, also right after a write on the same client", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE ra_sel (a)");
      const ins = await c.execute("INSERT INTO ra_sel VALUES (1), (2), (3)");
      assert.equal(ins.rowsAffected, 3);
      const rs = await c.execute("SELECT 1 AS a");
      assert.equal(rs.rowsAffected, 0);
      assertNoRowid(rs);
    });
  });

  test("0 for SELECT right after a write on the same stream (transaction and batch)", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE ra_same (a)");
      const txn = await c.transaction("write");
      try {
        const ins = await txn.execute("INSERT INTO ra_same VALUES (1), (2)");
        assert.equal(ins.rowsAffected, 2);
        const sel = await txn.execute("SELECT 1 AS a");
        assert.equal(sel.rowsAffected, 0);
        assertNoRowid(sel);
        const ddl = await txn.execute("CREATE TABLE ra_same2 (b)");
        assert.equal(ddl.rowsAffected, 0);
        await txn.commit();
      } finally {
        txn.close();
      }
      const [ins, sel, count] = await c.batch(
        ["INSERT INTO ra_same VALUES (3), (4), (5)", "SELECT 1 AS a", "SELECT count(*) FROM ra_same"],
        "write",
      );
      assert.equal(ins.rowsAffected, 3);
      assert.equal(sel.rowsAffected, 0);
      assertNoRowid(sel);
      assert.equal(count.rows[0][0], 5);
      assert.equal(count.rowsAffected, 0);
    });
  });
});

describe("lastInsertRowid", () => {
  test("defined after INSERT and points at the inserted row", async () => {
    await withClient(db.url, async (c) => {
      await c.batch(["CREATE TABLE lir (a)", "INSERT INTO lir VALUES ('one'), ('two')"], "write");
      const ins = await c.execute("INSERT INTO lir VALUES ('three')");
      assert.equal(typeof ins.lastInsertRowid, "bigint");
      assert.equal(ins.lastInsertRowid, 3n);
      const sel = await c.execute({ sql: "SELECT a FROM lir WHERE rowid = ?", args: [ins.lastInsertRowid] });
      assert.deepEqual(plainRows(sel), [["three"]]);
    });
  });

  test("12345n after inserting explicit rowid 12345", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE lir_pk (id INTEGER PRIMARY KEY NOT NULL)");
      const rs = await c.execute("INSERT INTO lir_pk VALUES (12345)");
      assert.equal(rs.lastInsertRowid, 12345n);
      assert.deepEqual(rs.toJSON(), {
        columns: [],
        columnTypes: [],
        rows: [],
        rowsAffected: 1,
        lastInsertRowid: "12345",
      });
    });
  });

  test("large rowid 2^63-1 is exact", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE lir_big (id INTEGER PRIMARY KEY)");
      const rs = await c.execute("INSERT INTO lir_big VALUES (9223372036854775807)");
      assert.equal(rs.lastInsertRowid, 9223372036854775807n);
    });
  });

  test("SELECT 1 AS a: lastInsertRowid is undefined or 0n; toJSON matches", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT 1 AS a");
      assertNoRowid(rs);
      const json = JSON.stringify(rs);
      assert.ok(
        json === '{"columns":["a"],"columnTypes":[""],"rows":[[1]],"rowsAffected":0,"lastInsertRowid":null}' ||
          json === '{"columns":["a"],"columnTypes":[""],"rows":[[1]],"rowsAffected":0,"lastInsertRowid":"0"}',
        json,
      );
    });
  });

  test("computed values of every type in toJSON", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute(
        `SELECT 42 AS integer, 0.5 AS float, NULL AS "null", 'foo' AS text, X'626172' AS blob`,
      );
      const json = rs.toJSON();
      assert.deepEqual(json.columns, ["integer", "float", "null", "text", "blob"]);
      assert.deepEqual(json.columnTypes, ["", "", "", "", ""]);
      assert.deepEqual(json.rows, [[42, 0.5, null, "foo", "YmFy"]]);
    });
  });

  test("intMode bigint: SELECT 42 serialises as \"42\"", async () => {
    await withClient(
      db.url,
      async (c) => {
        const rs = await c.execute("SELECT 42");
        assert.equal(rs.rows[0][0], 42n);
        assert.deepEqual(rs.toJSON().rows, [["42"]]);
      },
      { intMode: "bigint" },
    );
  });
});

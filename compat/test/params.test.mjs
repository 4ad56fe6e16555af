// Parameter binding styles through @libsql/client.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createDatabase, dropDatabase, withClient, rejectsLibsql } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-params");
});
after(async () => {
  await dropDatabase(db);
});

async function row(sql, args) {
  return withClient(db.url, async (c) => {
    const rs = await c.execute({ sql, args });
    return Array.from(rs.rows[0]);
  });
}

describe("positional parameters", () => {
  test("? ? binds in order", async () => {
    assert.deepEqual(await row("SELECT ?, ?", ["one", "two"]), ["one", "two"]);
  });

  test("?NNN: SELECT ?2, ?3, ?1", async () => {
    assert.deepEqual(await row("SELECT ?2, ?3, ?1", ["one", "two", "three"]), ["two", "three", "one"]);
  });

  test("?NNN with holes: SELECT ?3, ?1 with three args", async () => {
    assert.deepEqual(await row("SELECT ?3, ?1", ["one", "two", "three"]), ["three", "one"]);
  });

  test("?NNN mixed with ?: SELECT ?2, ?, ?3 (bare ? is index 3)", async () => {
    assert.deepEqual(await row("SELECT ?2, ?, ?3", ["one", "two", "three"]), ["two", "three", "three"]);
  });

  test("? after ?1 takes index 2", async () => {
    assert.deepEqual(await row("SELECT ?1, ?, ?1", ["a", "b"]), ["a", "b", "a"]);
  });

  test("a ? inside a string literal or comment is not a parameter", async () => {
    assert.deepEqual(await row("SELECT '?', ? /* ? */ -- ?\n", ["x"]), ["?", "x"]);
  });

  test("positional args bind to named parameters by index", async () => {
    assert.deepEqual(await row("SELECT :a, @b, $c", ["x", "y", "z"]), ["x", "y", "z"]);
  });

  test("too many positional args is an error", async () => {
    await withClient(db.url, async (c) => {
      await rejectsLibsql(c.execute({ sql: "SELECT ?", args: [1, 2] }), "ARGS_INVALID");
    });
  });
});

describe("named parameters", () => {
  for (const sign of [":", "@", "$"]) {
    test(`${sign}name given with and without the prefix`, async () => {
      assert.deepEqual(
        await row(`SELECT ${sign}b, ${sign}a`, { a: "one", [`${sign}b`]: "two" }),
        ["two", "one"],
      );
    });

    test(`${sign}name reused in the SQL`, async () => {
      assert.deepEqual(
        await row(`SELECT ${sign}b, ${sign}a, ${sign}b || ${sign}a`, { a: "one", [`${sign}b`]: "two" }),
        ["two", "one", "twoone"],
      );
    });

    test(`?1 pointing at ${sign}name`, async () => {
      assert.deepEqual(
        await row(`SELECT ${sign}b, ${sign}a, ?1`, { a: "one", [`${sign}b`]: "two" }),
        ["two", "one", "two"],
      );
    });
  }

  test("all three prefixes in one statement, names without prefix", async () => {
    assert.deepEqual(await row("SELECT :x, @y, $z, :x", { x: 1n, y: "y", z: null }), [1, "y", null, 1]);
  });

  test("named parameters with typed values keep their SQLite types", async () => {
    const blob = new Uint8Array([1, 2, 3]);
    assert.deepEqual(
      await row("SELECT typeof(:i), typeof(:f), typeof(:t), typeof(:b), typeof(:n)", {
        i: 7n,
        f: 7,
        t: "7",
        b: blob,
        n: null,
      }),
      ["integer", "real", "text", "blob", "null"],
    );
  });

  test("named parameters in an INSERT, read back", async () => {
    await withClient(db.url, async (c) => {
      await c.execute("CREATE TABLE named_ins (a, b)");
      const ins = await c.execute({ sql: "INSERT INTO named_ins VALUES (:a, $b)", args: { a: "A", $b: "B" } });
      assert.equal(ins.rowsAffected, 1);
      const rs = await c.execute({ sql: "SELECT b, a FROM named_ins WHERE a = @a", args: { "@a": "A" } });
      assert.deepEqual(Array.from(rs.rows[0]), ["B", "A"]);
    });
  });
});

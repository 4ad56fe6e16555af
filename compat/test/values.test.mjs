// Value round-trips through @libsql/client (Hrana 2 over HTTP, JSON).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createDatabase, dropDatabase, withClient, plainRows, LibsqlError } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-values");
});
after(async () => {
  await dropDatabase(db);
});

/** SELECT ?, typeof(?1) with one argument; returns [value, sqliteType]. */
async function roundtrip(value, config = {}) {
  return withClient(
    db.url,
    async (c) => {
      const rs = await c.execute({ sql: "SELECT ?, typeof(?1)", args: [value] });
      assert.equal(rs.rows.length, 1);
      return Array.from(rs.rows[0]);
    },
    config,
  );
}

const FLOATS = [
  ["42", 42],
  ["0", 0],
  ["-1.5", -1.5],
  ["12.345", 12.345],
  ["1e18", 1e18],
  ["-1e18", -1e18],
  ["Number.MAX_VALUE", Number.MAX_VALUE],
  ["-Number.MAX_VALUE", -Number.MAX_VALUE],
  ["Number.MIN_VALUE (5e-324)", Number.MIN_VALUE],
  ["-2023", -2023],
];

describe("JS numbers round-trip as REAL", () => {
  for (const intMode of [undefined, "bigint"]) {
    for (const [label, value] of FLOATS) {
      test(`number ${label} (intMode ${intMode ?? "default"}) comes back as the same JS number, typeof real`, async () => {
        const [out, type] = await roundtrip(value, intMode ? { intMode } : {});
        assert.equal(typeof out, "number");
        assert.ok(Object.is(out, value), `expected ${value}, got ${out}`);
        assert.equal(type, "real");
      });
    }
  }

  test("exact literal values: 1.7976931348623157e308 and 5e-324", async () => {
    const [a] = await roundtrip(1.7976931348623157e308);
    const [b] = await roundtrip(5e-324);
    assert.equal(a, 1.7976931348623157e308);
    assert.equal(b, 5e-324);
  });
});

describe("bigints", () => {
  const BIGINTS = [
    0n,
    -42n,
    1152921504608088318n,
    -1152921504594532842n,
    9223372036854775807n, // 2^63-1
    -9223372036854775807n, // -(2^63-1)
    -9223372036854775808n, // -2^63
  ];
  for (const value of BIGINTS) {
    test(`bigint ${value} round-trips exactly (intMode bigint), typeof integer`, async () => {
      const [out, type] = await roundtrip(value, { intMode: "bigint" });
      assert.equal(typeof out, "bigint");
      assert.equal(out, value);
      assert.equal(type, "integer");
    });
  }

  test("bigint 2^63-1 and -2^63 as text in default intMode (SELECT ?||'')", async () => {
    await withClient(db.url, async (c) => {
      const max = await c.execute({ sql: "SELECT ?||''", args: [9223372036854775807n] });
      assert.equal(max.rows[0][0], "9223372036854775807");
      const min = await c.execute({ sql: "SELECT ?||''", args: [-9223372036854775808n] });
      assert.equal(min.rows[0][0], "-9223372036854775808");
    });
  });

  test("intMode string returns 64-bit extremes as exact decimal strings", async () => {
    const [max] = await roundtrip(9223372036854775807n, { intMode: "string" });
    const [min] = await roundtrip(-9223372036854775808n, { intMode: "string" });
    assert.equal(max, "9223372036854775807");
    assert.equal(min, "-9223372036854775808");
  });

  test("default intMode: safe integers are numbers, 2^53 raises RangeError in the client", async () => {
    const [safe, type] = await roundtrip(9007199254740991n);
    assert.equal(safe, 9007199254740991);
    assert.equal(type, "integer");
    await assert.rejects(roundtrip(9007199254740992n), RangeError);
  });

  test("integer literals from SQL come back as integers (42 -> 42 / 42n)", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT 42, 9007199254740991");
      assert.deepEqual(Array.from(rs.rows[0]), [42, 9007199254740991]);
    });
    await withClient(
      db.url,
      async (c) => {
        const rs = await c.execute("SELECT 42, -9223372036854775808, 9223372036854775807");
        assert.deepEqual(Array.from(rs.rows[0]), [42n, -9223372036854775808n, 9223372036854775807n]);
      },
      { intMode: "bigint" },
    );
  });
});

describe("booleans, null, dates", () => {
  test("true/false become 1/0 (default intMode)", async () => {
    assert.deepEqual(await roundtrip(true), [1, "integer"]);
    assert.deepEqual(await roundtrip(false), [0, "integer"]);
  });

  test("true/false become 1n/0n (intMode bigint)", async () => {
    assert.deepEqual(await roundtrip(true, { intMode: "bigint" }), [1n, "integer"]);
    assert.deepEqual(await roundtrip(false, { intMode: "bigint" }), [0n, "integer"]);
  });

  test("null round-trips", async () => {
    assert.deepEqual(await roundtrip(null), [null, "null"]);
  });

  test("Date is sent as float milliseconds", async () => {
    const [out, type] = await roundtrip(new Date("2023-01-02T12:34:56Z"), { intMode: "bigint" });
    assert.equal(out, 1672662896000);
    assert.equal(type, "real");
  });
});

describe("blobs", () => {
  const bytes = new Uint8Array(256);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  const buf = bytes.buffer;

  test("256-byte ArrayBuffer with every byte value round-trips byte for byte", async () => {
    const [out, type] = await roundtrip(buf);
    assert.ok(out instanceof ArrayBuffer, `expected ArrayBuffer, got ${out?.constructor?.name}`);
    assert.equal(type, "blob");
    assert.deepEqual(new Uint8Array(out), bytes);
  });

  test("256-byte Uint8Array (xor pattern) round-trips as an equal ArrayBuffer", async () => {
    const x = new Uint8Array(256);
    for (let i = 0; i < 256; i++) x[i] = i ^ 0xab;
    const [out] = await roundtrip(x);
    assert.ok(out instanceof ArrayBuffer);
    assert.deepEqual(new Uint8Array(out), x);
  });

  test("blob length and hex computed by SQLite match the bytes sent", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute({ sql: "SELECT length(?1), hex(?1)", args: [buf] });
      assert.equal(rs.rows[0][0], 256);
      assert.equal(rs.rows[0][1], Buffer.from(bytes).toString("hex").toUpperCase());
    });
  });

  test("blob literal X'626172' comes back as the bytes 'bar'", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT X'626172'");
      const out = rs.rows[0][0];
      assert.ok(out instanceof ArrayBuffer);
      assert.equal(Buffer.from(out).toString("latin1"), "bar");
      assert.deepEqual(rs.toJSON().rows, [["YmFy"]]);
    });
  });

  test("empty blob round-trips as an empty ArrayBuffer (not null)", async () => {
    const [out, type] = await roundtrip(new ArrayBuffer(0));
    assert.equal(type, "blob");
    assert.ok(out instanceof ArrayBuffer, `expected ArrayBuffer, got ${out}`);
    assert.equal(out.byteLength, 0);
  });
});

describe("text", () => {
  const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
  const TEXTS = [
    ["plain ASCII", "boomerang"],
    ["whitespace", "a\n\r\t "],
    ["Czech diacritics", "žluťoučký kůň úpěl ďábelské ódy"],
    ["emoji (astral plane, surrogate pairs)", "😀👍🏽🎉 family: 👨‍👩‍👧‍👦"],
    ["CJK", "漢字かなカナ한국어中文"],
    ["combining characters", "e\u0301 a\u0308 n\u0303 Z\u0351\u0354\u0367"],
    ["control characters U+0001..U+001F", `<${CONTROL.slice(1)}>`],
    ["control characters U+0000..U+001F (with NUL)", `<${CONTROL}>`],
    ["quotes and backslashes", `'"\\'\\\\"`],
    ["empty string", ""],
    ["U+FFFF and U+10FFFF", "\uffff\u{10ffff}"],
  ];
  for (const [label, s] of TEXTS) {
    test(`text round-trip: ${label}`, async () => {
      await withClient(db.url, async (c) => {
        const rs = await c.execute({ sql: "SELECT ?1, typeof(?1), hex(?1)", args: [s] });
        const [out, type, hex] = Array.from(rs.rows[0]);
        assert.equal(out, s);
        assert.equal(type, "text");
        // The server must store standard UTF-8 (not Java "modified UTF-8" / CESU-8).
        assert.equal(hex, Buffer.from(s, "utf8").toString("hex").toUpperCase());
      });
    });
  }

  test("text literal in SQL with unicode is decoded as UTF-8", async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute("SELECT '漢字 😀 e\u0301' AS s, length('漢字 😀') AS n");
      assert.equal(rs.rows[0][0], "漢字 😀 e\u0301");
      assert.equal(rs.rows[0][1], 4);
      assert.deepEqual(rs.columns, ["s", "n"]);
    });
  });
});

describe("large and special values", () => {
  test("1 MiB blob and 2.3 MB of text round-trip", { timeout: 30_000 }, async () => {
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
    const [blob] = await roundtrip(big);
    assert.ok(blob instanceof ArrayBuffer);
    assert.equal(Buffer.compare(Buffer.from(blob), Buffer.from(big)), 0);
    const text = "ab漢😀".repeat(1 << 18);
    const [out] = await roundtrip(text);
    assert.equal(out, text);
  });

  test("SQLite infinities (SELECT 1e999) give ±Infinity or a LibsqlError, never a broken response", async () => {
    await withClient(db.url, async (c) => {
      let values;
      try {
        values = Array.from((await c.execute("SELECT 1e999, -1e999")).rows[0]);
      } catch (e) {
        assert.ok(e instanceof LibsqlError, `${e}`);
        assert.ok(!["HRANA_PROTO_ERROR", "SERVER_ERROR"].includes(e.code), `${e.code}: ${e.message}`);
      }
      if (values) assert.deepEqual(values, [Infinity, -Infinity]);
      assert.equal((await c.execute("SELECT 1")).rows[0][0], 1);
    });
  });
});

describe("stored values", () => {
  test("all value kinds survive storage in an untyped column", async () => {
    const blob = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const values = [
      42.5,
      1e18,
      9223372036854775807n,
      -9223372036854775808n,
      "漢字😀\u0000end",
      blob,
      null,
      true,
    ];
    await withClient(
      db.url,
      async (c) => {
        await c.execute("CREATE TABLE stored_vals (k INTEGER PRIMARY KEY, v)");
        await c.batch(
          values.map((v, i) => ({ sql: "INSERT INTO stored_vals VALUES (?, ?)", args: [BigInt(i), v] })),
          "write",
        );
        const rs = await c.execute("SELECT v, typeof(v) FROM stored_vals ORDER BY k");
        const rows = plainRows(rs);
        assert.equal(rows.length, values.length);
        assert.deepEqual(rows[0], [42.5, "real"]);
        assert.deepEqual(rows[1], [1e18, "real"]);
        assert.deepEqual(rows[2], [9223372036854775807n, "integer"]);
        assert.deepEqual(rows[3], [-9223372036854775808n, "integer"]);
        assert.deepEqual(rows[4], ["漢字😀\u0000end", "text"]);
        assert.ok(rows[5][0] instanceof ArrayBuffer);
        assert.deepEqual(new Uint8Array(rows[5][0]), blob);
        assert.equal(rows[5][1], "blob");
        assert.deepEqual(rows[6], [null, "null"]);
        assert.deepEqual(rows[7], [1n, "integer"]);
      },
      { intMode: "bigint" },
    );
  });
});

// Raw Hrana-over-HTTP checks with fetch: probes, routes, error shapes, JSON wire format.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SHOAL_URL, BASE, createDatabase, dropDatabase, postJson, stmt } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-proto");
});
after(async () => {
  await dropDatabase(db);
});

async function get(url) {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, text, contentType: res.headers.get("content-type") };
}

async function pipeline(path, body) {
  const res = await postJson(db.url, path, body);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, contentType: res.headers.get("content-type"), text, json };
}

describe("version probes and plumbing routes", () => {
  for (const [label, base] of [
    ["database URL", () => db.url],
    ["bare URL (default database)", () => BASE],
  ]) {
    test(`GET v2 and v3 -> 200 on the ${label}`, async () => {
      assert.equal((await get(new URL("v2", base()))).status, 200);
      assert.equal((await get(new URL("v3", base()))).status, 200);
    });

    test(`GET v3-protobuf -> 404 on the ${label}`, async () => {
      assert.equal((await get(new URL("v3-protobuf", base()))).status, 404);
    });
  }

  test("GET /health -> 200", async () => {
    assert.equal((await get(SHOAL_URL + "/health")).status, 200);
  });

  test("GET /version -> 200 with a non-empty body", async () => {
    const res = await get(SHOAL_URL + "/version");
    assert.equal(res.status, 200);
    assert.ok(res.text.trim().length > 0);
  });

  test("unknown route -> 404", async () => {
    assert.equal((await get(new URL("no-such-route-" + Date.now(), db.url))).status, 404);
  });
});

describe("pipeline errors", () => {
  for (const path of ["v2/pipeline", "v3/pipeline"]) {
    test(`unknown request type on ${path} -> 400, content-type exactly application/json, {message, code}`, async () => {
      const res = await pipeline(path, { baton: null, requests: [{ type: "no_such_request" }] });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.contentType, "application/json");
      assert.ok(res.json, `body is not JSON: ${res.text}`);
      assert.equal(typeof res.json.message, "string");
      assert.equal(typeof res.json.code, "string");
    });
  }

  test("malformed JSON body -> 400", async () => {
    const res = await pipeline("v2/pipeline", "{not json");
    assert.equal(res.status, 400);
  });

  test("a baton that was never issued -> 400", async () => {
    const res = await pipeline("v2/pipeline", {
      baton: "definitely-not-a-baton",
      requests: [{ type: "execute", stmt: stmt("SELECT 1") }],
    });
    assert.equal(res.status, 400);
  });

  test("a failing execute is a per-request error at HTTP 200; the stream and later requests go on", async () => {
    const res = await pipeline("v2/pipeline", {
      requests: [
        { type: "execute", stmt: stmt("SELECT nope") },
        { type: "execute", stmt: stmt("SELECT 2") },
        { type: "close" },
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.results.length, 3);
    const [r0, r1, r2] = res.json.results;
    assert.equal(r0.type, "error");
    assert.equal(typeof r0.error.message, "string");
    assert.equal(typeof r0.error.code, "string");
    assert.equal(r1.type, "ok");
    assert.deepEqual(r1.response.result.rows, [[{ type: "integer", value: "2" }]]);
    assert.deepEqual(r2, { type: "ok", response: { type: "close" } });
    assert.equal(res.json.baton, null);
  });
});

describe("JSON wire format", () => {
  test("execute result: cols, rows, affected_row_count (number), last_insert_rowid (null); close gives baton null", async () => {
    const res = await pipeline("v2/pipeline", {
      requests: [
        {
          type: "execute",
          stmt: stmt("SELECT 1 AS a, 1.5 AS b, 'x' AS c, X'00FF' AS d, NULL AS e, ? AS f, ? AS g", [
            { type: "integer", value: "-9223372036854775808" },
            { type: "float", value: 1e18 },
          ]),
        },
        { type: "close" },
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.baton, null);
    assert.ok(res.json.base_url === undefined || res.json.base_url === null);
    const [r0, r1] = res.json.results;
    assert.equal(r0.type, "ok");
    assert.equal(r0.response.type, "execute");
    const result = r0.response.result;
    assert.deepEqual(
      result.cols.map((c) => [c.name, c.decltype ?? null]),
      [
        ["a", null],
        ["b", null],
        ["c", null],
        ["d", null],
        ["e", null],
        ["f", null],
        ["g", null],
      ],
    );
    const row = result.rows[0];
    assert.deepEqual(row[0], { type: "integer", value: "1" });
    assert.deepEqual(row[1], { type: "float", value: 1.5 });
    assert.deepEqual(row[2], { type: "text", value: "x" });
    assert.equal(row[3].type, "blob");
    assert.equal(row[3].base64.replace(/=+$/, ""), "AP8");
    assert.deepEqual(row[4], { type: "null" });
    assert.deepEqual(row[5], { type: "integer", value: "-9223372036854775808" });
    assert.deepEqual(row[6], { type: "float", value: 1e18 });
    assert.equal(result.affected_row_count, 0);
    assert.equal(result.last_insert_rowid ?? null, null);
    assert.deepEqual(r1, { type: "ok", response: { type: "close" } });
  });

  test("store_sql / execute by sql_id / close_sql; unpadded base64 accepted", async () => {
    const res = await pipeline("v2/pipeline", {
      requests: [
        { type: "store_sql", sql_id: 7, sql: "SELECT ?, length(?1)" },
        { type: "execute", stmt: { sql_id: 7, args: [{ type: "blob", base64: "AP8" }], named_args: [], want_rows: true } },
        { type: "close_sql", sql_id: 7 },
        { type: "close_sql", sql_id: 12345 },
        { type: "close" },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const types = res.json.results.map((r) => [r.type, r.response?.type]);
    assert.deepEqual(types, [
      ["ok", "store_sql"],
      ["ok", "execute"],
      ["ok", "close_sql"],
      ["ok", "close_sql"],
      ["ok", "close"],
    ]);
    const row = res.json.results[1].response.result.rows[0];
    assert.equal(row[0].base64.replace(/=+$/, ""), "AP8");
    assert.deepEqual(row[1], { type: "integer", value: "2" });
  });

  test("want_rows false returns rows []", async () => {
    const res = await pipeline("v2/pipeline", {
      requests: [{ type: "execute", stmt: stmt("SELECT 1", [], [], false) }, { type: "close" }],
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.results[0].response.result.rows, []);
  });

  test("batch: step_results and step_errors as long as steps; skipped steps are null in both", async () => {
    const res = await pipeline("v2/pipeline", {
      requests: [
        {
          type: "batch",
          batch: {
            steps: [
              { stmt: stmt("SELECT 1") },
              { stmt: stmt("SELECT nope"), condition: { type: "ok", step: 0 } },
              { stmt: stmt("SELECT 3"), condition: { type: "ok", step: 1 } },
              {
                stmt: stmt("SELECT 4"),
                condition: { type: "and", conds: [{ type: "ok", step: 0 }, { type: "error", step: 1 }] },
              },
              {
                stmt: stmt("SELECT 5"),
                condition: { type: "or", conds: [{ type: "ok", step: 2 }, { type: "not", cond: { type: "ok", step: 3 } }] },
              },
            ],
          },
        },
        { type: "close" },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const r = res.json.results[0];
    assert.equal(r.type, "ok");
    assert.equal(r.response.type, "batch");
    const { step_results: results, step_errors: errors } = r.response.result;
    assert.equal(results.length, 5);
    assert.equal(errors.length, 5);
    assert.deepEqual(results[0].rows, [[{ type: "integer", value: "1" }]]);
    assert.equal(errors[0], null);
    assert.equal(results[1], null);
    assert.equal(typeof errors[1].message, "string");
    assert.equal(results[2], null);
    assert.equal(errors[2], null);
    assert.deepEqual(results[3].rows, [[{ type: "integer", value: "4" }]]);
    assert.equal(results[4], null);
    assert.equal(errors[4], null);
  });

  test("sequence and describe on v3/pipeline; get_autocommit", async () => {
    const res = await pipeline("v3/pipeline", {
      baton: null,
      requests: [
        { type: "sequence", sql: "CREATE TABLE proto_seq (a INTEGER, b TEXT); INSERT INTO proto_seq VALUES (1, 'x');" },
        { type: "describe", sql: "SELECT a, b FROM proto_seq WHERE a = :a" },
        { type: "get_autocommit" },
        { type: "close" },
      ],
    });
    assert.equal(res.status, 200, res.text);
    const [seq, desc, ac, close] = res.json.results;
    assert.deepEqual(seq, { type: "ok", response: { type: "sequence" } });
    assert.equal(desc.type, "ok");
    const d = desc.response.result;
    assert.deepEqual(d.params.map((p) => p.name ?? null), [":a"]);
    assert.deepEqual(d.cols, [
      { name: "a", decltype: "INTEGER" },
      { name: "b", decltype: "TEXT" },
    ]);
    assert.equal(d.is_explain, false);
    assert.equal(d.is_readonly, true);
    assert.deepEqual(ac, { type: "ok", response: { type: "get_autocommit", is_autocommit: true } });
    assert.deepEqual(close, { type: "ok", response: { type: "close" } });
  });

  test("baton changes on every response and keeps the stream's connection", async () => {
    const r1 = await pipeline("v2/pipeline", {
      requests: [{ type: "execute", stmt: stmt("CREATE TEMP TABLE proto_tmp (a)") }],
    });
    assert.equal(r1.status, 200, r1.text);
    const b1 = r1.json.baton;
    assert.equal(typeof b1, "string");
    const r2 = await pipeline("v2/pipeline", {
      baton: b1,
      requests: [{ type: "execute", stmt: stmt("INSERT INTO proto_tmp VALUES (1)") }],
    });
    assert.equal(r2.status, 200, r2.text);
    const b2 = r2.json.baton;
    assert.equal(typeof b2, "string");
    assert.notEqual(b2, b1);
    const r3 = await pipeline("v2/pipeline", {
      baton: b2,
      requests: [{ type: "execute", stmt: stmt("SELECT count(*) FROM proto_tmp") }, { type: "close" }],
    });
    assert.equal(r3.status, 200, r3.text);
    assert.deepEqual(r3.json.results[0].response.result.rows, [[{ type: "integer", value: "1" }]]);
    assert.equal(r3.json.baton, null);
  });
});

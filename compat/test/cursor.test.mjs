// Large results and the streamed cursor endpoint (POST <db>/v3/cursor, NDJSON).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "@tursodatabase/serverless";
import { createDatabase, dropDatabase, withClient, postJson, stmt } from "./helpers.mjs";

let db;
before(async () => {
  db = await createDatabase("compat-cursor");
});
after(async () => {
  await dropDatabase(db);
});

const N = 100_000;
const ROWS_SQL = `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N}) SELECT n, 'row-' || n AS label FROM s`;

/**
 * POSTs a cursor request and reads the body chunk by chunk. Returns
 * {status, headers, entries: [{json, chunk, at}], chunks: [{bytes, at}]} where `chunk` is the index of the
 * chunk in which the entry's line was completed and `at` the ms since the request was sent.
 */
async function readCursor(body) {
  const started = performance.now();
  const res = await postJson(db.url, "v3/cursor", body);
  const out = { status: res.status, headers: res.headers, entries: [], chunks: [] };
  if (res.status !== 200) {
    out.text = await res.text();
    return out;
  }
  // Read every chunk first (timestamps only), parse afterwards, so that parsing time does not
  // stretch the gaps between chunk arrivals.
  const reader = res.body.getReader();
  const raw = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    raw.push(value);
    out.chunks.push({ bytes: value.byteLength, at: performance.now() - started });
  }
  const decoder = new TextDecoder();
  let buffer = "";
  raw.forEach((value, chunk) => {
    buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) out.entries.push({ json: JSON.parse(line), chunk, at: out.chunks[chunk].at });
    }
  });
  buffer += decoder.decode();
  if (buffer.trim()) {
    const chunk = out.chunks.length - 1;
    out.entries.push({ json: JSON.parse(buffer.trim()), chunk, at: out.chunks[chunk].at });
  }
  return out;
}

async function closeStream(baton) {
  if (typeof baton !== "string") return;
  const res = await postJson(db.url, "v3/pipeline", { baton, requests: [{ type: "close" }] });
  await res.arrayBuffer();
}

describe("large results", () => {
  test("100,000 rows through @tursodatabase/serverless (v3/cursor)", { timeout: 60_000 }, async () => {
    const conn = connect({ url: db.url });
    try {
      const rows = await conn.all(ROWS_SQL);
      assert.equal(rows.length, N);
      for (let i = 0; i < N; i++) {
        const r = rows[i];
        if (r.n !== i + 1 || r.label !== `row-${i + 1}`) {
          assert.fail(`row ${i}: ${JSON.stringify(r)}`);
        }
      }
    } finally {
      await conn.close();
    }
  });

  test("100,000 rows through @libsql/client (v2/pipeline)", { timeout: 60_000 }, async () => {
    await withClient(db.url, async (c) => {
      const rs = await c.execute(ROWS_SQL);
      assert.deepEqual(rs.columns, ["n", "label"]);
      assert.equal(rs.rows.length, N);
      for (let i = 0; i < N; i++) {
        const r = rs.rows[i];
        if (r[0] !== i + 1 || r[1] !== `row-${i + 1}`) assert.fail(`row ${i}: ${JSON.stringify(Array.from(r))}`);
      }
    });
  });
});

describe("raw v3/cursor", () => {
  test("100,000 rows as NDJSON: baton line, step_begin, rows, step_end; several chunks", { timeout: 60_000 }, async () => {
    const res = await readCursor({
      baton: null,
      batch: { steps: [{ stmt: stmt(`WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N}) SELECT n FROM s`) }] },
    });
    assert.equal(res.status, 200, res.text);
    const entries = res.entries.map((e) => e.json);
    try {
      assert.equal(entries.length, 1 + 1 + N + 1, `got ${entries.length} lines`);
      // first line: the cursor response
      assert.ok("baton" in entries[0], `first line: ${JSON.stringify(entries[0])}`);
      assert.equal(entries[0].type, undefined);
      // step_begin
      const begin = entries[1];
      assert.equal(begin.type, "step_begin");
      assert.equal(begin.step, 0);
      assert.deepEqual(
        begin.cols.map((c) => ({ name: c.name, decltype: c.decltype ?? null })),
        [{ name: "n", decltype: null }],
      );
      // rows
      for (let i = 0; i < N; i++) {
        const e = entries[2 + i];
        if (e.type !== "row" || e.row.length !== 1 || e.row[0].type !== "integer" || e.row[0].value !== String(i + 1)) {
          assert.fail(`entry ${2 + i}: ${JSON.stringify(e)}`);
        }
      }
      // step_end
      const end = entries[entries.length - 1];
      assert.equal(end.type, "step_end");
      assert.equal(end.affected_row_count, 0);
      assert.equal(end.last_insert_rowid ?? null, null);

      // Streamed, not buffered: no Content-Length, several chunks, first row before the last row.
      assert.equal(res.headers.get("content-length"), null, "a streamed response has no Content-Length");
      assert.ok(res.chunks.length > 1, `only ${res.chunks.length} chunk(s) arrived`);
      const firstRow = res.entries[2];
      const lastRow = res.entries[1 + N];
      assert.ok(
        firstRow.chunk < lastRow.chunk,
        `first row in chunk ${firstRow.chunk}, last row in chunk ${lastRow.chunk} of ${res.chunks.length}`,
      );
    } finally {
      await closeStream(entries[0]?.baton);
    }
  });

  test("rows are sent while the statement is still running (first rows arrive long before the last)", { timeout: 60_000 }, async () => {
    // 100,000 cheap rows, then one row whose scalar subquery takes about a second of SQLite work.
    // A streaming server sends the cheap rows before it computes the last one.
    const sql = `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N})
      SELECT n FROM s
      UNION ALL
      SELECT (SELECT count(*) FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 10000000) SELECT x FROM r))`;
    const res = await readCursor({ baton: null, batch: { steps: [{ stmt: stmt(sql) }] } });
    assert.equal(res.status, 200, res.text);
    try {
      const rows = res.entries.filter((e) => e.json.type === "row");
      assert.equal(rows.length, N + 1);
      assert.equal(rows[0].json.row[0].value, "1");
      assert.equal(rows[N].json.row[0].value, "10000000");
      const gap = rows[N].at - rows[0].at;
      assert.ok(
        gap >= 300,
        `first row at ${rows[0].at.toFixed(0)} ms, last row at ${rows[N].at.toFixed(0)} ms: ` +
          `the response looks buffered (${res.chunks.length} chunks)`,
      );
    } finally {
      await closeStream(res.entries[0]?.json.baton);
    }
  });

  test("batch with a failing step: step_error, skipped step has no entries", { timeout: 30_000 }, async () => {
    const res = await readCursor({
      baton: null,
      batch: {
        steps: [
          { stmt: stmt("SELECT 1 AS one") },
          { stmt: stmt("SELECT nope"), condition: { type: "ok", step: 0 } },
          { stmt: stmt("SELECT 2"), condition: { type: "ok", step: 1 } },
          { stmt: stmt("SELECT 3 AS three"), condition: { type: "error", step: 1 } },
        ],
      },
    });
    assert.equal(res.status, 200, res.text);
    const entries = res.entries.map((e) => e.json);
    try {
      assert.ok("baton" in entries[0]);
      const rest = entries.slice(1);
      assert.deepEqual(
        rest.map((e) => [e.type, e.step ?? null]),
        [
          ["step_begin", 0],
          ["row", null],
          ["step_end", null],
          ["step_error", 1],
          ["step_begin", 3],
          ["row", null],
          ["step_end", null],
        ],
      );
      assert.deepEqual(rest[1].row, [{ type: "integer", value: "1" }]);
      assert.equal(typeof rest[3].error.message, "string");
      assert.equal(typeof rest[3].error.code, "string");
      assert.match(rest[3].error.message, /nope/);
      assert.deepEqual(rest[4].cols.map((c) => c.name), ["three"]);
      assert.deepEqual(rest[5].row, [{ type: "integer", value: "3" }]);
    } finally {
      await closeStream(entries[0]?.baton);
    }
  });

  test("cursor with is_autocommit condition and a baton carried to v3/pipeline", { timeout: 30_000 }, async () => {
    const res = await readCursor({
      baton: null,
      batch: {
        steps: [
          { stmt: stmt("BEGIN", [], [], false) },
          { stmt: stmt("SELECT 'in txn'"), condition: { type: "not", cond: { type: "is_autocommit" } } },
          { stmt: stmt("SELECT 'autocommit'"), condition: { type: "is_autocommit" } },
        ],
      },
    });
    assert.equal(res.status, 200, res.text);
    const entries = res.entries.map((e) => e.json);
    const baton = entries[0].baton;
    assert.equal(typeof baton, "string");
    assert.deepEqual(
      entries.slice(1).map((e) => [e.type, e.step ?? null]),
      [
        ["step_begin", 0],
        ["step_end", null],
        ["step_begin", 1],
        ["row", null],
        ["step_end", null],
      ],
    );
    // The transaction is still open on the stream: v3/pipeline get_autocommit says so.
    const p = await postJson(db.url, "v3/pipeline", {
      baton,
      requests: [{ type: "get_autocommit" }, { type: "execute", stmt: stmt("ROLLBACK", [], [], false) }, { type: "get_autocommit" }, { type: "close" }],
    });
    assert.equal(p.status, 200);
    const body = await p.json();
    assert.deepEqual(
      body.results.map((r) => [r.type, r.response?.type, r.response?.is_autocommit]),
      [
        ["ok", "get_autocommit", false],
        ["ok", "execute", undefined],
        ["ok", "get_autocommit", true],
        ["ok", "close", undefined],
      ],
    );
    assert.equal(body.baton, null);
  });
});

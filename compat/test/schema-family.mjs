// Helpers for the schema-database tests: a "family" is one schema database (is_schema) and its
// children, made through the Platform API like createDatabase() in helpers.mjs. Not a test file.
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { platformRequest, uniqueName, dropDatabase } from "./helpers.mjs";

async function create(body) {
  const res = await platformRequest("POST", "", body);
  if (res.status !== 200 || typeof res.body?.database?.Hostname !== "string") {
    throw new Error(`creating database ${body.name} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { name: body.name, url: "http://" + res.body.database.Hostname };
}

/** Creates a schema database; returns {name, url}. */
export function createSchemaDatabase(prefix) {
  return create({ name: uniqueName(prefix), is_schema: true });
}

/** Creates `count` children of `parent` ("<parent>-c0", ...), four at a time; returns [{name, url}]. */
export async function createChildren(parent, count, from = 0) {
  const children = [];
  for (let i = from; i < from + count; i += 4) {
    const batch = [];
    for (let j = i; j < Math.min(i + 4, from + count); j++) {
      batch.push(create({ name: `${parent.name}-c${j}`, schema: parent.name }));
    }
    children.push(...(await Promise.all(batch)));
  }
  return children;
}

/**
 * A schema database with `childCount` children, each with an open @libsql/client in `.client`.
 * `family.all` is [parent, ...children]; `family.drop()` closes the clients and deletes the
 * children, then the parent (a schema database with children cannot be deleted).
 */
export async function createFamily(prefix, childCount) {
  const parent = await createSchemaDatabase(prefix);
  const children = await createChildren(parent, childCount);
  const family = { parent, children, all: [parent, ...children] };
  for (const db of family.all) db.client = createClient({ url: db.url });
  family.drop = async () => {
    for (const db of family.all) db.client.close();
    await Promise.all(children.map((c) => dropDatabase(c)));
    await dropDatabase(parent);
  };
  return family;
}

/** User tables of a database, sorted (SQLite's and Shoal's internal tables left out). */
export async function tableNames(client) {
  const rs = await client.execute(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  return rs.rows.map((r) => r[0]);
}

/** Column names of a table in declaration order. */
export async function columnNames(client, table) {
  const rs = await client.execute({ sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", args: [table] });
  return rs.rows.map((r) => r[0]);
}

/** Whether an object (table, index, view, trigger) of that name exists. */
export async function hasObject(client, name) {
  const rs = await client.execute({ sql: "SELECT count(*) FROM sqlite_schema WHERE name = ?", args: [name] });
  return Number(rs.rows[0][0]) === 1;
}

/** Rows of a query as plain arrays. */
export async function rowsOf(client, sql, args = []) {
  const rs = await client.execute({ sql, args });
  return rs.rows.map((r) => Array.from(r));
}

/** Runs `check(db)` on every database of the list, in parallel; the failure names the database. */
export async function onEvery(dbs, check) {
  await Promise.all(
    dbs.map(async (db) => {
      try {
        await check(db);
      } catch (e) {
        e.message = `on ${db.name}: ${e.message}`;
        throw e;
      }
    }),
  );
}

/** GET `<schema db url><path>` (the jobs API); returns {status, body}. */
export async function getJobs(db, path = "v1/jobs") {
  const res = await fetch(new URL(path, db.url));
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body };
}

/** The newest job of a schema database, with its details (progress per child). */
export async function newestJob(db) {
  const list = await getJobs(db);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const newest = list.body.migrations[0];
  const detail = await getJobs(db, `v1/jobs/${newest.job_id}`);
  assert.equal(detail.status, 200, JSON.stringify(detail.body));
  return { count: list.body.migrations.length, ...detail.body };
}

/** How many jobs a schema database has run (0 for a fresh one, which lists a synthetic job 0). */
export async function jobCount(db) {
  const list = await getJobs(db);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  return list.body.migrations.filter((m) => m.job_id !== 0).length;
}

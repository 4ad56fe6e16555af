// Turso's Multi-DB Schemas workshop, Part 2 ("Per-User Database Schema", a personal todo app), with
// the calls the per-user starter app it deploys makes, through the real @tursodatabase/api and
// @libsql/client: a `todos-schema` schema database with the workshop's `todos` table; a platform
// (API) token minted for the app and a group token; at each user's first visit the app creates that
// user's child database (named md5(userId), as the starter does) unless it exists; todos written
// with the group token land in that user's database only; `databases.list({ schema })` lists the
// users' databases; a column added on the schema database through its own URL reaches every user's
// database, and users who sign up later are born with it.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createClient } from "@libsql/client";
import { platformApiClient, rejectsLibsql, uniqueName } from "./helpers.mjs";
import { columnNames, rowsOf, onEvery, newestJob } from "./schema-family.mjs";

// The workshop's schema, as typed into `turso db shell todos-schema`.
const TODOS_TABLE = `CREATE TABLE todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    \`description\` text NOT NULL,
    \`completed\` integer DEFAULT false NOT NULL
)`;

const admin = platformApiClient();
const group = uniqueName("compat-ws2");
const tokenName = uniqueName("ws2-app");
const schemaName = uniqueName("todos-schema");
let api; // the app's client, with the platform token minted for it (`turso auth api-tokens mint`)
let groupToken; // `turso group tokens create <group>`: the app's TURSO_GROUP_AUTH_TOKEN
const clients = [];

before(async () => {
  await admin.groups.create(group, "local");
  const minted = await admin.apiTokens.create(tokenName);
  api = platformApiClient({ token: minted.token });
  groupToken = (await api.groups.createToken(group)).jwt;
});
after(async () => {
  for (const c of clients) c.close();
  for (const cleanup of [() => admin.groups.delete(group), () => admin.apiTokens.revoke(tokenName)]) {
    try {
      await cleanup(); // deleting the group deletes its databases, children first
    } catch (e) {
      console.error(`warning: workshop cleanup: ${e?.name}: ${e?.message}`);
    }
  }
});

/** A @libsql/client on a database, with the app's group token (the starter's getDatabaseClient). */
function sqlClient(hostname) {
  const client = createClient({ url: "http://" + hostname, authToken: groupToken });
  clients.push(client);
  return client;
}

/**
 * The starter's /welcome route for a signed-in user: the database name is md5(userId); it is
 * created as a child of the schema database unless `databases.get` finds it. Returns
 * {userId, name, created, client}.
 */
async function welcome(userId) {
  const name = createHash("md5").update(userId).digest("hex");
  let db;
  let created = false;
  try {
    db = await api.databases.get(name);
  } catch (e) {
    assert.equal(e?.status, 404, `databases.get(${name}): ${e?.message}`);
    db = await api.databases.create(name, { schema: schemaName, group });
    created = true;
  }
  return { userId, name, created, hostname: db.hostname, client: sqlClient(db.hostname) };
}

describe("workshop part 2: a database per user, children of todos-schema", () => {
  let parent;
  let ann;
  let ben;
  const userId = (who) => `user_${who}_${randomBytes(6).toString("hex")}`; // what Clerk hands out

  test("the schema database and its todos table (through its own URL, with the group token)", async () => {
    const created = await api.databases.create(schemaName, { is_schema: true, group });
    parent = { name: schemaName, url: "http://" + created.hostname, client: sqlClient(created.hostname) };
    await parent.client.execute(TODOS_TABLE);
    const schema = await rowsOf(parent.client, "SELECT sql FROM sqlite_schema WHERE name = 'todos'");
    assert.deepEqual(schema, [[TODOS_TABLE]]);
    const got = await api.databases.get(schemaName);
    assert.equal(got.is_schema, true);
    assert.deepEqual(await api.databases.list({ schema: schemaName }), []);
  });

  test("each user's first visit creates their database; a later visit finds it", async () => {
    ann = await welcome(userId("ann"));
    ben = await welcome(userId("ben"));
    assert.equal(ann.created, true);
    assert.equal(ben.created, true);
    assert.match(ann.name, /^[0-9a-f]{32}$/);
    const again = await welcome(ann.userId);
    assert.equal(again.created, false);
    assert.equal(again.name, ann.name);
    await onEvery([ann, ben], async (u) => assert.deepEqual(await columnNames(u.client, "todos"), ["id", "description", "completed"]));
  });

  test("todos written with the group token stay in their user's database", async () => {
    // The starter's server actions: add, toggle, delete (drizzle sends these statements).
    for (const d of ["ship the release", "water the plants", "call the bank"]) {
      await ann.client.execute({ sql: "INSERT INTO todos (description) VALUES (?)", args: [d] });
    }
    await ann.client.execute({ sql: "UPDATE todos SET completed = ? WHERE id = ?", args: [1, 2] });
    await ann.client.execute({ sql: "DELETE FROM todos WHERE id = ?", args: [3] });
    await ben.client.execute({ sql: "INSERT INTO todos (description) VALUES (?)", args: ["learn the banjo"] });

    // `turso db shell <database-name>` then `select * from todos;`
    assert.deepEqual(await rowsOf(ann.client, "SELECT * FROM todos ORDER BY id"), [
      [1, "ship the release", 0],
      [2, "water the plants", 1],
    ]);
    assert.deepEqual(await rowsOf(ben.client, "SELECT * FROM todos"), [[1, "learn the banjo", 0]]);
    assert.deepEqual(await rowsOf(parent.client, "SELECT count(*) FROM todos"), [[0]], "nothing reaches the schema database");

    // A token for one user's database opens that database only.
    const annToken = (await api.databases.createToken(ann.name)).jwt;
    const annOnly = createClient({ url: "http://" + ann.hostname, authToken: annToken });
    const onBen = createClient({ url: "http://" + ben.hostname, authToken: annToken });
    clients.push(annOnly, onBen);
    assert.deepEqual(await rowsOf(annOnly, "SELECT count(*) FROM todos"), [[2]]);
    await rejectsLibsql(onBen.execute("SELECT count(*) FROM todos"), "UNAUTHORIZED");
  });

  test("`turso db list --schema todos-schema`: the users' databases, each a child of todos-schema", async () => {
    const children = await api.databases.list({ schema: schemaName });
    assert.deepEqual(children.map((d) => d.name).sort(), [ann.name, ben.name].sort());
    for (const d of children) {
      assert.equal(d.schema, schemaName);
      assert.equal(d.is_schema, false);
      assert.equal(d.group, group);
    }
    const schemas = await api.databases.list({ type: "schema", group });
    assert.deepEqual(schemas.map((d) => d.name), [schemaName]);
  });

  test("a column added on the schema database reaches every user's database; later users are born with it", async () => {
    await parent.client.execute("ALTER TABLE todos ADD COLUMN due_date TEXT");
    const job = await newestJob(parent);
    assert.equal(job.status, "RunSuccess");
    assert.deepEqual(job.progress.map((p) => p.namespace).sort(), [ann.name, ben.name].sort());

    await onEvery([parent, ann, ben], async (u) =>
      assert.deepEqual(await columnNames(u.client, "todos"), ["id", "description", "completed", "due_date"]),
    );
    assert.deepEqual(await rowsOf(ann.client, "SELECT description, due_date FROM todos ORDER BY id"), [
      ["ship the release", null],
      ["water the plants", null],
    ]);
    await ben.client.execute({ sql: "UPDATE todos SET due_date = ? WHERE id = 1", args: ["2026-01-31"] });
    assert.deepEqual(await rowsOf(ben.client, "SELECT description, due_date FROM todos"), [["learn the banjo", "2026-01-31"]]);
    assert.deepEqual(await rowsOf(ann.client, "SELECT count(*) FROM todos WHERE due_date IS NOT NULL"), [[0]]);

    const cy = await welcome(userId("cy"));
    assert.equal(cy.created, true);
    assert.deepEqual(await columnNames(cy.client, "todos"), ["id", "description", "completed", "due_date"]);
    assert.deepEqual(await rowsOf(cy.client, "SELECT count(*) FROM todos"), [[0]]);
    assert.equal((await api.databases.list({ schema: schemaName })).length, 3);

    // Users still cannot change their own schema, whatever the token.
    await rejectsLibsql(cy.client.execute("ALTER TABLE todos ADD COLUMN mine TEXT"), "BLOCKED");
  });

  // Step 11 of the workshop ("Download my data"): the starter fetches `https://<db host>/dump` with
  // the group token and hands the SQL text to the user, as sqld serves it.
  test("download my data: GET <user db>/dump with the group token is the user's own SQL dump", async () => {
    const res = await fetch(new URL("dump", "http://" + ann.hostname), { headers: { authorization: `Bearer ${groupToken}` } });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.match(text, /^PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE todos/);
    assert.match(text, /INSERT INTO todos VALUES\(1,'ship the release',/);
    assert.match(text, /\nCOMMIT;\n$/);
    assert.doesNotMatch(text, /learn the banjo/); // ben's todo, in ben's database
    assert.doesNotMatch(text, /user_version/); // Shoal's bookkeeping stays out of the user's data
  });
});

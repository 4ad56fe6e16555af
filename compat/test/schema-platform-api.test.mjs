// Schema databases through the real `@tursodatabase/api` 2.0.5 client: databases.create(name,
// { is_schema: true, group }) and (name, { schema, group }), databases.list({ schema }) and
// ({ type: "schema" }); then SQL through @libsql/client with the tokens the client mints
// (groups.createToken): a column added on the schema database reaches children made through the
// client, before and after the change; a group token writes rows into one child only.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { platformApiClient, rejectsTurso, rejectsLibsql, uniqueName } from "./helpers.mjs";
import { columnNames, rowsOf, onEvery, jobCount } from "./schema-family.mjs";

const api = platformApiClient();
let group;
let groupToken;
const clients = [];

before(async () => {
  group = uniqueName("compat-spa");
  await api.groups.create(group, "local");
  groupToken = (await api.groups.createToken(group)).jwt;
});
after(async () => {
  for (const c of clients) c.close();
  try {
    await api.groups.delete(group); // deletes its databases too, children first
  } catch (e) {
    console.error(`warning: deleting group ${group}: ${e?.name}: ${e?.message}`);
  }
});

/** Creates a database through the client; returns {name, url, client} with a group-token @libsql/client. */
async function create(prefix, options) {
  const name = uniqueName(prefix);
  const created = await api.databases.create(name, { group, ...options });
  assert.equal(created.name, name);
  const url = "http://" + created.hostname;
  const client = createClient({ url, authToken: groupToken });
  clients.push(client);
  return { name, url, client };
}

describe("schema databases through @tursodatabase/api", () => {
  let parent;
  const kids = [];

  test("create a schema database and children; list them by schema and by type", async () => {
    parent = await create("spa-parent", { is_schema: true });
    await parent.client.batch(
      ["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", "INSERT INTO notes (body) VALUES ('welcome')"],
      "write",
    );
    kids.push(await create("spa-kid-a", { schema: parent.name }));
    kids.push(await create("spa-kid-b", { schema: parent.name }));

    const got = await api.databases.get(parent.name);
    assert.equal(got.is_schema, true);
    assert.equal(got.schema, "");
    assert.equal(got.group, group);
    const children = await api.databases.list({ schema: parent.name });
    assert.deepEqual(children.map((d) => d.name).sort(), kids.map((k) => k.name).sort());
    for (const d of children) {
      assert.equal(d.schema, parent.name);
      assert.equal(d.is_schema, false);
      assert.equal(d.group, group);
    }
    const schemas = await api.databases.list({ type: "schema", group });
    assert.deepEqual(schemas.map((d) => d.name), [parent.name]);

    // Children are born with the schema and rows of their schema database.
    await onEvery(kids, async (k) => assert.deepEqual(await rowsOf(k.client, "SELECT body FROM notes"), [["welcome"]]));

    // Refusals the server owes: a child in another group, a child of a child, deleting a parent with children.
    await rejectsTurso(api.databases.create(uniqueName("spa-elsewhere"), { schema: parent.name }), 400, /is in group/);
    await rejectsTurso(api.databases.create(uniqueName("spa-grandkid"), { schema: kids[0].name, group }), 400, /not a schema database/);
    await rejectsTurso(api.databases.delete(parent.name), 400);
  });

  test("a column added on the schema database reaches children made through the client, before and after it", async () => {
    await parent.client.execute("ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT 'general'");
    await onEvery(kids, async (k) => assert.deepEqual(await columnNames(k.client, "notes"), ["id", "body", "tag"]));

    const late = await create("spa-kid-late", { schema: parent.name });
    kids.push(late);
    assert.deepEqual(await columnNames(late.client, "notes"), ["id", "body", "tag"]);
    assert.deepEqual(await rowsOf(late.client, "SELECT body, tag FROM notes"), [["welcome", "general"]]);

    await parent.client.execute("ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0");
    await onEvery([parent, ...kids], async (k) =>
      assert.deepEqual(await columnNames(k.client, "notes"), ["id", "body", "tag", "pinned"]),
    );
    assert.deepEqual(
      (await api.databases.list({ schema: parent.name })).map((d) => d.name).sort(),
      kids.map((k) => k.name).sort(),
    );
  });

  test("a group token writes rows into one child only; DDL on a child is BLOCKED whatever the token", async () => {
    const [a, b] = kids;
    const jobsBefore = await jobCount(parent);
    await a.client.batch(
      [
        { sql: "INSERT INTO notes (body, tag) VALUES (?, ?)", args: ["tenant a note", "private"] },
        { sql: "INSERT INTO notes (body, tag) VALUES (?, ?)", args: ["second", "private"] },
      ],
      "write",
    );
    assert.deepEqual(await rowsOf(a.client, "SELECT body FROM notes WHERE tag = 'private' ORDER BY id"), [
      ["tenant a note"],
      ["second"],
    ]);
    for (const other of [parent, b, kids[2]]) {
      assert.deepEqual(await rowsOf(other.client, "SELECT count(*) FROM notes WHERE tag = 'private'"), [[0]], other.name);
    }
    assert.equal(await jobCount(parent), jobsBefore, "a child's writes are not migrations");

    const e = await rejectsLibsql(a.client.execute("DROP TABLE notes"), "BLOCKED");
    assert.match(e.message, new RegExp(`takes its schema from ${parent.name}`));
    assert.deepEqual(await rowsOf(a.client, "SELECT count(*) FROM notes"), [[3]]);
  });

  test("a read-only group token cannot write to the schema database: no migration, no child changed", async () => {
    const readOnly = (await api.groups.createToken(group, { authorization: "read-only" })).jwt;
    const ro = createClient({ url: parent.url, authToken: readOnly });
    clients.push(ro);
    const jobsBefore = await jobCount(parent);
    assert.deepEqual(await rowsOf(ro, "SELECT count(*) FROM notes"), [[1]]);
    await rejectsLibsql(ro.execute("INSERT INTO notes (body) VALUES ('sneaky')"), "SQLITE_READONLY");
    await rejectsLibsql(ro.execute("ALTER TABLE notes ADD COLUMN sneaky TEXT"), "SQLITE_READONLY");
    assert.equal(await jobCount(parent), jobsBefore);
    await onEvery([parent, ...kids], async (k) => {
      assert.deepEqual(await rowsOf(k.client, "SELECT count(*) FROM notes WHERE body = 'sneaky'"), [[0]]);
      assert.deepEqual(await columnNames(k.client, "notes"), ["id", "body", "tag", "pinned"]);
    });
  });
});

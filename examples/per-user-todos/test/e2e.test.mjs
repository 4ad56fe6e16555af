// End to end: starts the app (node src/server.mjs) against a running Shoal server and uses it as a
// browser would (forms, redirects, the cookie), then checks behind its back through the Platform
// API and with @libsql/client that every user really has a database of their own, a child of the
// schema database. Then a second Drizzle migration (a `priority` column) is added to the app's
// migrations folder and the app restarted: its migrator sends it to the schema database, and every
// user's database must have the column while the app keeps working.
//
// Finds Shoal as the app does (SHOAL_URL and SHOAL_API_TOKEN, else the CLI's settings.json, which
// compat/run.sh points at with SHOAL_CONFIG_DIR). Names are unique to the run (DB_PREFIX) and
// removed afterwards.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient as createPlatformClient } from "@tursodatabase/api";
import { createClient } from "@libsql/client";
import { loadConfig } from "../src/config.mjs";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const PREFIX = `e2e-${randomBytes(4).toString("hex")}`;
const config = loadConfig({ ...process.env, DB_PREFIX: PREFIX });
const api = createPlatformClient({ org: config.org, token: config.apiToken, baseUrl: config.shoalUrl + "/v1/" });

// What drizzle-kit 0.31 generates for `priority: integer("priority").notNull().default(0)`.
const PRIORITY_MIGRATION = { tag: "0001_add_priority", sql: "ALTER TABLE `todos` ADD `priority` integer DEFAULT 0 NOT NULL;" };

let migrationsDir;
let app;
let groupToken;
const sqlClients = [];

before(async () => {
  migrationsDir = mkdtempSync(join(tmpdir(), "todos-migrations-"));
  cpSync(join(APP_DIR, "migrations"), migrationsDir, { recursive: true });
  app = await startApp();
});
after(async () => {
  await app?.stop();
  for (const c of sqlClients) c.close();
  if (migrationsDir) rmSync(migrationsDir, { recursive: true, force: true });
  for (const db of await api.databases.list({ schema: config.schemaDatabase }).catch(() => [])) {
    await api.databases.delete(db.name).catch((e) => console.error(`warning: deleting ${db.name}: ${e.message}`));
  }
  await api.databases.delete(config.schemaDatabase).catch((e) => console.error(`warning: deleting ${config.schemaDatabase}: ${e.message}`));
});

/** Runs the app on a free port; resolves once it prints its URL. */
function startApp() {
  const child = spawn(process.execPath, ["src/server.mjs"], {
    cwd: APP_DIR,
    env: { ...process.env, PORT: "0", DB_PREFIX: PREFIX, MIGRATIONS_DIR: migrationsDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, output: () => output, stop: () => (child.kill("SIGTERM"), exited) });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code}) before it was listening:\n${output}`));
    });
  });
}

/** A browser of one person: posts forms, follows the app's 303s by hand, keeps the cookie. */
class Browser {
  cookie = "";

  async post(path, form = {}) {
    const res = await fetch(new URL(path, app.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: this.cookie },
      body: new URLSearchParams(form).toString(),
      redirect: "manual",
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0];
    await res.text();
    assert.equal(res.status, 303, `POST ${path} answered ${res.status}`);
    return res.headers.get("location");
  }

  async page(path = "/") {
    const res = await fetch(new URL(path, app.url), { headers: { cookie: this.cookie } });
    assert.equal(res.status, 200, `GET ${path} answered ${res.status}`);
    return res.text();
  }

  /** The todos on the page: [{id, done, description}] in page order. */
  async todos() {
    const html = await this.page();
    const items = [...html.matchAll(/<li class="todo" data-id="(\d+)" data-done="(true|false)">[\s\S]*?<span class="description">([\s\S]*?)<\/span>/g)];
    return items.map(([, id, done, text]) => ({ id: Number(id), done: done === "true", description: unescapeHtml(text) }));
  }

  async descriptions() {
    return (await this.todos()).map((t) => `${t.done ? "[x]" : "[ ]"} ${t.description}`);
  }
}

function unescapeHtml(s) {
  return s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&");
}

/** A @libsql/client on a database of the family, with a group token, as the app uses them. */
async function sqlClient(name) {
  const db = await api.databases.get(name);
  groupToken ??= (await api.groups.createToken(db.group)).jwt;
  const client = createClient({ url: `${new URL(config.shoalUrl).protocol}//${db.hostname}`, authToken: groupToken });
  sqlClients.push(client);
  return client;
}

async function columns(client) {
  return (await client.execute("SELECT name FROM pragma_table_info('todos') ORDER BY cid")).rows.map((r) => r.name);
}

async function descriptionsIn(client) {
  return (await client.execute("SELECT description FROM todos ORDER BY id")).rows.map((r) => r.description);
}

describe("per-user todos against Shoal", { timeout: 120_000 }, () => {
  const alice = new Browser();
  const bob = new Browser();
  const userDb = (username) => `${config.userDatabasePrefix}${username}`;

  test("at start the app made the schema database and gave it the todos table", async () => {
    const schema = await api.databases.get(config.schemaDatabase);
    assert.equal(schema.is_schema, true);
    const parent = await sqlClient(config.schemaDatabase);
    assert.deepEqual(await columns(parent), ["id", "description", "completed"]);
    const history = await parent.execute('SELECT count(*) AS n FROM "__drizzle_migrations"');
    assert.equal(Number(history.rows[0].n), 1);
    assert.deepEqual(await api.databases.list({ schema: config.schemaDatabase }), []);
  });

  test("two users sign up, each gets a database and sees only their own todos", async () => {
    assert.match(await new Browser().page(), /Sign up/);
    assert.equal(await alice.post("/signup", { username: "alice" }), "/");
    assert.equal(await bob.post("/signup", { username: "bob" }), "/");
    assert.match(alice.cookie, /^user=alice$/);

    await alice.post("/todos", { description: "buy milk" });
    await alice.post("/todos", { description: "<script>alert(1)</script> & more" });
    await bob.post("/todos", { description: "fix the bike" });
    const [milk] = await alice.todos();
    await alice.post(`/todos/${milk.id}/toggle`);

    assert.deepEqual(await alice.descriptions(), ["[x] buy milk", "[ ] <script>alert(1)</script> & more"]);
    assert.deepEqual(await bob.descriptions(), ["[ ] fix the bike"]);
    assert.doesNotMatch(await alice.page(), /<script>alert/, "descriptions are escaped");

    // Bob's todo ids are his database's own: his first todo has id 1, as Alice's does.
    const [bike] = await bob.todos();
    assert.equal(bike.id, milk.id);
    await bob.post(`/todos/${bike.id}/delete`);
    assert.deepEqual(await bob.descriptions(), []);
    assert.deepEqual(await alice.descriptions(), ["[x] buy milk", "[ ] <script>alert(1)</script> & more"]);
  });

  test("sign-up refuses a taken name, sign-in refuses an unknown one, and a signed-out browser sees no todos", async () => {
    const mallory = new Browser();
    assert.match(decodeURIComponent(await mallory.post("/signup", { username: "alice" })), /alice is taken/);
    assert.equal(mallory.cookie, "");
    assert.match(decodeURIComponent(await mallory.post("/signin", { username: "nobody" })), /no user nobody/);
    assert.equal(mallory.cookie, "");
    assert.deepEqual(await mallory.todos(), []);

    // Signing in (the cookie is all the "auth" this example has) shows that user's todos.
    await mallory.post("/signin", { username: "alice" });
    assert.deepEqual(await mallory.descriptions(), ["[x] buy milk", "[ ] <script>alert(1)</script> & more"]);
    await mallory.post("/signout");
    assert.deepEqual(await mallory.todos(), []);
    assert.match(await mallory.page(), /Sign up/);
  });

  test("each user has their own child database of the schema database (Platform API and SQL)", async () => {
    const children = await api.databases.list({ schema: config.schemaDatabase });
    assert.deepEqual(children.map((d) => d.name).sort(), [userDb("alice"), userDb("bob")]);
    for (const d of children) {
      assert.equal(d.schema, config.schemaDatabase);
      assert.equal(d.is_schema, false);
    }
    assert.deepEqual(await descriptionsIn(await sqlClient(userDb("alice"))), ["buy milk", "<script>alert(1)</script> & more"]);
    assert.deepEqual(await descriptionsIn(await sqlClient(userDb("bob"))), []);
    assert.deepEqual(await descriptionsIn(await sqlClient(config.schemaDatabase)), [], "users' rows stay in their databases");
  });

  test("a second migration (priority) reaches every user's database and the app keeps working", async () => {
    const journalFile = join(migrationsDir, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8"));
    const last = journal.entries.at(-1);
    journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 60_000, tag: PRIORITY_MIGRATION.tag, breakpoints: true });
    writeFileSync(join(migrationsDir, `${PRIORITY_MIGRATION.tag}.sql`), PRIORITY_MIGRATION.sql);
    writeFileSync(journalFile, JSON.stringify(journal, null, 2));

    // Deploying the new migration: restart the app; at start its migrator writes to the schema database.
    await app.stop();
    app = await startApp();

    for (const name of [config.schemaDatabase, userDb("alice"), userDb("bob")]) {
      const client = await sqlClient(name);
      assert.deepEqual(await columns(client), ["id", "description", "completed", "priority"], name);
      const history = await client.execute('SELECT count(*) AS n FROM "__drizzle_migrations"');
      assert.equal(Number(history.rows[0].n), 2, `${name} has drizzle's history of both migrations`);
    }
    const alicePriorities = await (await sqlClient(userDb("alice"))).execute("SELECT priority FROM todos");
    assert.deepEqual(alicePriorities.rows.map((r) => r.priority), [0, 0]);

    // The app (whose Drizzle schema does not use the column yet) goes on as before.
    await alice.post("/todos", { description: "after the migration" });
    await bob.post("/todos", { description: "bob again" });
    const [milk] = await alice.todos();
    await alice.post(`/todos/${milk.id}/toggle`);
    assert.deepEqual(await alice.descriptions(), ["[ ] buy milk", "[ ] <script>alert(1)</script> & more", "[ ] after the migration"]);
    assert.deepEqual(await bob.descriptions(), ["[ ] bob again"]);

    // A user who signs up now is born with the column.
    const carol = new Browser();
    await carol.post("/signup", { username: "carol" });
    await carol.post("/todos", { description: "carol's first" });
    assert.deepEqual(await carol.descriptions(), ["[ ] carol's first"]);
    assert.deepEqual(await columns(await sqlClient(userDb("carol"))), ["id", "description", "completed", "priority"]);
    assert.equal((await api.databases.list({ schema: config.schemaDatabase })).length, 3);
  });
});

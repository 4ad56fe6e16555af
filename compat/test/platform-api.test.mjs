// The real `@tursodatabase/api` 2.0.5 client, unchanged, against Shoal's Platform API, authenticated
// with the first user's API token (settings.json of `shoal dev`); then the databases it creates,
// used through `@libsql/client` with the database and group tokens it mints.
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import {
  SHOAL_URL,
  ORG,
  apiToken,
  platformApiClient,
  rejectsTurso,
  rejectsLibsql,
  jwtClaims,
  jwtHeader,
  rawPipeline,
  uniqueName,
  withClient,
  plainRows,
  scalar,
} from "./helpers.mjs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = new URL(SHOAL_URL).host;

const api = platformApiClient();

// Cleanup, newest first (children before their schema database). Groups delete their databases.
const cleanups = [];
after(async () => {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (e) {
      if (e?.status !== 404) console.error(`warning: cleanup: ${e?.name}: ${e?.message}`);
    }
  }
});

/** Creates a database through the client (options as `databases.create`) and schedules its deletion. */
async function makeDatabase(prefix, options = undefined) {
  const name = uniqueName(prefix);
  const created = await api.databases.create(name, options);
  cleanups.push(() => api.databases.delete(name));
  return { name, created, url: "http://" + created.hostname };
}

async function makeGroup(prefix) {
  const name = uniqueName(prefix);
  const group = await api.groups.create(name, "local");
  cleanups.push(() => api.groups.delete(name));
  return { name, group };
}

async function makeApiToken(prefix) {
  const name = uniqueName(prefix);
  const created = await api.apiTokens.create(name);
  cleanups.push(() => api.apiTokens.revoke(name));
  return created;
}

/** Raw Platform API request with the first user's token (for Shoal routes the TS client lacks). */
async function platform(method, path, body = undefined, token = apiToken()) {
  const res = await fetch(SHOAL_URL + path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, contentType: res.headers.get("content-type"), body: parsed };
}

function sqlClient(url, authToken) {
  return (fn) => withClient(url, fn, { authToken });
}

/** A SQL request with this token fails: LibsqlError UNAUTHORIZED, and the raw HTTP status is 401. */
async function assertSqlUnauthorized(url, authToken) {
  await sqlClient(url, authToken)(async (c) => {
    const e = await rejectsLibsql(c.execute("SELECT 1"), "UNAUTHORIZED");
    assert.match(e.message, /UNAUTHORIZED/);
  });
  const raw = await rawPipeline(url, authToken);
  assert.equal(raw.status, 401, JSON.stringify(raw.body));
  assert.equal(raw.body?.code, "UNAUTHORIZED", JSON.stringify(raw.body));
}

function assertDatabase(d, { name, id, group = "default", isSchema = false, schema = "" }) {
  assert.deepEqual(d, {
    name,
    id,
    hostname: `${HOST}/db/${ORG}/${name}/`,
    regions: ["local"],
    primaryRegion: "local",
    type: "logical",
    database_type: "libsql",
    version: d.version,
    group,
    sleeping: false,
    archived: false,
    allow_attach: false,
    block_reads: false,
    block_writes: false,
    schema,
    is_schema: isSchema,
  });
  assert.equal(typeof d.version, "string");
}

function assertGroup(g, name) {
  assert.equal(g.name, name);
  assert.match(g.uuid, UUID);
  assert.deepEqual(g.locations, ["local"]);
  assert.equal(g.primary, "local");
  assert.equal(g.archived, false);
  assert.equal(typeof g.version, "string");
}

describe("@tursodatabase/api: client setup and auth", () => {
  test("baseUrl SHOAL_URL/v1/ (trailing slash) and SHOAL_URL/v1 (none: the client drops /v1) both work", async () => {
    const db = await makeDatabase("compat-pa-base");
    for (const baseUrl of [SHOAL_URL + "/v1/", SHOAL_URL + "/v1"]) {
      const c = platformApiClient({ baseUrl });
      const dbs = await c.databases.list();
      assert.ok(dbs.some((d) => d.name === db.name), `${baseUrl}: ${db.name} not listed`);
      assert.equal((await c.databases.get(db.name)).id, db.created.id, baseUrl);
      assert.ok((await c.groups.list()).some((g) => g.name === "default"), baseUrl);
      assert.ok((await c.organizations.list()).some((o) => o.slug === ORG), baseUrl);
      assert.ok(Array.isArray(await c.apiTokens.list()), baseUrl);
    }
  });

  test("a garbage token -> TursoClientError 401 'token contains an invalid number of segments'", async () => {
    for (const baseUrl of [SHOAL_URL + "/v1/", SHOAL_URL + "/v1"]) {
      const bad = platformApiClient({ token: "garbage", baseUrl });
      const message = "token contains an invalid number of segments";
      await rejectsTurso(bad.databases.list(), 401, message);
      await rejectsTurso(bad.organizations.list(), 401, message);
      await rejectsTurso(bad.groups.list(), 401, message);
      await rejectsTurso(bad.apiTokens.list(), 401, message);
      await rejectsTurso(bad.apiTokens.validate("garbage"), 401, message);
      await rejectsTurso(bad.databases.create(uniqueName("compat-pa-badtok")), 401, message);
    }
  });

  test("a well-formed but unknown API token -> 401", async () => {
    const bad = platformApiClient({ token: "shoal_" + "A".repeat(43) });
    await rejectsTurso(bad.databases.list(), 401);
  });

  test("an unknown Platform API route -> 404 with a JSON {error} body (so the client throws TursoClientError)", async () => {
    const res = await platform("GET", "/v1/no-such-route-" + Date.now());
    assert.equal(res.status, 404);
    assert.equal(typeof res.body?.error, "string", `content-type ${res.contentType}, body ${JSON.stringify(res.body)}`);
  });

  test("locations.list -> [{code: 'local', description}]", async () => {
    const locations = await api.locations.list();
    assert.equal(locations.length, 1, JSON.stringify(locations));
    assert.equal(locations[0].code, "local");
    assert.equal(typeof locations[0].description, "string");
  });
});

describe("@tursodatabase/api: apiTokens", () => {
  test("create -> {id, name, token}; the new token works; list shows it without the secret", async () => {
    const created = await makeApiToken("compat-pa-tok");
    assert.deepEqual(Object.keys(created).sort(), ["id", "name", "token"]);
    assert.match(created.id, UUID);
    assert.match(created.token, /^shoal_[A-Za-z0-9_-]{20,}$/);

    const list = await api.apiTokens.list();
    const mine = list.find((t) => t.name === created.name);
    assert.ok(mine, `${created.name} not in ${JSON.stringify(list.map((t) => t.name))}`);
    assert.equal(mine.id, created.id);
    assert.ok(!Number.isNaN(Date.parse(mine.created_at)), mine.created_at);
    assert.ok(Array.isArray(mine.scopes) && mine.scopes.includes("db:create"), JSON.stringify(mine.scopes));
    assert.ok(!JSON.stringify(list).includes(created.token), "list leaks a token secret");
    assert.ok(!JSON.stringify(list).includes(apiToken()), "list leaks the caller's token secret");

    const viaNew = platformApiClient({ token: created.token });
    assert.ok((await viaNew.organizations.list()).some((o) => o.slug === ORG));
  });

  test("revoke -> {token: <name>}; gone from the list; the revoked token then gets 401", async () => {
    const name = uniqueName("compat-pa-revoke");
    const created = await api.apiTokens.create(name);
    const viaNew = platformApiClient({ token: created.token });
    assert.ok(Array.isArray(await viaNew.databases.list()));

    assert.deepEqual(await api.apiTokens.revoke(name), { token: name });
    assert.equal((await api.apiTokens.list()).find((t) => t.name === name), undefined);
    await rejectsTurso(viaNew.databases.list(), 401, "invalid API token: unknown or revoked");
    await rejectsTurso(viaNew.apiTokens.validate(created.token), 401);
    await rejectsTurso(api.apiTokens.revoke(name), 404);
  });

  test("validate: exp -1 (never expires), which the client reports as valid: false (its quirk)", async () => {
    // The client overwrites the argument's Authorization header with its own token, so this
    // validates the configured token whatever the argument is.
    assert.deepEqual(await api.apiTokens.validate(apiToken()), { valid: false, expiry: -1 });
    assert.deepEqual(await api.apiTokens.validate("garbage"), { valid: false, expiry: -1 });
    const created = await makeApiToken("compat-pa-validate");
    assert.deepEqual(await platformApiClient({ token: created.token }).apiTokens.validate(created.token), {
      valid: false,
      expiry: -1,
    });
  });

  test("create with a taken name -> 409; revoke an unknown name -> 404", async () => {
    const created = await makeApiToken("compat-pa-tokdup");
    await rejectsTurso(api.apiTokens.create(created.name), 409);
    await rejectsTurso(api.apiTokens.revoke(uniqueName("compat-pa-notoken")), 404);
  });
});

describe("@tursodatabase/api: organizations", () => {
  test("list contains the personal organization with Turso's fields", async () => {
    const orgs = await api.organizations.list();
    const mine = orgs.find((o) => o.slug === ORG);
    assert.ok(mine, JSON.stringify(orgs));
    assert.equal(mine.name, ORG);
    assert.equal(mine.type, "personal");
    assert.equal(typeof mine.overages, "boolean");
    assert.equal(mine.blocked_reads, false);
    assert.equal(mine.blocked_writes, false);
    assert.equal(typeof mine.plan_id, "string");
    assert.equal(typeof mine.plan_timeline, "string");
    assert.equal(typeof mine.platform, "string");
    assert.equal(mine.require_mfa, false);
  });

  test("update({overages}) -> the updated organization; list reflects it", async () => {
    const before = (await api.organizations.list()).find((o) => o.slug === ORG).overages;
    try {
      const updated = await api.organizations.update({ overages: !before });
      assert.equal(updated.slug, ORG);
      assert.equal(updated.overages, !before);
      assert.equal((await api.organizations.list()).find((o) => o.slug === ORG).overages, !before);
    } finally {
      const restored = await api.organizations.update({ overages: before });
      assert.equal(restored.overages, before);
    }
  });

  test("members -> the owner with {username, role, email}", async () => {
    const members = await api.organizations.members();
    const owner = members.find((m) => m.username === ORG);
    assert.ok(owner, JSON.stringify(members));
    assert.equal(owner.role, "owner");
    assert.equal(typeof owner.email, "string");
  });

  test("addMember/removeMember on a team organization; a personal one refuses members (400)", async () => {
    // Users and team organizations are created through Shoal's own routes (Turso does that in its
    // web UI); there is no route to delete them, so they stay on the test server.
    const user = uniqueName("compat-pa-user");
    const userRes = await platform("POST", "/v1/users", { username: user, email: `${user}@example.com` });
    assert.equal(userRes.status, 200, JSON.stringify(userRes.body));
    const team = uniqueName("compat-pa-team");
    const teamRes = await platform("POST", "/v1/organizations", { name: team });
    assert.equal(teamRes.status, 200, JSON.stringify(teamRes.body));
    assert.equal(teamRes.body.organization.type, "team");

    const teamApi = platformApiClient({ org: team });
    assert.deepEqual(await teamApi.organizations.addMember(user), { member: user, role: "member" });
    assert.deepEqual(await teamApi.organizations.addMember(user, "admin"), { member: user, role: "admin" });
    const members = await teamApi.organizations.members();
    assert.deepEqual(members.find((m) => m.username === user), {
      username: user,
      role: "admin",
      email: `${user}@example.com`,
    });
    assert.equal(members.find((m) => m.username === ORG)?.role, "owner");

    // The new member's own token sees the team organization but not the admin's personal one (403).
    const userApi = platformApiClient({ org: team, token: userRes.body.token });
    assert.ok((await userApi.organizations.list()).some((o) => o.slug === team));
    assert.ok((await userApi.groups.list()).some((g) => g.name === "default"));
    await rejectsTurso(platformApiClient({ token: userRes.body.token }).databases.list(), 403);

    assert.deepEqual(await teamApi.organizations.removeMember(user), { member: user });
    assert.equal((await teamApi.organizations.members()).find((m) => m.username === user), undefined);
    await rejectsTurso(userApi.groups.list(), 403);
    await rejectsTurso(teamApi.organizations.removeMember(user), 404);

    await rejectsTurso(api.organizations.addMember(user), 400);
  });
});

describe("@tursodatabase/api: groups", () => {
  test("list contains 'default' with Turso's group fields", async () => {
    const groups = await api.groups.list();
    const def = groups.find((g) => g.name === "default");
    assert.ok(def, JSON.stringify(groups));
    assertGroup(def, "default");
  });

  test("create(name, 'local') -> group; get; listed; delete -> group; then get 404", async () => {
    const name = uniqueName("compat-pa-grp");
    const created = await api.groups.create(name, "local");
    cleanups.push(() => api.groups.delete(name));
    assertGroup(created, name);
    const got = await api.groups.get(name);
    assertGroup(got, name);
    assert.equal(got.uuid, created.uuid);
    assert.ok((await api.groups.list()).some((g) => g.name === name));

    const deleted = await api.groups.delete(name);
    assertGroup(deleted, name);
    assert.equal(deleted.uuid, created.uuid);
    await rejectsTurso(api.groups.get(name), 404, "group not found");
    assert.equal((await api.groups.list()).find((g) => g.name === name), undefined);
  });

  test("create errors: existing name 409, location other than 'local' 400; unknown group 404", async () => {
    const { name } = await makeGroup("compat-pa-grpdup");
    await rejectsTurso(api.groups.create(name, "local"), 409, "group already exists");
    await rejectsTurso(api.groups.create(uniqueName("compat-pa-grploc"), "ams"), 400);
    await rejectsTurso(api.groups.get(uniqueName("compat-pa-nogrp")), 404);
    await rejectsTurso(api.groups.delete(uniqueName("compat-pa-nogrp")), 404);
    await rejectsTurso(api.groups.createToken(uniqueName("compat-pa-nogrp")), 404);
  });

  test("deleting a group deletes its databases", async () => {
    const name = uniqueName("compat-pa-grpdel");
    await api.groups.create(name, "local");
    cleanups.push(() => api.groups.delete(name));
    const db = uniqueName("compat-pa-grpdel-db");
    await api.databases.create(db, { group: name });
    await api.groups.delete(name);
    await rejectsTurso(api.databases.get(db), 404);
  });

  test("createToken -> {jwt} (EdDSA, a: rw, no id); works on every database of the group, not elsewhere", async () => {
    const { name, group } = await makeGroup("compat-pa-gtok");
    const a = await makeDatabase("compat-pa-gtok-a", { group: name });
    const b = await makeDatabase("compat-pa-gtok-b", { group: name });
    const other = await makeDatabase("compat-pa-gtok-other");

    const res = await api.groups.createToken(name);
    assert.deepEqual(Object.keys(res), ["jwt"]);
    assert.equal(jwtHeader(res.jwt).alg, "EdDSA");
    const claims = jwtClaims(res.jwt);
    assert.equal(claims.a, "rw");
    assert.equal(claims.gid, group.uuid);
    assert.equal(claims.id, undefined);
    assert.equal(claims.exp, undefined);

    for (const db of [a, b]) {
      await sqlClient(db.url, res.jwt)(async (c) => {
        await c.execute("CREATE TABLE t (v)");
        await c.execute({ sql: "INSERT INTO t VALUES (?)", args: [db.name] });
        assert.deepEqual(plainRows(await c.execute("SELECT v FROM t")), [[db.name]]);
      });
    }
    await assertSqlUnauthorized(other.url, res.jwt);

    // With permissions.read_attach the token carries p.roa and still opens the group's databases.
    const attach = await api.groups.createToken(name, { permissions: { read_attach: { databases: [b.name] } } });
    assert.deepEqual(jwtClaims(attach.jwt).p, { roa: { ns: [b.created.id] } });
    await sqlClient(a.url, attach.jwt)(async (c) => assert.equal(scalar(await c.execute("SELECT count(*) FROM t")), 1));
  });

  test("createToken read-only and with an expiration", async () => {
    const { name } = await makeGroup("compat-pa-gtokro");
    const db = await makeDatabase("compat-pa-gtokro-db", { group: name });
    await sqlClient(db.url, (await api.databases.createToken(db.name)).jwt)((c) => c.execute("CREATE TABLE t (v)"));

    const ro = await api.groups.createToken(name, { authorization: "read-only", expiration: "1d" });
    const claims = jwtClaims(ro.jwt);
    assert.equal(claims.a, "ro");
    assert.ok(Math.abs(claims.exp - claims.iat - 86400) <= 1, JSON.stringify(claims));
    await sqlClient(db.url, ro.jwt)(async (c) => {
      assert.equal(scalar(await c.execute("SELECT count(*) FROM t")), 0);
      await rejectsLibsql(c.execute("INSERT INTO t VALUES (1)"), "SQLITE_READONLY");
    });
    await rejectsTurso(api.groups.createToken(name, { expiration: "soon" }), 400, "Invalid expiration format");
  });

  test("rotateTokens -> {}; old group and database tokens of the group get 401, new ones work", async () => {
    const { name } = await makeGroup("compat-pa-grot");
    const db = await makeDatabase("compat-pa-grot-db", { group: name });
    const other = await makeDatabase("compat-pa-grot-other");
    const oldGroup = (await api.groups.createToken(name)).jwt;
    const oldDb = (await api.databases.createToken(db.name)).jwt;
    const otherDb = (await api.databases.createToken(other.name)).jwt;
    await sqlClient(db.url, oldGroup)((c) => c.execute("SELECT 1"));
    await sqlClient(db.url, oldDb)((c) => c.execute("SELECT 1"));

    assert.deepEqual(await api.groups.rotateTokens(name), {});

    await assertSqlUnauthorized(db.url, oldGroup);
    await assertSqlUnauthorized(db.url, oldDb);
    const newGroup = (await api.groups.createToken(name)).jwt;
    const newDb = (await api.databases.createToken(db.name)).jwt;
    await sqlClient(db.url, newGroup)(async (c) => assert.equal(scalar(await c.execute("SELECT 7")), 7));
    await sqlClient(db.url, newDb)(async (c) => assert.equal(scalar(await c.execute("SELECT 8")), 8));
    // Another group's keys are untouched.
    await sqlClient(other.url, otherDb)(async (c) => assert.equal(scalar(await c.execute("SELECT 9")), 9));
  });
});

describe("@tursodatabase/api: databases", () => {
  test("create -> {id, hostname, name}; get returns every field; http:// + hostname is the database", async () => {
    const db = await makeDatabase("compat-pa-db");
    assert.deepEqual(Object.keys(db.created).sort(), ["hostname", "id", "name"]);
    assert.equal(db.created.name, db.name);
    assert.match(db.created.id, UUID);
    assert.equal(db.created.hostname, `${HOST}/db/${ORG}/${db.name}/`);
    assertDatabase(await api.databases.get(db.name), { name: db.name, id: db.created.id });
    const { jwt } = await api.databases.createToken(db.name);
    await sqlClient(db.url, jwt)(async (c) => assert.equal(scalar(await c.execute("SELECT 'hi'")), "hi"));
  });

  test("list: contains the new database; filter {group} gives exactly that group's databases", async () => {
    const { name: group } = await makeGroup("compat-pa-lgrp");
    const inGroup = [await makeDatabase("compat-pa-lgrp-a", { group }), await makeDatabase("compat-pa-lgrp-b", { group })];
    const elsewhere = await makeDatabase("compat-pa-lgrp-other");

    const all = await api.databases.list();
    for (const db of [...inGroup, elsewhere]) {
      const d = all.find((x) => x.name === db.name);
      assert.ok(d, `${db.name} not listed`);
      assert.equal(d.id, db.created.id);
    }
    const filtered = await api.databases.list({ group });
    assert.deepEqual(filtered.map((d) => d.name).sort(), inGroup.map((d) => d.name).sort());
    for (const d of filtered) {
      assertDatabase(d, { name: d.name, id: inGroup.find((x) => x.name === d.name).created.id, group });
    }
  });

  test("is_schema parent and schema child: fields, list filters {type: 'schema'} and {schema}", async () => {
    const parent = await makeDatabase("compat-pa-parent", { is_schema: true });
    const child = await makeDatabase("compat-pa-child", { schema: parent.name });
    const regular = await makeDatabase("compat-pa-regular");

    assertDatabase(await api.databases.get(parent.name), { name: parent.name, id: parent.created.id, isSchema: true });
    assertDatabase(await api.databases.get(child.name), { name: child.name, id: child.created.id, schema: parent.name });

    const schemas = (await api.databases.list({ type: "schema" })).map((d) => d.name);
    assert.ok(schemas.includes(parent.name), JSON.stringify(schemas));
    assert.ok(!schemas.includes(child.name));
    assert.ok(!schemas.includes(regular.name));

    const children = await api.databases.list({ schema: parent.name });
    assert.deepEqual(children.map((d) => d.name), [child.name]);
    assert.equal(children[0].schema, parent.name);
    assert.equal(children[0].is_schema, false);

    // Client-side check, then server-side refusals.
    await assert.rejects(
      api.databases.create(uniqueName("compat-pa-both"), { is_schema: true, schema: parent.name }),
      /'is_schema' and 'schema' cannot both be provided/,
    );
    await rejectsTurso(api.databases.create(uniqueName("compat-pa-badchild"), { schema: regular.name }), 400);
    await rejectsTurso(api.databases.delete(parent.name), 400);
    assert.ok(await api.databases.get(parent.name));

    // Without its child the schema database can be deleted.
    assert.deepEqual(await api.databases.delete(child.name), { database: child.name });
    assert.deepEqual(await api.databases.list({ schema: parent.name }), []);
    assert.deepEqual(await api.databases.delete(parent.name), { database: parent.name });
  });

  test("create with seed {type: 'database'} copies the rows; later writes stay separate", async () => {
    const source = await makeDatabase("compat-pa-seedsrc");
    const srcToken = (await api.databases.createToken(source.name)).jwt;
    await sqlClient(source.url, srcToken)((c) =>
      c.batch(["CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO t (v) VALUES ('a'), ('b'), ('c')"], "write"),
    );

    const copy = await makeDatabase("compat-pa-seeded", { seed: { type: "database", name: source.name } });
    assert.notEqual(copy.created.id, source.created.id);
    assertDatabase(await api.databases.get(copy.name), { name: copy.name, id: copy.created.id });
    const copyToken = (await api.databases.createToken(copy.name)).jwt;
    await sqlClient(copy.url, copyToken)(async (c) => {
      assert.deepEqual(plainRows(await c.execute("SELECT id, v FROM t ORDER BY id")), [
        [1, "a"],
        [2, "b"],
        [3, "c"],
      ]);
      await c.execute("INSERT INTO t (v) VALUES ('copy only')");
    });
    await sqlClient(source.url, srcToken)(async (c) => {
      assert.equal(scalar(await c.execute("SELECT count(*) FROM t")), 3);
    });
    await rejectsTurso(
      api.databases.create(uniqueName("compat-pa-seedbad"), { seed: { type: "database", name: uniqueName("compat-pa-none") } }),
      400,
    );
  });

  test("delete -> {database: <name>}; then get/delete/usage/createToken -> 404", async () => {
    const name = uniqueName("compat-pa-del");
    await api.databases.create(name);
    assert.deepEqual(await api.databases.delete(name), { database: name });
    const msg = `could not find database with name ${name}: record not found`;
    await rejectsTurso(api.databases.get(name), 404, msg);
    await rejectsTurso(api.databases.delete(name), 404, msg);
    await rejectsTurso(api.databases.usage(name), 404);
    await rejectsTurso(api.databases.createToken(name), 404);
    await rejectsTurso(api.databases.listInstances(name), 404);
    assert.equal((await api.databases.list()).find((d) => d.name === name), undefined);
  });

  test("duplicate name -> TursoClientError 409; unknown group -> 400", async () => {
    const db = await makeDatabase("compat-pa-dup");
    await rejectsTurso(api.databases.create(db.name), 409, `database with name ${db.name} already exists`);
    await rejectsTurso(api.databases.create(uniqueName("compat-pa-nogroup"), { group: uniqueName("nogroup") }), 400, "group not found");
  });

  test("listInstances -> one primary 'local'; getInstance('local'); unknown instance 404", async () => {
    const db = await makeDatabase("compat-pa-inst");
    const expected = { uuid: db.created.id, name: "local", type: "primary", region: "local", hostname: db.created.hostname };
    assert.deepEqual(await api.databases.listInstances(db.name), [expected]);
    assert.deepEqual(await api.databases.getInstance(db.name, "local"), expected);
    await rejectsTurso(api.databases.getInstance(db.name, "ams"), 404);
  });

  test("usage -> {uuid, instances, usage: {rows_read, rows_written, storage_bytes}} that grow with use", async () => {
    const db = await makeDatabase("compat-pa-usage");
    const first = await api.databases.usage(db.name);
    assert.equal(first.uuid, db.created.id);
    for (const key of ["rows_read", "rows_written", "storage_bytes", "bytes_synced"]) {
      assert.equal(typeof first.usage[key], "number", `usage.${key}: ${JSON.stringify(first)}`);
    }
    assert.ok(Array.isArray(first.instances) && first.instances.length === 1, JSON.stringify(first));
    assert.equal(typeof first.instances[0].usage.rows_read, "number");

    const { jwt } = await api.databases.createToken(db.name);
    await sqlClient(db.url, jwt)(async (c) => {
      await c.execute("CREATE TABLE t (v)");
      await c.execute("INSERT INTO t VALUES (1), (2), (3)");
      assert.equal((await c.execute("SELECT v FROM t")).rows.length, 3);
    });
    const later = await api.databases.usage(db.name, { from: new Date(Date.now() - 3600_000), to: new Date() });
    assert.ok(later.usage.rows_written >= first.usage.rows_written + 3, JSON.stringify(later));
    assert.ok(later.usage.rows_read >= first.usage.rows_read + 3, JSON.stringify(later));
    assert.ok(later.usage.storage_bytes > 0, JSON.stringify(later));
    assert.equal(later.instances[0].uuid, db.created.id);

    await rejectsTurso(api.databases.usage(db.name, { from: "yesterday" }), 400);
    await rejectsTurso(api.databases.usage(db.name, { from: new Date(), to: new Date(Date.now() - 3600_000) }), 400);
  });

  test("updateVersion -> JSON (Turso answers {}; the client always parses the body)", async () => {
    // Turso's reference: POST organizations/{org}/databases/{db}/update -> 200 {} (a no-op here).
    const db = await makeDatabase("compat-pa-updver");
    assert.deepEqual(await api.databases.updateVersion(db.name), {});
  });
});

describe("@tursodatabase/api tokens used with @libsql/client", () => {
  test("full-access database token ({jwt}, EdDSA, id = DbId): reads and writes", async () => {
    const db = await makeDatabase("compat-pa-full");
    const res = await api.databases.createToken(db.name);
    assert.deepEqual(Object.keys(res), ["jwt"]);
    assert.equal(jwtHeader(res.jwt).alg, "EdDSA");
    const claims = jwtClaims(res.jwt);
    assert.equal(claims.a, "rw");
    assert.equal(claims.id, db.created.id);
    assert.equal(claims.exp, undefined);
    assert.equal(claims.p, undefined);
    await sqlClient(db.url, res.jwt)(async (c) => {
      await c.batch(["CREATE TABLE t (v)", "INSERT INTO t VALUES ('x'), ('y')"], "write");
      assert.deepEqual(plainRows(await c.execute("SELECT v FROM t ORDER BY v")), [["x"], ["y"]]);
    });
  });

  test("read-only token (authorization: 'read-only'): reads work, a write fails with SQLITE_READONLY", async () => {
    const db = await makeDatabase("compat-pa-ro");
    await sqlClient(db.url, (await api.databases.createToken(db.name)).jwt)((c) =>
      c.batch(["CREATE TABLE t (v)", "INSERT INTO t VALUES (1)"], "write"),
    );
    const ro = (await api.databases.createToken(db.name, { authorization: "read-only" })).jwt;
    assert.equal(jwtClaims(ro).a, "ro");
    await sqlClient(db.url, ro)(async (c) => {
      assert.equal(scalar(await c.execute("SELECT count(*) FROM t")), 1);
      await rejectsLibsql(c.execute("INSERT INTO t VALUES (2)"), "SQLITE_READONLY");
      await rejectsLibsql(c.execute("CREATE TABLE u (v)"), "SQLITE_READONLY");
      assert.equal(scalar(await c.execute("SELECT count(*) FROM t")), 1);
    });
  });

  test("token with permissions.read_attach: claims p.roa and p.rw; works on its database; unknown name 400", async () => {
    const db = await makeDatabase("compat-pa-attach");
    const target = await makeDatabase("compat-pa-attach-target");
    const res = await api.databases.createToken(db.name, { permissions: { read_attach: { databases: [target.name] } } });
    const claims = jwtClaims(res.jwt);
    assert.equal(claims.id, db.created.id);
    assert.deepEqual(claims.p, { rw: { ns: [db.created.id] }, roa: { ns: [target.created.id] } });
    await sqlClient(db.url, res.jwt)(async (c) => {
      await c.execute("CREATE TABLE t (v)");
      await c.execute("INSERT INTO t VALUES (1)");
      assert.equal(scalar(await c.execute("SELECT count(*) FROM t")), 1);
    });
    const ro = await api.databases.createToken(db.name, {
      authorization: "read-only",
      permissions: { read_attach: { databases: [target.name] } },
    });
    assert.deepEqual(jwtClaims(ro.jwt).p, { ro: { ns: [db.created.id] }, roa: { ns: [target.created.id] } });
    const missing = uniqueName("compat-pa-nodb");
    await rejectsTurso(
      api.databases.createToken(db.name, { permissions: { read_attach: { databases: [missing] } } }),
      400,
      `databases does not exist: ${missing}`,
    );
  });

  test("rotateTokens -> {}; the old token gets HTTP 401 UNAUTHORIZED, a newly minted one works", async () => {
    const db = await makeDatabase("compat-pa-rot");
    const old = (await api.databases.createToken(db.name)).jwt;
    const oldRo = (await api.databases.createToken(db.name, { authorization: "read-only" })).jwt;
    await sqlClient(db.url, old)((c) => c.execute("CREATE TABLE t (v)"));

    assert.deepEqual(await api.databases.rotateTokens(db.name), {});

    await assertSqlUnauthorized(db.url, old);
    await assertSqlUnauthorized(db.url, oldRo);
    const fresh = (await api.databases.createToken(db.name)).jwt;
    await sqlClient(db.url, fresh)(async (c) => {
      await c.execute("INSERT INTO t VALUES (1)");
      assert.equal(scalar(await c.execute("SELECT count(*) FROM t")), 1);
    });
  });

  test("database rotateTokens leaves group tokens and other databases' tokens working", async () => {
    const { name: group } = await makeGroup("compat-pa-rotg");
    const db = await makeDatabase("compat-pa-rotg-a", { group });
    const sibling = await makeDatabase("compat-pa-rotg-b", { group });
    const groupToken = (await api.groups.createToken(group)).jwt;
    const siblingToken = (await api.databases.createToken(sibling.name)).jwt;
    const dbToken = (await api.databases.createToken(db.name)).jwt;

    assert.deepEqual(await api.databases.rotateTokens(db.name), {});

    await assertSqlUnauthorized(db.url, dbToken);
    await sqlClient(db.url, groupToken)(async (c) => assert.equal(scalar(await c.execute("SELECT 1")), 1));
    await sqlClient(sibling.url, siblingToken)(async (c) => assert.equal(scalar(await c.execute("SELECT 2")), 2));
  });

  test("a token of a deleted database does not open a new database re-created with the same name", async () => {
    const name = uniqueName("compat-pa-reborn");
    const first = await api.databases.create(name);
    const oldToken = (await api.databases.createToken(name)).jwt;
    assert.deepEqual(await api.databases.delete(name), { database: name });
    const second = await api.databases.create(name);
    cleanups.push(() => api.databases.delete(name));
    assert.notEqual(second.id, first.id);
    await assertSqlUnauthorized("http://" + second.hostname, oldToken);
    const newToken = (await api.databases.createToken(name)).jwt;
    await sqlClient("http://" + second.hostname, newToken)(async (c) => assert.equal(scalar(await c.execute("SELECT 3")), 3));
  });

  test("a token for another database gets 401 UNAUTHORIZED", async () => {
    const a = await makeDatabase("compat-pa-other-a");
    const b = await makeDatabase("compat-pa-other-b");
    const tokenA = (await api.databases.createToken(a.name)).jwt;
    await sqlClient(a.url, tokenA)((c) => c.execute("SELECT 1"));
    await assertSqlUnauthorized(b.url, tokenA);
  });

  test("a malformed or tampered token gets 401 UNAUTHORIZED", async () => {
    const db = await makeDatabase("compat-pa-tamper");
    const jwt = (await api.databases.createToken(db.name, { authorization: "read-only" })).jwt;
    const [h, , s] = jwt.split(".");
    const forged = Buffer.from(JSON.stringify({ ...jwtClaims(jwt), a: "rw" })).toString("base64url");
    await assertSqlUnauthorized(db.url, `${h}.${forged}.${s}`);
    await assertSqlUnauthorized(db.url, "garbage");
    // A Platform API token is not a database token.
    await assertSqlUnauthorized(db.url, apiToken());
  });
});

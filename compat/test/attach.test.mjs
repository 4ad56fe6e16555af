// Read-only ATTACH across databases (docs/attach.md) with the real clients: a token minted by
// `@tursodatabase/api` with permissions.read_attach, used by `@libsql/client` in batch() and in an
// interactive transaction, on the seed's promotions / user_preferences join.
import { describe, test, after, before } from "node:test";
import assert from "node:assert/strict";
import { platformApiClient, platformRequest, rejectsLibsql, uniqueName, withClient, plainRows, jwtClaims } from "./helpers.mjs";

const api = platformApiClient();
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

async function makeDatabase(prefix) {
  const name = uniqueName(prefix);
  const created = await api.databases.create(name);
  cleanups.push(() => api.databases.delete(name));
  const { jwt } = await api.databases.createToken(name);
  return { name, id: created.id, url: "http://" + created.hostname, jwt };
}

const JOIN = {
  sql:
    "SELECT category, discount FROM promotions JOIN userdb.user_preferences AS up " +
    "ON category = up.interested_category WHERE up.user_id = ? ORDER BY category",
  args: [1],
};

describe("ATTACH with @libsql/client and @tursodatabase/api", () => {
  let catalogue;
  let user;

  before(async () => {
    catalogue = await makeDatabase("compat-attach-catalogue");
    user = await makeDatabase("compat-attach-user");
    await withClient(catalogue.url, (c) => c.batch([
      "CREATE TABLE promotions (category TEXT, discount INTEGER)",
      "INSERT INTO promotions VALUES ('books', 10), ('games', 20), ('films', 5)",
    ]), { authToken: catalogue.jwt });
    await withClient(user.url, (c) => c.batch([
      "CREATE TABLE user_preferences (user_id INTEGER, interested_category TEXT)",
      "INSERT INTO user_preferences VALUES (1, 'games'), (1, 'films'), (2, 'books')",
    ]), { authToken: user.jwt });
    // The target's side: allow_attach through the Platform API (PATCH …/configuration, what
    // `shoal db config attach allow` sends; @tursodatabase/api 2.0.5 has no call for it).
    const patched = await platformRequest("PATCH", `/${user.name}/configuration`, { allow_attach: true });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.allow_attach, true);
  });

  test("a read_attach token runs the join in batch(): ATTACH in the same batch", async () => {
    const { jwt } = await api.databases.createToken(catalogue.name, {
      permissions: { read_attach: { databases: [user.name] } },
    });
    assert.deepEqual(jwtClaims(jwt).p.roa, { ns: [user.id] });
    await withClient(catalogue.url, async (c) => {
      const rs = await c.batch([`ATTACH "${user.id}" AS userdb`, JOIN], "write");
      assert.deepEqual(plainRows(rs[1]), [["films", 5], ["games", 20]]);
      const byName = await c.batch([`ATTACH DATABASE "${user.name}" AS userdb`, JOIN], "deferred");
      assert.deepEqual(plainRows(byName[1]), [["films", 5], ["games", 20]]);
    }, { authToken: jwt });
  });

  test("an interactive transaction attaches, joins, and writes only to its own database", async () => {
    const { jwt } = await api.databases.createToken(catalogue.name, {
      permissions: { read_attach: { databases: [user.name] } },
    });
    await withClient(catalogue.url, async (c) => {
      const tx = await c.transaction("write");
      try {
        await tx.execute(`ATTACH "${user.id}" AS userdb`);
        assert.deepEqual(plainRows(await tx.execute(JOIN)), [["films", 5], ["games", 20]]);
        await rejectsLibsql(tx.execute("INSERT INTO userdb.user_preferences VALUES (3, 'x')"), "SQLITE_READONLY");
        await tx.execute("INSERT INTO promotions SELECT interested_category, 1 FROM userdb.user_preferences WHERE user_id = 2");
        await tx.commit();
      } finally {
        tx.close();
      }
      const rs = await c.execute("SELECT count(*) AS n FROM promotions WHERE category = 'books'");
      assert.equal(Number(rs.rows[0].n), 2);
      // The attachment lived as long as the transaction's stream: a new request does not see it.
      await rejectsLibsql(c.execute("SELECT count(*) FROM userdb.user_preferences"), "SQLITE_ERROR");
    }, { authToken: jwt });
    await withClient(user.url, async (c) => {
      const rs = await c.execute("SELECT count(*) AS n FROM user_preferences");
      assert.equal(Number(rs.rows[0].n), 3);
    }, { authToken: user.jwt });
  });

  test("a token without read_attach, or a target without allow_attach, is refused", async () => {
    await withClient(catalogue.url, async (c) => {
      const e = await rejectsLibsql(c.batch([`ATTACH "${user.id}" AS userdb`, JOIN], "write"), "FORBIDDEN");
      assert.match(e.message, /does not imply attach/);
    }, { authToken: catalogue.jwt });
    const other = await makeDatabase("compat-attach-closed");
    const { jwt } = await api.databases.createToken(catalogue.name, {
      permissions: { read_attach: { databases: [other.name] } },
    });
    await withClient(catalogue.url, async (c) => {
      const e = await rejectsLibsql(c.execute(`ATTACH "${other.id}" AS o`), "FORBIDDEN");
      assert.match(e.message, /doesn't allow attach/);
      await rejectsLibsql(c.execute(`ATTACH 'file:${other.id}.db?mode=ro' AS o`), "SQLITE_AUTH");
    }, { authToken: jwt });
  });
});

// Kysely (kysely + @libsql/kysely-libsql) against a schema database with 20 children: Kysely's
// Migrator with an in-memory MigrationProvider. Kysely's SQLite adapter runs migrations without a
// transaction (supportsTransactionalDdl is false), so each of its statements is its own migration
// job; every child ends with the tables and the same kysely_migration rows as the schema database.
// LibsqlDialect({ url }) makes its own client: @libsql/kysely-libsql 0.4.1 depends on
// @libsql/client ^0.8.0, so this file also runs that older client (npm nests 0.8.1 under it).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Kysely, Migrator, sql } from "kysely";
import { LibsqlDialect } from "@libsql/kysely-libsql";
import { createFamily, columnNames, hasObject, rowsOf, onEvery } from "./schema-family.mjs";

const migrations = {
  "2025_01_01_person": {
    async up(db) {
      await db.schema
        .createTable("person")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("first_name", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("person_first_name").on("person").column("first_name").execute();
    },
    async down(db) {
      await db.schema.dropTable("person").execute();
    },
  },
  "2025_01_02_pet": {
    async up(db) {
      await db.schema
        .createTable("pet")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("owner_id", "integer", (c) => c.notNull().references("person.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .execute();
      await db.schema.alterTable("person").addColumn("last_name", "text").execute();
    },
    async down(db) {
      await db.schema.dropTable("pet").execute();
      await db.schema.alterTable("person").dropColumn("last_name").execute();
    },
  },
};

let fam;
let db;
before(async () => {
  fam = await createFamily("compat-kys", 20);
  db = new Kysely({ dialect: new LibsqlDialect({ url: fam.parent.url }) });
});
after(async () => {
  await db?.destroy();
  await fam?.drop();
});

function migrator() {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

async function kyselyHistory(client) {
  return rowsOf(client, "SELECT name, timestamp FROM kysely_migration ORDER BY name");
}

describe("Kysely Migrator on a schema database with 20 children", () => {
  test("migrateToLatest: two migrations reach every child with the same kysely_migration rows", async () => {
    const { error, results } = await migrator().migrateToLatest();
    assert.equal(error, undefined, String(error));
    assert.deepEqual(
      results.map((r) => [r.migrationName, r.direction, r.status]),
      [
        ["2025_01_01_person", "Up", "Success"],
        ["2025_01_02_pet", "Up", "Success"],
      ],
    );
    const parentHistory = await kyselyHistory(fam.parent.client);
    assert.deepEqual(parentHistory.map((r) => r[0]), Object.keys(migrations));
    await onEvery(fam.all, async (d) => {
      assert.deepEqual(await columnNames(d.client, "person"), ["id", "first_name", "last_name"]);
      assert.deepEqual(await columnNames(d.client, "pet"), ["id", "owner_id", "name"]);
      assert.equal(await hasObject(d.client, "person_first_name"), true);
      assert.deepEqual(await kyselyHistory(d.client), parentHistory);
      assert.deepEqual(await rowsOf(d.client, "SELECT id, is_locked FROM kysely_migration_lock"), [["migration_lock", 0]]);
    });

    // Already at the latest: nothing runs.
    const again = await migrator().migrateToLatest();
    assert.equal(again.error, undefined, String(again.error));
    assert.deepEqual(again.results, []);
  });

  test("a child's own rows through Kysely survive migrateDown and migrateToLatest on the schema database", async () => {
    const kid = fam.children[11];
    const kidDb = new Kysely({ dialect: new LibsqlDialect({ client: kid.client }) });
    try {
      await kidDb.insertInto("person").values({ first_name: "Ada", last_name: "Lovelace" }).execute();
      const down = await migrator().migrateDown();
      assert.equal(down.error, undefined, String(down.error));
      assert.deepEqual(down.results.map((r) => [r.migrationName, r.direction, r.status]), [["2025_01_02_pet", "Down", "Success"]]);
      await onEvery(fam.all, async (d) => {
        assert.equal(await hasObject(d.client, "pet"), false);
        assert.deepEqual(await columnNames(d.client, "person"), ["id", "first_name"]);
        assert.deepEqual((await kyselyHistory(d.client)).map((r) => r[0]), ["2025_01_01_person"]);
      });
      assert.deepEqual(await kidDb.selectFrom("person").select(["id", "first_name"]).execute(), [{ id: 1, first_name: "Ada" }]);

      const up = await migrator().migrateToLatest();
      assert.equal(up.error, undefined, String(up.error));
      await onEvery(fam.all, async (d) => {
        assert.deepEqual(await columnNames(d.client, "pet"), ["id", "owner_id", "name"]);
        assert.deepEqual((await kyselyHistory(d.client)).map((r) => r[0]), Object.keys(migrations));
      });
      await kidDb.insertInto("pet").values({ owner_id: 1, name: "Rex" }).execute();
      assert.deepEqual(
        await kidDb.selectFrom("pet").innerJoin("person", "person.id", "pet.owner_id").select(["person.first_name", "pet.name"]).execute(),
        [{ first_name: "Ada", name: "Rex" }],
      );
      assert.deepEqual(await rowsOf(fam.children[10].client, "SELECT count(*) FROM person"), [[0]]);
    } finally {
      await kidDb.destroy(); // does not close kid.client (passed in as `client`)
    }
  });

  test("db.transaction() on the schema database (kysely-libsql#11 failed on sqld) is one migration for all", async () => {
    const people = await db.transaction().execute(async (trx) => {
      await trx.insertInto("person").values({ first_name: "Grace", last_name: "Hopper" }).execute();
      await trx.insertInto("person").values({ first_name: "Alan", last_name: "Turing" }).execute();
      return trx.selectFrom("person").select(sql`count(*)`.as("n")).executeTakeFirstOrThrow();
    });
    assert.equal(Number(people.n), 2);
    await onEvery(fam.children.filter((c) => c !== fam.children[11]), async (d) =>
      assert.deepEqual(await rowsOf(d.client, "SELECT first_name FROM person ORDER BY id"), [["Grace"], ["Alan"]]),
    );
    assert.deepEqual(await rowsOf(fam.children[11].client, "SELECT first_name FROM person ORDER BY id"), [
      ["Ada"],
      ["Grace"],
      ["Alan"],
    ]);

    // A transaction the app throws out of is rolled back: nothing reaches any child.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("person").values({ first_name: "Nobody" }).execute();
        throw new Error("app changed its mind");
      }),
      /app changed its mind/,
    );
    await onEvery(fam.all, async (d) =>
      assert.deepEqual(await rowsOf(d.client, "SELECT count(*) FROM person WHERE first_name = 'Nobody'"), [[0]]),
    );
  });
});

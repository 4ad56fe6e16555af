// Drizzle ORM (drizzle-orm/libsql + drizzle-orm/libsql/migrator) against a schema database with 20
// children: the migrator's CREATE TABLE IF NOT EXISTS "__drizzle_migrations" and its one
// client.migrate() call (PRAGMA foreign_keys=off, BEGIN, statements, history INSERT, COMMIT) reach
// every child, so each child ends with the tables and drizzle's migration history.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";
import { eq } from "drizzle-orm";
import { createFamily, columnNames, hasObject, rowsOf, onEvery } from "./schema-family.mjs";

// drizzle-kit's output for SQLite: NNNN_tag.sql files split by "--> statement-breakpoint" and
// meta/_journal.json listing them ({idx, version, when, tag, breakpoints}); the migrator applies
// every entry whose `when` is newer than the newest created_at in __drizzle_migrations.
const MIGRATIONS = [
  {
    tag: "0000_init_users",
    when: 1764600000000,
    sql: [
      "CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`name` text NOT NULL,\n\t`email` text NOT NULL\n);\n",
      "\nCREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);",
    ],
  },
  {
    tag: "0001_posts_and_bio",
    when: 1764600060000,
    sql: [
      "CREATE TABLE `posts` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`user_id` integer NOT NULL,\n\t`title` text NOT NULL,\n" +
        "\tFOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade\n);\n",
      "\nALTER TABLE `users` ADD `bio` text;",
    ],
  },
  {
    tag: "0002_unique_names",
    when: 1764600120000,
    sql: ["CREATE TABLE `audit` (\n\t`id` integer PRIMARY KEY NOT NULL\n);\n", "\nCREATE UNIQUE INDEX `users_name_unique` ON `users` (`name`);"],
  },
];

// The app's table as of migration 0000, and as of 0001 (drizzle inserts every column it knows).
const usersV0 = sqliteTable("users", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull(),
});
const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull(),
  bio: text("bio"),
});

let fam;
let dir;
before(async () => {
  fam = await createFamily("compat-drz", 20);
  dir = mkdtempSync(join(tmpdir(), "shoal-drizzle-"));
  mkdirSync(join(dir, "meta"));
});
after(async () => {
  await fam?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Writes the first `n` migrations as drizzle-kit would; returns their sha256 hashes (what the migrator stores). */
function writeMigrations(n) {
  const entries = MIGRATIONS.slice(0, n).map((m, idx) => ({ idx, version: "6", when: m.when, tag: m.tag, breakpoints: true }));
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "sqlite", entries }, null, 2));
  return MIGRATIONS.slice(0, n).map((m) => {
    writeFileSync(join(dir, `${m.tag}.sql`), m.sql.join("--> statement-breakpoint"));
    return createHash("sha256").update(readFileSync(join(dir, `${m.tag}.sql`))).digest("hex");
  });
}

async function history(client) {
  return rowsOf(client, 'SELECT hash, created_at FROM "__drizzle_migrations" ORDER BY created_at');
}

describe("drizzle-orm migrator on a schema database with 20 children", () => {
  test("two migrations reach every child with drizzle's history; a re-run applies nothing", async () => {
    const db = drizzle({ connection: { url: fam.parent.url } });
    try {
      const [h0] = writeMigrations(1);
      await migrate(db, { migrationsFolder: dir });
      await onEvery(fam.all, async (d) => {
        assert.deepEqual(await columnNames(d.client, "users"), ["id", "name", "email"]);
        assert.equal(await hasObject(d.client, "users_email_unique"), true);
        assert.deepEqual(await history(d.client), [[h0, MIGRATIONS[0].when]]);
      });

      // A child's own rows through drizzle's query builder; they survive the next migration.
      const kid = drizzle({ client: fam.children[7].client });
      await kid.insert(usersV0).values({ name: "kid-user", email: "kid@example.com" });

      const [, h1] = writeMigrations(2);
      await migrate(db, { migrationsFolder: dir });
      const expected = [
        [h0, MIGRATIONS[0].when],
        [h1, MIGRATIONS[1].when],
      ];
      await onEvery(fam.all, async (d) => {
        assert.deepEqual(await columnNames(d.client, "users"), ["id", "name", "email", "bio"]);
        assert.deepEqual(await columnNames(d.client, "posts"), ["id", "user_id", "title"]);
        assert.deepEqual(await history(d.client), expected);
      });
      const kidRows = await kid.select().from(users).where(eq(users.email, "kid@example.com"));
      assert.deepEqual(kidRows, [{ id: 1, name: "kid-user", email: "kid@example.com", bio: null }]);
      assert.deepEqual(await rowsOf(fam.children[6].client, "SELECT count(*) FROM users"), [[0]]);

      // Nothing new in the journal: the migrator finds both applied and changes nothing.
      await migrate(db, { migrationsFolder: dir });
      await onEvery(fam.all, async (d) => assert.deepEqual(await history(d.client), expected));

      // App code: drizzle's transaction with a nested one (a savepoint) that rolls back.
      await db.transaction(async (tx) => {
        await tx.insert(users).values({ id: 500, name: "outer", email: "outer@example.com" });
        await assert.rejects(
          tx.transaction(async (inner) => {
            await inner.insert(users).values({ id: 501, name: "inner", email: "inner@example.com" });
            inner.rollback();
          }),
          (e) => e?.constructor?.name === "TransactionRollbackError",
        );
        await tx.insert(users).values({ id: 502, name: "after", email: "after@example.com" });
      });
      await onEvery(fam.all, async (d) =>
        assert.deepEqual(await rowsOf(d.client, "SELECT id FROM users WHERE id >= 500 ORDER BY id"), [[500], [502]]),
      );
    } finally {
      db.$client.close();
    }
  });

  test("a migration one child cannot take fails with that child's name; no child gets any of it", async () => {
    const db = drizzle({ connection: { url: fam.parent.url } });
    try {
      // Two users of one name in child 13 only: migration 0002's unique index cannot be built there.
      const kid = drizzle({ client: fam.children[13].client });
      await kid.insert(users).values([
        { name: "same", email: "a@example.com" },
        { name: "same", email: "b@example.com" },
      ]);
      writeMigrations(3);
      let caught;
      await assert.rejects(migrate(db, { migrationsFolder: dir }), (e) => {
        caught = e;
        return true;
      });
      const text = `${caught?.message} / ${caught?.cause?.message}`;
      assert.match(text, /SCHEMA_MIGRATION_ERROR/, text);
      assert.ok(
        text.includes(`migration dry run failed on database ${fam.children[13].name}: UNIQUE constraint failed: users.name`),
        text,
      );
      await onEvery(fam.all, async (d) => {
        assert.equal(await hasObject(d.client, "audit"), false);
        assert.equal(await hasObject(d.client, "users_name_unique"), false);
        assert.deepEqual((await history(d.client)).length, 2);
      });

      // Fix the data in the child and run the same migrator again: now it reaches all.
      await kid.delete(users).where(eq(users.email, "b@example.com"));
      await migrate(db, { migrationsFolder: dir });
      await onEvery(fam.all, async (d) => {
        assert.equal(await hasObject(d.client, "audit"), true);
        assert.equal(await hasObject(d.client, "users_name_unique"), true);
        assert.deepEqual((await history(d.client)).map((r) => r[1]), MIGRATIONS.map((m) => m.when));
      });
    } finally {
      db.$client.close();
    }
  });
});

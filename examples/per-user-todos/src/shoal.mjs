// The app's use of Shoal's Platform API, through Turso's own client (@tursodatabase/api): the
// schema database every user's database is a child of, one child per user, and the group token
// the app uses for SQL on all of them.
import { createClient as createPlatformClient } from "@tursodatabase/api";
import { createClient as createSqlClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";

/** A username the app accepts: it becomes part of a database name. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The client throws TursoClientError (not exported); it carries the HTTP status. */
function hasStatus(error, status) {
  return error?.name === "TursoClientError" && error.status === status;
}

export class UsernameTakenError extends Error {}

/**
 * Connects to Shoal: makes sure the schema database exists (creating it on the first start),
 * gets a group token, and applies the migrations folder to the schema database with Drizzle's
 * migrator (every child gets each migration; Shoal applies it to the schema database last).
 */
export async function connectToShoal(config) {
  const api = createPlatformClient({ org: config.org, token: config.apiToken, baseUrl: config.shoalUrl + "/v1/" });
  const schema = await ensureSchemaDatabase(api, config);
  // A group token opens every database of the group: the schema database and every user's.
  const groupToken = config.groupToken || (await api.groups.createToken(schema.group)).jwt;
  const urlOf = (hostname) => `${new URL(config.shoalUrl).protocol}//${hostname}`;
  const shoal = new Shoal(api, config, schema, groupToken, urlOf);
  await shoal.migrateSchemaDatabase();
  return shoal;
}

async function ensureSchemaDatabase(api, { schemaDatabase, group }) {
  let db = await getDatabase(api, schemaDatabase);
  if (!db) {
    try {
      await api.databases.create(schemaDatabase, { is_schema: true, group });
      console.log(`created schema database ${schemaDatabase} in group ${group}`);
    } catch (e) {
      if (!hasStatus(e, 409)) throw e; // another instance created it first: use that one
    }
    db = await getDatabase(api, schemaDatabase);
  }
  if (!db?.is_schema) {
    throw new Error(`database ${schemaDatabase} exists but is not a schema database; set DB_PREFIX to use other names`);
  }
  return db;
}

/** The database of that name, or null when there is none. */
async function getDatabase(api, name) {
  try {
    return await api.databases.get(name);
  } catch (e) {
    if (hasStatus(e, 404)) return null;
    throw e;
  }
}

class Shoal {
  #api;
  #config;
  #schema;
  #groupToken;
  #urlOf;
  /** username → promise of {name, url, db (drizzle), client}: one HTTP client per signed-in user. */
  #users = new Map();

  constructor(api, config, schema, groupToken, urlOf) {
    this.#api = api;
    this.#config = config;
    this.#schema = schema;
    this.#groupToken = groupToken;
    this.#urlOf = urlOf;
  }

  get schemaDatabase() {
    return this.#schema.name;
  }

  databaseNameOf(username) {
    return this.#config.userDatabasePrefix + username;
  }

  /** Drizzle's migrator, pointed at the schema database: what it writes there is a migration of the family. */
  async migrateSchemaDatabase() {
    const client = createSqlClient({ url: this.#urlOf(this.#schema.hostname), authToken: this.#groupToken });
    try {
      await migrate(drizzle({ client }), { migrationsFolder: this.#config.migrationsFolder });
    } finally {
      client.close();
    }
  }

  /** Creates the user's own database, a child of the schema database (born with its tables). */
  async createUser(username) {
    const name = this.databaseNameOf(username);
    try {
      await this.#api.databases.create(name, { schema: this.#schema.name, group: this.#schema.group });
    } catch (e) {
      if (hasStatus(e, 409)) throw new UsernameTakenError(`the username ${username} is taken`);
      throw e;
    }
    return this.findUser(username);
  }

  /**
   * The user's database as {name, url, db} (db: a Drizzle database), or null when the user has none.
   * Kept once found, as a promise so that two requests at once share one client.
   */
  findUser(username) {
    let pending = this.#users.get(username);
    if (!pending) {
      pending = this.#openUser(username);
      this.#users.set(username, pending);
      const forget = () => this.#users.delete(username);
      pending.then((user) => user || forget(), forget);
    }
    return pending;
  }

  async #openUser(username) {
    const found = await getDatabase(this.#api, this.databaseNameOf(username));
    if (!found || found.schema !== this.#schema.name) return null;
    const url = this.#urlOf(found.hostname);
    const client = createSqlClient({ url, authToken: this.#groupToken });
    return { name: found.name, url, db: drizzle({ client }), client };
  }

  async close() {
    const users = await Promise.allSettled(this.#users.values());
    this.#users.clear();
    for (const { value } of users) value?.client.close();
  }
}

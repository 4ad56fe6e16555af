// Shared helpers for the compat tests. Not a test file itself (run.sh only runs test/*.test.mjs).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient, LibsqlError } from "@libsql/client";
import { createClient as createTursoApiClient } from "@tursodatabase/api";

/** Base URL of the Shoal server, e.g. "http://127.0.0.1:8080" (set by run.sh or by hand). */
export const SHOAL_URL = (() => {
  const url = process.env.SHOAL_URL;
  if (!url) {
    throw new Error(
      "SHOAL_URL is not set. Use compat/run.sh, or start `shoal dev` and run " +
        "SHOAL_URL=http://127.0.0.1:8080 node --test test/*.test.mjs",
    );
  }
  return url.replace(/\/+$/, "");
})();

/** SHOAL_URL with a trailing slash, for resolving relative paths (`new URL("v2", BASE)`). */
export const BASE = SHOAL_URL + "/";

export const ORG = process.env.SHOAL_ORG ?? "admin";

const DATABASES_URL = `${SHOAL_URL}/v1/organizations/${ORG}/databases`;

/** A unique database (or table) name: lowercase letters, digits and dashes, at most 64 chars. */
export function uniqueName(prefix) {
  const suffix = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  return `${prefix}-${suffix}`.toLowerCase().slice(0, 64);
}

/** POST to the platform API; returns {status, contentType, body (parsed JSON or text)}. */
export async function platformRequest(method, path = "", body = undefined) {
  const res = await fetch(DATABASES_URL + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
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

/**
 * Creates a fresh database through the platform API and returns
 * {name, url, dbId, hostname, response}. `url` ends with "/" (the client resolves
 * "v2/pipeline" relative to it).
 */
export async function createDatabase(prefix) {
  const name = uniqueName(prefix);
  const res = await platformRequest("POST", "", { name, group: "default" });
  if (res.status !== 200) {
    throw new Error(
      `creating database ${name} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  const db = res.body?.database;
  if (!db || typeof db.Hostname !== "string") {
    throw new Error(`unexpected create-database response: ${JSON.stringify(res.body)}`);
  }
  return { name, url: "http://" + db.Hostname, dbId: db.DbId, hostname: db.Hostname, response: res.body };
}

/** Best-effort delete (used in after() hooks; failures are only logged). */
export async function dropDatabase(db) {
  if (!db) return;
  try {
    const res = await platformRequest("DELETE", "/" + encodeURIComponent(db.name));
    if (res.status !== 200) {
      console.error(`warning: deleting database ${db.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    }
  } catch (e) {
    console.error(`warning: deleting database ${db.name}: ${e}`);
  }
}

/** Runs fn(client) with a fresh @libsql/client and always closes it. */
export async function withClient(url, fn, config = {}) {
  const client = createClient({ url, ...config });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** Asserts that `promise` rejects with a LibsqlError (and, if given, that exact code). Returns the error. */
export async function rejectsLibsql(promise, code = undefined) {
  let caught;
  await assert.rejects(promise, (e) => {
    caught = e;
    return true;
  });
  assert.ok(
    caught instanceof LibsqlError,
    `expected a LibsqlError, got ${caught?.constructor?.name}: ${caught?.message}`,
  );
  if (code !== undefined) {
    assert.equal(caught.code, code, `unexpected error code; message: ${caught.message}`);
  }
  return caught;
}

/** Asserts that `promise` rejects; returns the error. */
export async function rejects(promise) {
  let caught;
  await assert.rejects(promise, (e) => {
    caught = e;
    return true;
  });
  return caught;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Single value of the first row. */
export function scalar(rs) {
  assert.ok(rs.rows.length >= 1, "expected at least one row");
  return rs.rows[0][0];
}

/** Rows as plain arrays. */
export function plainRows(rs) {
  return rs.rows.map((r) => Array.from(r));
}

/** POST a JSON body to `<dbUrl><path>`; returns the fetch Response. */
export function postJson(dbUrl, path, body) {
  return fetch(new URL(path, dbUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A Hrana stmt object as the clients send it. */
export function stmt(sql, args = [], namedArgs = [], wantRows = true) {
  return { sql, args, named_args: namedArgs, want_rows: wantRows };
}

/**
 * The Platform API token of the first user: $SHOAL_API_TOKEN, else the `token` of
 * $SHOAL_CONFIG_DIR/settings.json (run.sh exports SHOAL_CONFIG_DIR; `shoal dev` writes the file).
 * Read lazily, so test files that do not need it run against any server.
 */
export function apiToken() {
  if (process.env.SHOAL_API_TOKEN) return process.env.SHOAL_API_TOKEN;
  const dir = process.env.SHOAL_CONFIG_DIR;
  if (!dir) {
    throw new Error("no API token: set SHOAL_API_TOKEN, or SHOAL_CONFIG_DIR (the folder of shoal dev's settings.json)");
  }
  const settings = JSON.parse(readFileSync(join(dir, "settings.json"), "utf8"));
  if (typeof settings.token !== "string" || settings.token === "") {
    throw new Error(`${join(dir, "settings.json")} has no token`);
  }
  return settings.token;
}

/**
 * A real `@tursodatabase/api` client for this server. Defaults: org ORG, the first user's API
 * token, baseUrl SHOAL_URL + "/v1/" (with the trailing slash the client expects).
 */
export function platformApiClient({ org = ORG, token = apiToken(), baseUrl = SHOAL_URL + "/v1/" } = {}) {
  return createTursoApiClient({ org, token, baseUrl });
}

/**
 * Asserts that `promise` rejects with `@tursodatabase/api`'s TursoClientError (not exported by the
 * package, so matched by name) with that HTTP status and, if given, that message (string or RegExp).
 * Returns the error.
 */
export async function rejectsTurso(promise, status, message = undefined) {
  const caught = await rejects(promise);
  assert.equal(
    caught?.name,
    "TursoClientError",
    `expected a TursoClientError, got ${caught?.name}: ${caught?.message}`,
  );
  assert.equal(caught.status, status, `unexpected status; message: ${caught.message}`);
  if (typeof message === "string") assert.equal(caught.message, message);
  else if (message instanceof RegExp) assert.match(caught.message, message);
  return caught;
}

/** The decoded payload (claims) of a JWT; the signature is not checked. */
export function jwtClaims(jwt) {
  const parts = jwt.split(".");
  assert.equal(parts.length, 3, `not a JWT: ${jwt}`);
  return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
}

/** The decoded header of a JWT. */
export function jwtHeader(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString("utf8"));
}

/**
 * POSTs a one-statement Hrana pipeline to `<dbUrl>v2/pipeline` with `Authorization: Bearer
 * <authToken>`; returns {status, contentType, body (parsed JSON or text)}.
 */
export async function rawPipeline(dbUrl, authToken, sql = "SELECT 1") {
  const res = await fetch(new URL("v2/pipeline", dbUrl), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${authToken}` },
    body: JSON.stringify({ baton: null, requests: [{ type: "execute", stmt: stmt(sql) }, { type: "close" }] }),
  });
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, contentType: res.headers.get("content-type"), body };
}

export { LibsqlError };

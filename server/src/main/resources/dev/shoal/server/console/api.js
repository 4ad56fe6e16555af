// The console's only way to the server: the public Platform API, SQL API (Hrana over HTTP) and
// jobs API, with the caller's API token in memory (never in storage or a cookie: docs/console.md).

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Who is signed in. `token` is null when an open dev server signed us in without one. */
export const session = { token: null, user: null, org: null, orgs: [], anonymous: false, sqlTokens: new Map() };

/** Database tokens handed to the SQL page (Tokens page → "Use it on the SQL page"), by org/name. */
const pasted = new Map();
const key = (name) => `${session.org}/${name}`;
export const pastedTokens = {
  has: (name) => pasted.has(key(name)),
  get: (name) => pasted.get(key(name)),
  set: (name, jwt) => pasted.set(key(name), jwt),
  delete: (name) => pasted.delete(key(name)),
  clear: () => pasted.clear(),
};

async function request(method, url, { body, token } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(url, {
    method, headers, credentials: "omit", cache: "no-store",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const message = json?.error ?? json?.message ?? (text || res.statusText);
    throw new ApiError(res.status, message, json?.code);
  }
  return json;
}

const enc = encodeURIComponent;

/** A Platform API call under the signed-in organization: platform("GET", "/databases"). */
export function platform(method, rest, body) {
  return request(method, `/v1/organizations/${enc(session.org)}${rest}`, { body, token: session.token });
}

/** A Platform API call not under an organization (current user, organizations). */
export function account(method, path, body, token = session.token) {
  return request(method, path, { body, token });
}

/** Signs in with `token`, or without one (an open dev server acts as its first user). */
export async function signIn(token) {
  const [me, listed] = await Promise.all([account("GET", "/v1/current-user", undefined, token),
    account("GET", "/v1/organizations", undefined, token)]);
  const orgs = listed.organizations ?? [];
  if (orgs.length === 0) throw new ApiError(401, "this token sees no organization");
  Object.assign(session, { token, user: me.user.username, orgs, anonymous: !token, sqlTokens: new Map() });
  session.org = orgs.find((o) => o.type === "personal")?.slug ?? orgs[0].slug;
  pastedTokens.clear();
}

export function signOut() {
  Object.assign(session, { token: null, user: null, org: null, orgs: [], anonymous: false, sqlTokens: new Map() });
  pastedTokens.clear();
}

/** The path-addressed URL of a database on this origin: /db/<org>/<name>/ */
export function dbUrl(name) {
  return `/db/${enc(session.org)}/${enc(name)}/`;
}

const SQL_TOKEN_LIFETIME = "1h";
const SQL_TOKEN_REUSE_MS = 50 * 60 * 1000;

/**
 * The database token the SQL and jobs APIs get for `name`: one the user pasted; none when the
 * console is anonymous on an open dev server (the server allows that); else one minted with the
 * signed-in API token (so SQL can do exactly what that token may mint, no more).
 */
export async function sqlToken(name) {
  if (pastedTokens.has(name)) return pastedTokens.get(name);
  if (session.anonymous) return null;
  const cached = session.sqlTokens.get(key(name));
  if (cached && cached.until > Date.now()) return cached.jwt;
  let minted;
  try {
    minted = await platform("POST", `/databases/${enc(name)}/auth/tokens?expiration=${SQL_TOKEN_LIFETIME}`, {});
  } catch (e) {
    throw new ApiError(e.status, `cannot mint a database token for ${name}: ${e.message} — paste a database `
      + "token on the Tokens page instead", e.code);
  }
  session.sqlTokens.set(key(name), { jwt: minted.jwt, until: Date.now() + SQL_TOKEN_REUSE_MS });
  return minted.jwt;
}

/** A SQL API (Hrana v2) pipeline on database `name`. */
export async function pipeline(name, requests) {
  const token = await sqlToken(name);
  return request("POST", `${dbUrl(name)}v2/pipeline`, { body: { baton: null, requests }, token });
}

/** A jobs API call on schema database `name` (GET <db-url>/v1/jobs…). */
export async function jobsApi(name, rest = "") {
  const token = await sqlToken(name);
  return request("GET", `${dbUrl(name)}v1/jobs${rest}`, { token });
}

/** Whether a database token grants read-only access (its `a` claim), read without verifying it. */
export function tokenIsReadOnly(jwt) {
  try {
    const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4))).a === "ro";
  } catch {
    return false;
  }
}

export { request };

// The console on a server that requires tokens (`shoal dev --auth`): sign in with an API token,
// see exactly what it may see (a group-scoped token sees one group), run SQL through a database
// token minted with it, follow a migration's event stream with a bearer token, and get the API's
// refusal when the token cannot mint one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot, text, api, runSql, AUTH_URL, AUTH_TOKEN } from "./helpers.mjs";

let browser;
let page;
const admin = (method, path, body) => api(AUTH_URL, method, path, body, AUTH_TOKEN);

async function mintApiToken(name, body) {
  const r = await admin("POST", `/v1/auth/api-tokens/${name}`, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

async function signIn(token) {
  if (await page.locator("#sign-out").count()) await page.click("#sign-out");
  await page.waitForSelector("#sign-in");
  await page.fill("#api-token", token);
  await page.click("#sign-in button[type=submit]");
}

before(async () => {
  browser = await launch();
  page = await openPage(browser);
  assert.equal((await admin("POST", "/v1/organizations/admin/groups", { name: "team-a", location: "local" })).status, 200);
  for (const [name, group] of [["a-one", "team-a"], ["a-two", "team-a"], ["b-one", "default"]]) {
    assert.equal((await admin("POST", "/v1/organizations/admin/databases", { name, group })).status, 200);
  }
});

after(async () => {
  assert.deepEqual(page.problems, [], "no script errors or CSP violations");
  await browser?.close();
});

test("without a token the console asks for one, and shows the API's refusal of a wrong one", async () => {
  await page.goto(`${AUTH_URL}/console/`);
  await page.waitForSelector("#sign-in");
  assert.equal(await page.getAttribute("#api-token", "type"), "password");
  await page.fill("#api-token", "shoal_not-a-real-token");
  await page.click("#sign-in button[type=submit]");
  assert.match(await text(page, "#app .error"), /^401 /);
  await screenshot(page, "sign-in");
});

test("an API token signs in; SQL runs with a database token minted for the page", async () => {
  await signIn(AUTH_TOKEN);
  assert.equal(await text(page, "#user"), "admin");
  await page.waitForSelector("#databases tr[data-name=b-one]");
  await page.goto(`${AUTH_URL}/console/#/sql/b-one`);
  assert.equal(await text(page, "#sql-access"), "read-write");
  assert.match(await text(page, "#sql-mode"), /a database token minted for this page/);
  await runSql(page, "CREATE TABLE t (x); INSERT INTO t VALUES (42); SELECT x FROM t");
  assert.equal(await text(page, "#sql-results section.step:last-of-type tbody td"), "42");
});

test("a token scoped to one group sees that group only", async () => {
  await signIn(await mintApiToken("team-a-only", { organization: "admin", group: "team-a", scopes: ["full-access"] }));
  await page.waitForSelector("#databases tr[data-name=a-one]");
  const names = await page.locator("#databases tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.name));
  assert.deepEqual(names, ["a-one", "a-two"]);
  await page.goto(`${AUTH_URL}/console/#/sql/b-one`);
  assert.match(await text(page, "#sql-mode .error"), /^401 cannot mint a database token for b-one: /);
});

test("a read-only API token cannot mint database tokens: the SQL page says so", async () => {
  await signIn(await mintApiToken("look-only", { scopes: ["read-only"] }));
  await page.waitForSelector("#databases tr[data-name=b-one]");
  await page.goto(`${AUTH_URL}/console/#/sql/b-one`);
  assert.match(await text(page, "#sql-mode .error"), /^401 cannot mint a database token for b-one: .*paste a database token/);
});

test("a migration's event stream is followed with a bearer token", async () => {
  await signIn(AUTH_TOKEN);
  assert.equal((await admin("POST", "/v1/organizations/admin/databases", { name: "auth-schema", is_schema: true })).status, 200);
  for (const name of ["auth-c1", "auth-c2", "auth-c3"]) {
    assert.equal((await admin("POST", "/v1/organizations/admin/databases", { name, schema: "auth-schema" })).status, 200);
  }
  const live = await openPage(browser);
  await live.goto(`${AUTH_URL}/console/`);
  await live.fill("#api-token", AUTH_TOKEN);
  await live.click("#sign-in button[type=submit]");
  await live.waitForSelector("#databases");
  await live.goto(`${AUTH_URL}/console/#/migration/auth-schema/next`);
  await live.waitForSelector("#job-status:has-text('Waiting for the next migration')");
  await page.goto(`${AUTH_URL}/console/#/sql/auth-schema`);
  await runSql(page, "CREATE TABLE things (id INTEGER PRIMARY KEY)");
  await live.waitForSelector("#job-state[data-finished=true]");
  assert.equal(await text(live, "#job-state"), "RunSuccess");
  assert.equal(await text(live, 'dd[data-count="applied"]'), "3");
  assert.equal(await live.getAttribute("#job-progress", "value"), "100");
  assert.deepEqual(live.problems, []);
});

// The SQL and Tokens pages and destroying a database, on the open dev server: values shown
// faithfully (NULL, blobs, integers past 2^53), errors as the API returns them, parameters, a
// read-only database token minted, used, and refused a write; the CLI's destroy confirmation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot, text, api, runSql, OPEN_URL } from "./helpers.mjs";

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await openPage(browser);
  assert.equal((await api(OPEN_URL, "POST", "/v1/organizations/admin/databases", { name: "notes" })).status, 200);
  await page.goto(`${OPEN_URL}/console/#/sql/notes`);
  await page.waitForSelector("#sql-access");
});

after(async () => {
  assert.deepEqual(page.problems, [], "no script errors or CSP violations");
  await browser?.close();
});

test("results show NULL, blobs, big integers and floats as SQLite holds them", async () => {
  await runSql(page, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, big INTEGER, data BLOB, ratio REAL);
INSERT INTO notes (body, big, data, ratio) VALUES ('a; "quoted" -- not a comment', 9007199254740993, x'00ff10', 2.0);
INSERT INTO notes (body, big, data, ratio) VALUES (NULL, -9223372036854775808, NULL, 0.1);
SELECT id, body, big, data, ratio FROM notes ORDER BY id`);
  const cells = async (n) => page.locator(`#sql-results section.step:last-of-type tbody tr:nth-child(${n}) td`).allTextContents();
  assert.deepEqual(await cells(1), ["1", 'a; "quoted" -- not a comment', "9007199254740993", "x'00ff10'", "2.0"]);
  assert.deepEqual(await cells(2), ["2", "NULL", "-9223372036854775808", "NULL", "0.1"]);
  assert.equal(await page.locator("#sql-results section.step:last-of-type td.null").count(), 2);
  assert.equal(await page.locator("#sql-results section.step").count(), 4, "one result per statement");
  await screenshot(page, "sql");
});

test("a script stops at its first error, shown as the SQL API returns it", async () => {
  await runSql(page, "INSERT INTO notes (body) VALUES ('kept');\nSELECT nope FROM notes;\nINSERT INTO notes (body) VALUES ('never')");
  assert.equal(await text(page, "#sql-results .error"), "no such column: nope (SQLITE_ERROR)");
  await runSql(page, "SELECT count(*) FROM notes WHERE body = 'never'");
  assert.equal(await text(page, "#sql-results tbody td"), "0");
});

test("parameters bind to a statement, big integers as Hrana values", async () => {
  await page.fill("#sql-params", '[{"type":"integer","value":"9007199254740995"}, "p"]');
  await runSql(page, "SELECT ? + 0 AS n, ? AS t");
  assert.deepEqual(await page.locator("#sql-results tbody td").allTextContents(), ["9007199254740995", "p"]);
  await page.fill("#sql-params", '{"who": "named"}');
  await runSql(page, "SELECT :who");
  assert.equal(await text(page, "#sql-results tbody td"), "named");
  await runSql(page, "SELECT :who; SELECT 2");
  assert.equal(await text(page, "#sql-results .error"), "parameters bind to one statement; the editor holds 2");
  await page.fill("#sql-params", "[1,");
  await runSql(page, "SELECT ?");
  assert.match(await text(page, "#sql-results .error"), /^parameters are not JSON/);
  await page.fill("#sql-params", "");
});

test("a read-only database token is minted, copied, and refused writes on the SQL page", async () => {
  await page.goto(`${OPEN_URL}/console/#/tokens?db=notes`);
  await page.selectOption("#token-access", "read-only");
  await page.fill("#token-expiry", "1h");
  await page.click("#mint-token button[type=submit]");
  const jwt = (await page.inputValue("#minted-token")).trim();
  assert.equal(jwt.split(".").length, 3, jwt);
  assert.equal(JSON.parse(Buffer.from(jwt.split(".")[1], "base64url")).a, "ro");
  await page.click("#copy-token");
  assert.match(await text(page, "#copy-status"), /Copied\.|Selected/);
  await screenshot(page, "tokens");

  await page.click("#use-token");
  assert.equal(await text(page, "#sql-access"), "read-only");
  await runSql(page, "SELECT count(*) FROM notes");
  assert.equal(await text(page, "#sql-results tbody td"), "3");
  await runSql(page, "INSERT INTO notes (body) VALUES ('refused')");
  assert.match(await text(page, "#sql-results .error"), /\(SQLITE_READONLY\)$/);
  await page.click("#sql-mode button"); // forget the pasted token: dev mode's full access again
  assert.equal(await text(page, "#sql-access"), "read-write");
});

test("a group token is minted; an unknown database's token is the API's 404", async () => {
  await page.goto(`${OPEN_URL}/console/#/tokens`);
  await page.selectOption("#token-scope", "group");
  await page.fill("#token-target", "default");
  await page.click("#mint-token button[type=submit]");
  assert.equal((await page.inputValue("#minted-token")).split(".").length, 3);
  await page.selectOption("#token-scope", "database");
  await page.fill("#token-target", "ghost");
  await page.click("#mint-token button[type=submit]");
  assert.match(await text(page, "#token-out .error"), /^404 /);
});

test("destroying asks the CLI's question; No keeps the database, Yes destroys it", async () => {
  assert.equal((await api(OPEN_URL, "POST", "/v1/organizations/admin/databases", { name: "doomed" })).status, 200);
  await page.goto(`${OPEN_URL}/console/#/databases?prefix=doomed`);
  await page.click("#databases tr[data-name=doomed] button.danger");
  assert.match(await text(page, "#confirm-destroy"), /Database doomed and all its data will be destroyed\.\s*Are you sure you want to do this\?/);
  await page.click("#destroy-no");
  assert.equal(await text(page, "#db-status"), "Database destruction avoided.");
  assert.equal((await api(OPEN_URL, "GET", "/v1/organizations/admin/databases/doomed")).status, 200);
  await page.click("#databases tr[data-name=doomed] button.danger");
  await page.click("#destroy-yes");
  await page.waitForSelector("#db-status:has-text('Destroyed database doomed.')");
  await page.waitForSelector("#databases tr[data-name=doomed]", { state: "detached" });
  assert.equal((await api(OPEN_URL, "GET", "/v1/organizations/admin/databases/doomed")).status, 404);
});

test("a bad name or prefix gets the API's own error", async () => {
  await page.goto(`${OPEN_URL}/console/#/databases?prefix=Bad%25`);
  assert.match(await text(page, "#db-list .error"), /^400 invalid `prefix`/);
});

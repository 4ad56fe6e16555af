// A schema family in the browser, on the open dev server (signed in automatically): create the
// schema database and a child on the Databases page, more children through the API, run a
// migration from the SQL page while a second tab follows it live, see a failed dry run's error
// per child, press retry, and read the family page (versions, drift check, history, plan).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot, text, api, sql, inParallel, runSql, OPEN_URL } from "./helpers.mjs";

const SCHEMA = "app-schema";
const CHILDREN = 120; // enough that the progress bar moves through several SSE updates
const child = (i) => `ws-${String(i).padStart(3, "0")}`;
let browser;
let sqlTab;
let liveTab;

before(async () => {
  browser = await launch();
  sqlTab = await openPage(browser);
  liveTab = await openPage(browser);
});

after(async () => {
  for (const p of [sqlTab, liveTab]) assert.deepEqual(p.problems, [], "no script errors or CSP violations");
  await browser?.close();
});

test("the console opens signed in (dev mode) and sends its hardening headers", async () => {
  const res = await sqlTab.goto(`${OPEN_URL}/console/`);
  const headers = res.headers();
  assert.match(headers["content-security-policy"], /script-src 'self';/);
  assert.equal(headers["x-frame-options"], "DENY");
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["referrer-policy"], "no-referrer");
  assert.equal(await text(sqlTab, "#user"), "admin (dev mode)");
  await sqlTab.waitForSelector("#databases tr[data-name=default]");
});

test("a schema database and its first child are created on the Databases page", async () => {
  await sqlTab.fill("#new-db-name", SCHEMA);
  await sqlTab.selectOption("#new-db-kind", "schema");
  await sqlTab.click("#create-db button[type=submit]");
  await sqlTab.waitForSelector(`#databases tr[data-name=${SCHEMA}] .kind-schema`);

  await sqlTab.goto(`${OPEN_URL}/console/#/sql/${SCHEMA}`);
  await runSql(sqlTab, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\nINSERT INTO users (email) VALUES ('first@example.com')");
  assert.equal(await sqlTab.locator("#sql-results .error").count(), 0, await sqlTab.textContent("#sql-results"));

  await sqlTab.goto(`${OPEN_URL}/console/#/databases`);
  await sqlTab.fill("#new-db-name", child(1));
  await sqlTab.selectOption("#new-db-kind", "child");
  await sqlTab.fill("#new-db-schema", SCHEMA);
  await sqlTab.click("#create-db button[type=submit]");
  assert.equal(await text(sqlTab, `#databases tr[data-name=${child(1)}] .kind`), `child of ${SCHEMA}`);
  await inParallel(Array.from({ length: CHILDREN - 1 }, (_, i) => async () => {
    const r = await api(OPEN_URL, "POST", "/v1/organizations/admin/databases", { name: child(i + 2), schema: SCHEMA });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }));
  await sqlTab.goto(`${OPEN_URL}/console/#/databases?prefix=ws-`);
  await sqlTab.waitForSelector("#databases tr[data-name=ws-050] .usage-size:not(:text('…'))");
  assert.equal(await sqlTab.locator("#databases tbody tr").count(), 50, "one page of 50");
  await screenshot(sqlTab, "databases");
  await sqlTab.click("#next-page");
  await sqlTab.waitForSelector("#databases tr[data-name=ws-051]");
  await sqlTab.click("#prev-page");
  await sqlTab.waitForSelector("#databases tr[data-name=ws-001]");
});

/** Opens the live tab on "the next migration", runs `statement` on the SQL tab, waits for the end. */
let migrations = 0;
async function migrate(statement) {
  await liveTab.goto(`${OPEN_URL}/console/#/migration/${SCHEMA}/next?n=${++migrations}`); // a new hash: a fresh page
  await liveTab.waitForSelector("#job-status:has-text('Waiting for the next migration')");
  await sqlTab.goto(`${OPEN_URL}/console/#/sql/${SCHEMA}`);
  await sqlTab.waitForSelector("#sql-access");
  await runSql(sqlTab, statement);
  await liveTab.waitForSelector("#job-state[data-finished=true]");
  await liveTab.waitForSelector("#job-detail dl");
  const id = Number((await text(liveTab, "#job-id")).slice(1));
  const detail = (await api(OPEN_URL, "GET", `/v1/organizations/admin/databases/${SCHEMA}/jobs/${id}`)).body;
  const count = async (name) => Number(await text(liveTab, `dd[data-count="${name}"]`));
  return { id, detail, count };
}

test("a migration sent from the SQL page is followed live to 100 %, with the API's counts", async () => {
  const { detail, count } = await migrate("ALTER TABLE users ADD COLUMN phone TEXT");
  assert.equal(await sqlTab.locator("#sql-results .error").count(), 0, await sqlTab.textContent("#sql-results"));
  assert.equal(detail.status, "RunSuccess");
  assert.equal(await text(liveTab, "#job-state"), "RunSuccess");
  assert.equal(await liveTab.getAttribute("#job-progress", "value"), "100");
  assert.equal(await text(liveTab, "#job-percent"), "100 %");
  assert.equal(await count("children"), detail.children);
  assert.equal(detail.children, CHILDREN);
  const applied = detail.progress.filter((p) => p.status === "RunSuccess").length;
  assert.equal(await count("applied"), applied);
  assert.equal(await count("dry run passed"), CHILDREN);
  assert.equal(await count("dry run failed"), 0);
  assert.equal(await count("apply failed"), 0);
  assert.match(await text(liveTab, "#job-failed"), /None\./);
  await screenshot(liveTab, "migration");
});

test("a failed dry run shows the failing child's own error, on both pages; retry shows the API's answer", async () => {
  const bad = child(37);
  await sql(OPEN_URL, bad, "INSERT INTO users (email) VALUES ('twin@example.com'), ('twin@example.com')");
  const { id, detail, count } = await migrate("CREATE UNIQUE INDEX users_email ON users(email)");
  assert.equal(detail.status, "DryRunFailure");
  const sqlError = await text(sqlTab, "#sql-results .error");
  assert.match(sqlError, new RegExp(`migration dry run failed on database ${bad}: UNIQUE constraint failed: users\\.email`));
  assert.equal(await text(liveTab, "#job-state"), "DryRunFailure");
  assert.equal(await count("dry run failed"), 1);
  assert.equal(await count("applied"), 0);
  const failedRow = await text(liveTab, "#failed-table tbody tr");
  const apiError = detail.progress.find((p) => p.namespace === bad).error;
  assert.match(apiError, /UNIQUE constraint failed: users\.email/);
  assert.ok(failedRow.includes(bad) && failedRow.includes(apiError), failedRow);
  await screenshot(liveTab, "migration-failed");

  // Retry is for jobs that left children to migrate (RunFailure, Cancelled, NeedsAttention); the
  // console shows the API's refusal of a DryRunFailure (nothing was applied: send it again instead).
  await liveTab.click("#job-retry");
  assert.equal(await text(liveTab, "#job-out .error"),
    `400 only a job that ended with children left to migrate (RunFailure, Cancelled, NeedsAttention) can be retried; job ${id} is DryRunFailure`);

  // Fixed in the child, the same migration goes through.
  await sql(OPEN_URL, bad, "DELETE FROM users WHERE email = 'twin@example.com'");
  const again = await migrate("CREATE UNIQUE INDEX users_email ON users(email)");
  assert.equal(again.detail.status, "RunSuccess");
  assert.equal(await liveTab.getAttribute("#job-progress", "value"), "100");
});

test("each control on an ended job shows the API's answer", async () => {
  const id = Number((await text(liveTab, "#job-id")).slice(1));
  for (const action of ["cancel", "pause", "resume", "promote"]) {
    await liveTab.evaluate(() => document.getElementById("job-out").replaceChildren()); // the last answer
    await liveTab.click(`#job-${action}`);
    await liveTab.waitForSelector("#job-out .error, #job-out .notice");
    const shown = await text(liveTab, "#job-out");
    const r = await api(OPEN_URL, "POST", `/v1/organizations/admin/databases/${SCHEMA}/jobs/${id}/${action}`, {});
    if (r.status >= 400) assert.ok(shown.startsWith(`${r.status} ${r.body.error}`), `${action}: ${shown}`);
    else assert.match(shown, new RegExp(`^${action}: job`));
  }
});

test("the family page shows each child's version, drift, history, and plans a migration", async () => {
  await sqlTab.goto(`${OPEN_URL}/console/#/schema/${SCHEMA}`);
  const version = await text(sqlTab, "#schema-version");
  assert.equal(version, "4", "four migrations: CREATE, INSERT, ALTER, CREATE INDEX");
  await sqlTab.waitForSelector(`#children-table tr[data-name=${child(1)}] .version:text("4")`);
  assert.match(await text(sqlTab, "#schema-out"), /Press Check/, "no check on its own for a family past one page");
  await sqlTab.click("#check");
  await sqlTab.waitForSelector("#check-result");
  assert.match(await text(sqlTab, "#check-result"), new RegExp(`${CHILDREN} of ${CHILDREN} children in sync, 0 drifted`));
  assert.equal(await text(sqlTab, `#children-table tr[data-name=${child(1)}] .drift`), "in sync");
  const history = await sqlTab.locator("#history-table tbody tr").allTextContents();
  assert.equal(history.length, 5, history.join("\n"));
  assert.match(history[1], /DryRunFailure/);
  await sqlTab.waitForSelector("#history-table tr[data-job='3'] pre.sql:text('ALTER TABLE users ADD COLUMN phone TEXT')");

  await sql(OPEN_URL, child(5), "INSERT INTO users (email, phone) VALUES ('a@x', '1'), ('b@x', '1')");
  await sqlTab.fill("#plan-sql", "CREATE UNIQUE INDEX users_phone ON users(phone)");
  await sqlTab.click("#plan");
  assert.match(await text(sqlTab, "#plan-result"), new RegExp(`would fail on 1 of ${CHILDREN} children`));
  assert.match(await text(sqlTab, "#plan-failures tbody"), /ws-005.*UNIQUE constraint failed: users\.phone/);
  await screenshot(sqlTab, "schema");

  await sqlTab.click("#repair");
  await sqlTab.waitForSelector("#schema-out .error, #schema-out .notice");
  const r = await api(OPEN_URL, "POST", `/v1/organizations/admin/databases/${SCHEMA}/schema/repair`, {});
  if (r.status >= 400) assert.ok((await text(sqlTab, "#schema-out")).startsWith(`${r.status} ${r.body.error}`));
});

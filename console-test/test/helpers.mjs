// Shared by the browser tests: the system Chromium, pages that fail the test on a script error
// or a Content-Security-Policy violation, screenshots for docs/console/, and API calls that
// set up or check what the console shows (through the same public APIs it uses).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const OPEN_URL = process.env.SHOAL_URL;
export const AUTH_URL = process.env.SHOAL_AUTH_URL;
export const AUTH_TOKEN = process.env.SHOAL_AUTH_TOKEN;
if (!OPEN_URL || !AUTH_URL) throw new Error("run these tests with console-test/run.sh (it starts the servers)");

const SHOTS = process.env.SHOAL_CONSOLE_SHOTS_DIR
  ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "console");
export const WAIT_MS = 20_000;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.SHOAL_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

/** A 1280x800 page whose script errors and CSP violations are collected in `page.problems`. */
export async function openPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // A refused API call logs "Failed to load resource" — the page shows those errors itself.
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(WAIT_MS);
  return page;
}

/** A 1280x800 PNG of the page, docs/console/<name>.png when run.sh is asked for them. */
export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** The text of the first element matching `selector`, once it exists. */
export async function text(page, selector) {
  await page.waitForSelector(selector);
  return (await page.textContent(selector)).trim();
}

/** A Platform API call on `base` (JSON in and out); returns {status, body}. */
export async function api(base, method, path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const raw = await res.text();
  return { status: res.status, body: raw ? JSON.parse(raw) : null };
}

/** One statement on database `db` of organization admin, through the SQL API. */
export async function sql(base, db, statement, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/db/admin/${db}/v2/pipeline`, {
    method: "POST", headers,
    body: JSON.stringify({ requests: [{ type: "execute", stmt: { sql: statement } }, { type: "close" }] }),
  });
  const body = await res.json();
  if (body.results?.[0]?.type !== "ok") throw new Error(`${statement}: ${JSON.stringify(body)}`);
  return body.results[0].response.result;
}

/** Runs `tasks` (functions returning promises) `width` at a time. */
export async function inParallel(tasks, width = 8) {
  const queue = [...tasks];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await t();
  }));
}

/** Types `statements` into the SQL page's editor and runs them; resolves when results show. */
export async function runSql(page, statements) {
  await page.fill("#sql-editor", statements);
  await page.click("#sql-run");
  await page.waitForSelector("#sql-results section.step, #sql-results .error");
}

// Benchmark, not a test: how fast the console's Databases page opens and searches by name in an
// organization of 100,000 databases. Starts `shoal dev` on a fresh data directory, creates the
// databases through the Platform API from several keep-alive clients, then opens the page in the
// system Chromium (a fresh browser context each run) and times, from the browser's side:
//   open   - navigation to /console/#/databases until the first page of 50 rows is drawn
//   usage  - ... until every row's size and rows read/written (one usage call per row) are in
//   search - typing a name prefix and pressing Search until the matching rows are drawn
// Prints a table of each run and the median. Results and the command: docs/benchmarks.md §8.
//
//   node bench/databases-100k.mjs [--databases 100000] [--clients 8] [--runs 5] [--jar ../cli/target/shoal-cli.jar]
//   node bench/databases-100k.mjs --url http://127.0.0.1:8080 --runs 5    # an open dev server already filled
//   node bench/databases-100k.mjs --data-dir /tmp/big    # kept; a second run reuses its databases
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";

const opts = parseArgs(process.argv.slice(2), { databases: 100000, clients: 8, runs: 5, jar: "../cli/target/shoal-cli.jar",
  url: "", "data-dir": "" });
const name = (i) => `tenant-${String(i).padStart(6, "0")}`;

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in defaults)) throw new Error(`unknown option ${argv[i]}; options: ${Object.keys(defaults).join(", ")}`);
    out[key] = typeof defaults[key] === "number" ? Number(argv[i + 1]) : argv[i + 1];
  }
  return out;
}

async function startServer() {
  if (!existsSync(opts.jar)) throw new Error(`${opts.jar} not found: build it with ./mvnw -pl cli -am package -DskipTests`);
  const keep = opts["data-dir"] !== "";
  const dir = keep ? opts["data-dir"] : mkdtempSync(join(tmpdir(), "shoal-console-bench-"));
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
  const proc = spawn(java, ["--enable-native-access=ALL-UNNAMED", "-jar", opts.jar, "dev", "--port", "0", "--no-login",
    "--data-dir", join(dir, "data")], { env: { ...process.env, SHOAL_CONFIG_DIR: join(dir, "config") } });
  const url = await new Promise((resolve, reject) => {
    let log = "";
    proc.stdout.on("data", (d) => {
      log += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) resolve(m[1]);
    });
    proc.stderr.on("data", (d) => { log += d; });
    proc.on("exit", (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });
  const stop = () => new Promise((r) => {
    proc.removeAllListeners("exit");
    proc.on("exit", () => { if (!keep) rmSync(dir, { recursive: true, force: true }); r(); });
    proc.kill("SIGTERM");
  });
  return { url, stop };
}

async function createDatabases(url) {
  const last = await fetch(`${url}/v1/organizations/admin/databases/${name(opts.databases)}`);
  if (last.status === 200) {
    console.log(`the data directory already holds ${name(opts.databases)}: not creating databases`);
    return;
  }
  let next = 1;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i <= opts.databases; i = next++) {
      const res = await fetch(`${url}/v1/organizations/admin/databases`, { method: "POST", body: JSON.stringify({ name: name(i) }) });
      if (res.status !== 200) throw new Error(`creating ${name(i)}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      if (i % 10000 === 0) console.log(`  ${i.toLocaleString("en")} created (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, worker));
  const s = (performance.now() - started) / 1000;
  console.log(`created ${opts.databases.toLocaleString("en")} databases in ${s.toFixed(1)} s (${Math.round(opts.databases / s)}/s, ${opts.clients} clients)`);
}

async function measure(browser, url, run) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${url}/console/#/databases`);
  await page.waitForSelector("#databases tbody tr:nth-child(50)");
  const open = performance.now() - t0;
  await page.waitForFunction(() => [...document.querySelectorAll("#databases .usage-size")].every((c) => c.textContent !== "…"));
  const usage = performance.now() - t0;
  const listMs = Number(await page.getAttribute("#db-list", "data-loaded-ms")); // the list call + drawing, in the page
  const target = 1 + ((run * 19997 + 12345) % opts.databases); // a different part of the name index each run
  const prefix = name(target).slice(0, -1); // ten names (or fewer at the end)
  const t1 = performance.now();
  await page.fill("#db-search", prefix);
  await page.click("#db-search-form button");
  await page.waitForSelector(`#databases tbody tr[data-name="${name(target)}"]`);
  const search = performance.now() - t1;
  const rows = await page.locator("#databases tbody tr").count();
  await context.close();
  return { open, usage, search, prefix, rows, listMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = opts.url ? { url: opts.url, stop: async () => {} } : await startServer();
try {
  if (!opts.url) await createDatabases(server.url);
  const browser = await chromium.launch({ executablePath: process.env.SHOAL_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
  await measure(browser, server.url, 0); // warm-up: the JIT, the page cache, the browser's module cache
  const results = [];
  for (let run = 1; run <= opts.runs; run++) {
    const r = await measure(browser, server.url, run);
    results.push(r);
    console.log(`run ${run}: open ${r.open.toFixed(0)} ms (list call + table ${r.listMs} ms), usage filled ${r.usage.toFixed(0)} ms, search "${r.prefix}" ${r.search.toFixed(0)} ms (${r.rows} rows)`);
  }
  const version = browser.version();
  await browser.close();
  const m = (k) => median(results.map((r) => r[k])).toFixed(0);
  console.log(`median of ${opts.runs}: open ${m("open")} ms, usage filled ${m("usage")} ms, search ${m("search")} ms`
    + ` (${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}, Chromium ${version})`);
} finally {
  await server.stop();
}

// Runs the README's quick start, command by command, with the real `shoal` CLI (the jar run.sh
// starts the server from) and the README's own @libsql/client snippet. If the README changes,
// this test runs the new text: the quick start cannot drift from what works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const compatDir = join(here, "..");
const readme = readFileSync(join(compatDir, "..", "README.md"), "utf8");

function quickstart() {
  const m = readme.match(/<!-- quickstart:start -->([\s\S]*?)<!-- quickstart:end -->/);
  assert.ok(m, "README.md must have a quickstart section");
  const blocks = [...m[1].matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({ lang, body }));
  const commands = blocks.filter((b) => b.lang === "sh").flatMap((b) => b.body.split("\n"))
    .map((l) => l.trim()).filter((l) => l.startsWith("./shoal "));
  const js = blocks.find((b) => b.lang === "js");
  return { commands, js: js && js.body };
}

test("the README opens with ./shoal dev and ./run-tests", () => {
  const [first, second] = readme.split("\n").map((l) => l.trim()).filter((l) => /^\.\/\S+/.test(l));
  assert.match(first, /^\.\/shoal dev(\s|$)/);
  assert.match(second, /^\.\/run-tests(\s|$)/);
});

test("every command of the README quick start works, then the Node snippet reads the data", { timeout: 120_000 }, () => {
  const { commands, js } = quickstart();
  assert.ok(commands.length >= 5, "quick start has its shoal commands");
  assert.ok(js, "quick start has its Node snippet");
  const jar = process.env.SHOAL_JAR;
  const java = join(process.env.JAVA_HOME ?? "", "bin", "java");
  assert.ok(jar && process.env.JAVA_HOME && process.env.SHOAL_CONFIG_DIR, "run by compat/run.sh");

  // A ./shoal in a scratch directory that runs the jar under test, so the README lines run verbatim.
  const bin = mkdtempSync(join(tmpdir(), "shoal-readme-"));
  writeFileSync(join(bin, "shoal"), `#!/bin/sh\nexec "${java}" --enable-native-access=ALL-UNNAMED -jar "${jar}" "$@"\n`);
  chmodSync(join(bin, "shoal"), 0o755);
  const run = (line) => execFileSync("bash", ["-c", line], { cwd: bin, env: process.env, encoding: "utf8" });
  try {
    const outputs = commands.map((line) => ({ line, out: run(line) }));
    const select = outputs.find((o) => o.line.includes("SELECT"));
    assert.match(select.out, /hello from the shell/);
    const url = outputs.find((o) => o.line.includes("--http-url")).out.trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/db\/admin\/notes\/$/);
    const token = outputs.find((o) => o.line.includes("tokens create")).out.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    // The snippet, as written, next to compat/node_modules so it finds @libsql/client.
    const app = join(compatDir, `.readme-app-${process.pid}.mjs`);
    writeFileSync(app, js);
    try {
      const out = execFileSync(process.execPath, [app], {
        env: { ...process.env, SHOAL_DB_URL: url, SHOAL_DB_TOKEN: token }, encoding: "utf8",
      });
      assert.match(out, /hello from the shell/);
      assert.match(out, /hello from Node/);
    } finally {
      rmSync(app, { force: true });
    }
  } finally {
    try {
      run("./shoal db destroy notes --yes");
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }
});

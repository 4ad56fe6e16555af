// GET /metrics read by a published Prometheus text-format parser (parse-prometheus-text-format),
// and its counters moving when @libsql/client runs a migration over a family and a few pipelines.
// Other test files run at the same time against the same server, so counters are checked to grow
// by at least what this file did.
import { test } from "node:test";
import assert from "node:assert/strict";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { SHOAL_URL } from "./helpers.mjs";
import { createFamily } from "./schema-family.mjs";

async function scrape() {
  const res = await fetch(`${SHOAL_URL}/metrics`); // shoal dev: open on loopback, no token
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await res.text();
  const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  families.text = text;
  return families;
}

/**
 * A labelled histogram's `_count` for the samples whose labels include `labels`. The parser (1.1.1)
 * merges the label sets of a histogram into one entry without labels or count, so these few
 * sample lines are read as the format defines them: `name_count{k="v",…} value`.
 */
function histogramCount(metrics, name, labels) {
  let sum = 0;
  for (const line of metrics.text.split("\n")) {
    const m = line.match(new RegExp(`^${name}_count\\{([^}]*)\\} (\\S+)$`));
    if (!m) continue;
    const have = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[2]);
  }
  return sum;
}

/** The value of a counter or gauge sample whose labels include `labels` (summed over the rest). */
function value(metrics, name, labels = {}) {
  const family = metrics.get(name);
  assert.ok(family, `no metric ${name}`);
  return family.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => (m.labels ?? {})[k] === v))
    .reduce((sum, m) => sum + Number(m.value ?? m.count), 0);
}

test("GET /metrics parses as the Prometheus text format, and its counters move", async () => {
  const before = await scrape();
  assert.equal(before.get("shoal_migration_jobs_started_total").type, "COUNTER");
  assert.equal(before.get("shoal_migration_write_block_seconds").type, "HISTOGRAM");
  assert.equal(before.get("shoal_open_databases").type, "GAUGE");
  assert.ok(before.get("jvm_memory_used_bytes"), "JVM basics are there");

  const family = await createFamily("metrics", 3);
  try {
    await family.parent.client.execute("CREATE TABLE m (x INTEGER)"); // one job, three children
    for (const child of family.children) {
      await child.client.execute("SELECT count(*) FROM m");
    }
    const after = await scrape();
    const grew = (name, labels) => value(after, name, labels) - value(before, name, labels);
    assert.ok(grew("shoal_migration_jobs_started_total") >= 1);
    assert.ok(grew("shoal_migration_jobs_finished_total", { status: "RunSuccess" }) >= 1);
    assert.ok(grew("shoal_migration_tasks_total", { phase: "dry_run", outcome: "ok" }) >= 3);
    assert.ok(grew("shoal_migration_tasks_total", { phase: "run", outcome: "ok" }) >= 3);
    assert.ok(grew("shoal_migration_write_block_seconds") >= 3, "one write-block window per child");
    const counted = (m, route) => histogramCount(m, "shoal_http_requests_seconds", { route, outcome: "ok" });
    const pipelines = counted(after, "pipeline_v2") - counted(before, "pipeline_v2")
      + counted(after, "pipeline_v3") - counted(before, "pipeline_v3");
    assert.ok(pipelines >= 4, `pipelines counted: ${pipelines}`);
    for (const db of family.all) {
      assert.ok(![...after.values()].some((f) => f.metrics.some((m) =>
        Object.values(m.labels ?? {}).includes(db.name))), `no label names ${db.name}`);
    }
  } finally {
    await family.drop();
  }
});

// A schema family: the schema database, its children (version, drift), its migration history,
// and plan / check / repair. Children's versions are read with `PRAGMA user_version` on each
// listed child; drift comes from the schema check (GET …/schema/check).
import { platform, pipeline } from "../api.js";
import { h, fill, table, row, errorBox, notice, when } from "../dom.js";

const CHILDREN_PAGE = 50;
const SQL_SHOWN_FOR = 10; // jobs whose SQL is fetched from their detail when the list has none

export async function render(main, [name], query, { go }) {
  const enc = encodeURIComponent(name);
  const head = h("div", { id: "schema-head" });
  const actions = h("div", { id: "schema-out" });
  const children = h("div", { id: "children" }, h("p", { class: "muted" }, "Loading children…"));
  const history = h("div", { id: "history" }, h("p", { class: "muted" }, "Loading history…"));
  const planSql = h("textarea", { id: "plan-sql", rows: 2, spellcheck: "false", "aria-label": "migration to plan",
    placeholder: "CREATE UNIQUE INDEX users_email ON users(email)" });
  main.append(h("h1", {}, "Schema family ", h("code", {}, name)), head,
    h("div", { class: "inline" },
      h("a", { class: "button", href: `#/sql/${enc}`, id: "schema-sql" }, "SQL on the schema database"),
      h("a", { class: "button", href: `#/migration/${enc}/next`, id: "follow-next" }, "Follow the next migration"),
      h("button", { type: "button", id: "check", onclick: () => check(name, actions, children) }, "Check"),
      h("button", { type: "button", id: "repair", onclick: () => repair(name, actions, go) }, "Repair")),
    h("form", { class: "inline", id: "plan-form", onsubmit: (e) => { e.preventDefault(); plan(name, planSql.value, actions); } },
      planSql, h("button", { type: "submit", id: "plan" }, "Plan")),
    actions, h("h2", {}, "Migration history"), history, h("h2", {}, "Children"), children);
  try {
    const db = (await platform("GET", `/databases/${enc}`)).database;
    if (!db.is_schema) {
      fill(head, errorBox({ message: `${name} is not a schema database` }));
      return;
    }
    const jobs = await platform("GET", `/databases/${enc}/jobs`);
    fill(head, h("p", {}, "Group ", h("strong", {}, db.group), " · schema version ",
      h("strong", { id: "schema-version" }, String(jobs.schema_version)), " · created ", when(db.created_at)));
    showHistory(name, jobs.migrations, history);
    const all = await showChildren(name, query.get("after") ?? "", children, jobs.schema_version);
    // The check reads every child's schema on the migration workers: on its own only for a small family.
    if (all) check(name, actions, children);
    else fill(actions, notice("Press Check to compare every child's schema with the schema database's."));
  } catch (err) {
    fill(head, errorBox(err));
  }
}

async function showChildren(name, after, box, schemaVersion) {
  const params = new URLSearchParams({ schema: name, limit: String(CHILDREN_PAGE) });
  if (after) params.set("cursor", after);
  const page = await platform("GET", `/databases?${params}`);
  if (page.databases.length === 0) {
    fill(box, notice("No children yet: create one on the Databases page (kind “child of…”)."));
    return !after;
  }
  const rows = page.databases.map((d) => row([h("a", { href: `#/sql/${encodeURIComponent(d.Name)}` }, d.Name),
    h("span", { class: "version" }, "…"), h("span", { class: "drift" }, ""), when(d.created_at)], { "data-name": d.Name }));
  const next = page.pagination?.next;
  fill(box, table(["Child", "Version", "Drift", "Created"], rows, { class: "grid", id: "children-table" }),
    next ? h("a", { href: `#/schema/${encodeURIComponent(name)}?after=${encodeURIComponent(next)}` }, "More children →") : null);
  await Promise.all(page.databases.map((d) => childVersion(d.Name, box, schemaVersion)));
  return !after && !next; // the whole family is on this page
}

async function childVersion(child, box, schemaVersion) {
  const cellOf = () => box.querySelector(`tr[data-name="${CSS.escape(child)}"] .version`);
  try {
    const r = await pipeline(child, [{ type: "execute", stmt: { sql: "PRAGMA user_version" } }, { type: "close" }]);
    const v = r.results[0].type === "ok" ? r.results[0].response.result.rows[0][0].value : "?";
    cellOf().textContent = v;
    if (String(v) !== String(schemaVersion)) cellOf().classList.add("behind");
  } catch (err) {
    cellOf().textContent = `(${err.status ?? "?"})`;
  }
}

function showHistory(name, jobs, box) {
  const real = jobs.filter((j) => j.job_id !== 0);
  if (real.length === 0) {
    fill(box, notice("No migration yet: write to the schema database to start one."));
    return;
  }
  const rows = real.map((j) => row([
    h("a", { href: `#/migration/${encodeURIComponent(name)}/${j.job_id}` }, `#${j.job_id}`),
    h("span", { class: `status status-${j.status}` }, j.status), String(j.version), when(j.created_at),
    j.sent_by ?? "—", j.duration_ms != null ? `${j.duration_ms} ms` : "—",
    j.children != null ? `${j.children - (j.failed ?? 0)}/${j.children}` : "—",
    h("pre", { class: "sql small" }, j.sql ?? "")], { "data-job": j.job_id }));
  fill(box, table(["Job", "Status", "Version", "When", "Sent by", "Duration", "Children ok", "SQL"], rows,
    { class: "grid", id: "history-table" }));
  real.slice(0, SQL_SHOWN_FOR).filter((j) => j.sql == null).forEach(async (j) => {
    try {
      const d = await platform("GET", `/databases/${encodeURIComponent(name)}/jobs/${j.job_id}`);
      const tr = box.querySelector(`tr[data-job="${j.job_id}"]`);
      tr.querySelector("pre.sql").textContent = d.sql ?? "";
      if (j.children == null && d.children != null) tr.children[6].textContent = `${d.children - d.failed}/${d.children}`;
    } catch { /* the list row stays as it is */ }
  });
}

async function check(name, out, children) {
  fill(out, h("p", { class: "muted" }, "Checking every child's schema…"));
  try {
    const r = await platform("GET", `/databases/${encodeURIComponent(name)}/schema/check`);
    for (const td of children.querySelectorAll(".drift")) td.textContent = "in sync";
    for (const d of r.differences) {
      const td = children.querySelector(`tr[data-name="${CSS.escape(d.database)}"] .drift`);
      if (td) { td.textContent = `${d.state}: ${d.detail}`; td.classList.add("drifted"); }
    }
    fill(out, h("div", { class: r.drifted ? "error" : "notice", id: "check-result" },
      `Check: ${r.in_sync} of ${r.children} children in sync, ${r.drifted} drifted`
      + (r.differences.length ? ` (${r.differences.map((d) => `${d.database} ${d.state}`).join(", ")})` : "")));
  } catch (err) {
    fill(out, errorBox(err));
  }
}

async function plan(name, sql, out) {
  fill(out, h("p", { class: "muted" }, "Dry-running on every child…"));
  try {
    const p = await platform("POST", `/databases/${encodeURIComponent(name)}/migrations/plan`, { sql });
    const verdict = p.schema_error ? `fails on the schema database: ${p.schema_error}`
      : p.would_succeed ? `would succeed on all ${p.children} children` : `would fail on ${p.would_fail} of ${p.children} children`;
    fill(out, h("div", { class: p.would_succeed ? "notice" : "error", id: "plan-result" }, `Plan: ${verdict} (${p.duration_ms} ms)`),
      p.failures.length ? table(["Child", "Error"], p.failures.map((f) => [f.database, f.error]), { class: "grid", id: "plan-failures" }) : null);
  } catch (err) {
    fill(out, errorBox(err));
  }
}

async function repair(name, out, go) {
  try {
    const r = await platform("POST", `/databases/${encodeURIComponent(name)}/schema/repair`, {});
    fill(out, notice(`Repair: ${r.in_sync ?? "?"} of ${r.children ?? "?"} in sync` + (r.job_id != null ? `; job ${r.job_id}` : "")),
      r.job_id != null ? h("a", { href: `#/migration/${encodeURIComponent(name)}/${r.job_id}` }, `Follow job ${r.job_id}`) : null);
  } catch (err) {
    fill(out, errorBox(err));
  }
}

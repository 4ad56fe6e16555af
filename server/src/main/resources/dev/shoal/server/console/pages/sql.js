// SQL on one database: the editor's statements run as one Hrana batch, each step only if the one
// before it succeeded, so a script stops at its first error as a shell would. On a schema
// database a write is a migration, and its request waits for the job.
import { pipeline, sqlToken, pastedTokens, tokenIsReadOnly, session } from "../api.js";
import { h, fill, table, row, errorBox, notice } from "../dom.js";
import { splitStatements } from "../statements.js";
import { cell, parseParameters } from "../values.js";

export async function render(main, [name]) {
  const editor = h("textarea", { id: "sql-editor", rows: 8, spellcheck: "false", "aria-label": "SQL",
    placeholder: "SELECT * FROM sqlite_schema;" });
  const params = h("textarea", { id: "sql-params", rows: 2, spellcheck: "false", "aria-label": "parameters",
    placeholder: "parameters (optional, one statement): [1, \"text\"] or {\"name\": 1}" });
  const results = h("div", { id: "sql-results" });
  const mode = h("div", { id: "sql-mode" });
  main.append(h("h1", {}, "SQL on ", h("code", {}, name)), mode,
    h("form", { id: "sql-form", onsubmit: (e) => { e.preventDefault(); run(name, editor.value, params.value, results); } },
      editor, params, h("div", { class: "inline" }, h("button", { type: "submit", id: "sql-run" }, "Run"),
        h("span", { class: "muted" }, "Ctrl+Enter runs. Statements run in order and stop at the first error."))),
    results);
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(name, editor.value, params.value, results); }
  });
  await showMode(name, mode);
}

/** Says which token SQL runs with, and whether it may write. */
async function showMode(name, mode) {
  let token;
  try {
    token = await sqlToken(name);
  } catch (err) {
    fill(mode, errorBox(err));
    return;
  }
  const pasted = pastedTokens.has(name);
  const readOnly = token ? tokenIsReadOnly(token) : false;
  mode.dataset.readOnly = String(readOnly);
  const how = pasted ? "a pasted database token" : session.anonymous ? "dev mode (no token)" : "a database token minted for this page";
  fill(mode, h("span", { class: readOnly ? "badge ro" : "badge rw", id: "sql-access" }, readOnly ? "read-only" : "read-write"),
    ` using ${how}.`, readOnly ? " Writes will be refused by the server." : "",
    pasted ? h("button", { type: "button", class: "link", onclick: () => { pastedTokens.delete(name); showMode(name, mode); } },
      "Forget the pasted token") : null);
}

async function run(name, text, paramText, results) {
  const statements = splitStatements(text);
  if (statements.length === 0) {
    fill(results, notice("Nothing to run."));
    return;
  }
  let bound;
  try {
    bound = parseParameters(paramText);
    if (Object.keys(bound).length > 0 && statements.length > 1) {
      throw new Error(`parameters bind to one statement; the editor holds ${statements.length}`);
    }
  } catch (err) {
    fill(results, errorBox(err));
    return;
  }
  const steps = statements.map((sql, i) => ({
    stmt: { sql, want_rows: true, ...bound },
    condition: i === 0 ? undefined : { type: "ok", step: i - 1 },
  }));
  fill(results, h("p", { class: "muted", id: "sql-running" }, `Running ${statements.length} statement(s)…`));
  const started = performance.now();
  try {
    const answer = await pipeline(name, [{ type: "batch", batch: { steps } }, { type: "close" }]);
    showBatch(statements, answer.results[0], results, performance.now() - started);
  } catch (err) {
    fill(results, errorBox(err));
  }
}

function showBatch(statements, outcome, results, ms) {
  if (outcome.type === "error") {
    fill(results, errorBox(outcome.error));
    return;
  }
  const { step_results: done, step_errors: errors } = outcome.response.result;
  const parts = [];
  statements.forEach((sql, i) => {
    if (errors[i]) parts.push(h("section", { class: "step" }, h("pre", { class: "sql" }, sql), errorBox(errors[i])));
    else if (done[i]) parts.push(h("section", { class: "step" }, h("pre", { class: "sql" }, sql), resultTable(done[i])));
  });
  parts.push(h("p", { class: "muted" }, `${Math.round(ms)} ms`));
  fill(results, parts);
}

function resultTable(r) {
  const facts = `${r.rows.length} row(s)` + (r.affected_row_count ? `, ${r.affected_row_count} changed` : "")
    + (r.last_insert_rowid ? `, last rowid ${r.last_insert_rowid}` : "");
  if (r.cols.length === 0) return h("p", { class: "muted" }, facts);
  return h("div", {}, table(r.cols.map((c) => c.name ?? ""), r.rows.map((vals) => row(vals.map(cell))),
    { class: "grid result" }), h("p", { class: "muted" }, facts));
}

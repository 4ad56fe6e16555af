// A live migration: the job's Server-Sent Events (GET <db-url>/v1/jobs/{id}/events) drive a
// progress bar and per-state counts; failed children are listed with their own errors; the
// controls call the Platform API's job routes and show whatever it answers.
import { platform, sqlToken, dbUrl } from "../api.js";
import { h, fill, table, errorBox, notice, when } from "../dom.js";
import { events } from "../sse.js";

const CONTROLS = ["cancel", "pause", "resume", "retry", "promote"];
const NEXT_POLL_MS = 200;

export function render(main, [name, job]) {
  const abort = new AbortController();
  const view = {
    title: h("h1", {}, "Migration of ", h("code", {}, name)),
    status: h("div", { id: "job-status" }, h("p", { class: "muted" }, job === "next" ? "Waiting for the next migration…" : "Loading…")),
    bar: h("progress", { id: "job-progress", max: 100, value: 0 }),
    percent: h("span", { id: "job-percent" }, "0 %"),
    counts: h("dl", { id: "job-counts", class: "counts" }),
    failed: h("div", { id: "job-failed" }),
    controls: h("div", { id: "job-controls", class: "inline" }),
    out: h("div", { id: "job-out" }),
    detail: h("div", { id: "job-detail" }),
  };
  main.append(view.title, view.status, h("div", { class: "bar" }, view.bar, view.percent), view.counts,
    view.controls, view.out, h("h2", {}, "Failed children"), view.failed, view.detail);
  follow(name, job, view, abort.signal).catch((err) => {
    if (!abort.signal.aborted) view.out.append(errorBox(err));
  });
  return () => abort.abort();
}

async function follow(name, job, view, signal) {
  const id = job === "next" ? await nextJob(name, signal) : Number(job);
  if (signal.aborted) return;
  view.title.dataset.job = String(id);
  fill(view.title, "Migration ", h("span", { id: "job-id" }, `#${id}`), " of ", h("code", {}, name));
  drawControls(name, id, view);
  const failures = [];
  const token = await sqlToken(name);
  for await (const { event, data } of events(`${dbUrl(name)}v1/jobs/${id}/events`, token, signal)) {
    if (event === "progress") drawProgress(data, view);
    else if (event === "failed") { failures.push(data); drawFailures(failures, view); }
    else if (event === "finished") { drawFinished(data, view); break; }
  }
  if (failures.length === 0) fill(view.failed, notice("None."));
  await drawDetail(name, id, view);
}

/** The first job newer than the newest one when the page opened. */
async function nextJob(name, signal) {
  const newest = async () => Math.max(0, ...(await platform("GET", `/databases/${encodeURIComponent(name)}/jobs`))
    .migrations.map((m) => m.job_id));
  const before = await newest();
  while (!signal.aborted) {
    await new Promise((r) => setTimeout(r, NEXT_POLL_MS));
    const now = await newest();
    if (now > before) return now;
  }
  return before;
}

function drawProgress(p, view) {
  const n = p.children || 0;
  // The dry run is the first half of the work, applying the second: RunSuccess is 100 %.
  const done = n === 0 ? (p.status === "RunSuccess" ? 1 : 0) : (p.dry_run.done + p.run.done) / (2 * n);
  const percent = Math.round(done * 100);
  view.bar.value = percent;
  view.percent.textContent = `${percent} %`;
  fill(view.status, h("span", { class: `status status-${p.status}`, id: "job-state" }, p.status));
  const counts = [["children", n], ["dry run passed", p.dry_run.done - p.dry_run.failed], ["dry run failed", p.dry_run.failed],
    ["applied", p.run.done - p.run.failed], ["apply failed", p.run.failed]];
  fill(view.counts, counts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", { "data-count": k }, String(v))]));
}

function drawFailures(failures, view) {
  fill(view.failed, table(["Child", "Phase", "Error"], failures.map((f) => [f.database, f.phase, f.error]),
    { class: "grid", id: "failed-table" }));
}

function drawFinished(f, view) {
  fill(view.status, h("span", { class: `status status-${f.status}`, id: "job-state", "data-finished": "true" }, f.status),
    f.error ? h("div", { class: "error", id: "job-error" }, f.error) : null);
}

async function drawDetail(name, id, view) {
  const d = await platform("GET", `/databases/${encodeURIComponent(name)}/jobs/${id}`);
  const facts = [["SQL", h("pre", { class: "sql" }, d.sql ?? "")], ["created", when(d.created_at)],
    ["finished", when(d.finished_at)], ["sent by", d.sent_by ?? "—"],
    ["duration", d.duration_ms != null ? `${d.duration_ms} ms` : "—"], ["children", `${d.children} (${d.failed} failed)`]];
  fill(view.detail, h("h2", {}, "Job"), h("dl", { class: "facts" }, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));
}

function drawControls(name, id, view) {
  fill(view.controls, CONTROLS.map((action) => h("button", { type: "button", id: `job-${action}`,
    onclick: () => control(name, id, action, view) }, action[0].toUpperCase() + action.slice(1))));
}

async function control(name, id, action, view) {
  try {
    const r = await platform("POST", `/databases/${encodeURIComponent(name)}/jobs/${id}/${action}`, {});
    fill(view.out, notice(`${action}: job ${r.job_id ?? id} is ${r.status ?? "updated"}`));
    if (action === "retry" || action === "resume") window.dispatchEvent(new HashChangeEvent("hashchange"));
  } catch (err) {
    fill(view.out, errorBox(err));
  }
}

// Databases: the organization's databases a page at a time (the list API's cursor), searched by
// name prefix (?prefix=, an index range on the catalog), with size and rows from each one's usage.
import { platform } from "../api.js";
import { h, fill, table, row, errorBox, notice, bytes, when } from "../dom.js";

const PAGE_SIZE = 50;
const USAGE_IN_FLIGHT = 6; // a browser opens six connections per origin

export function kindOf(db) {
  if (db.is_schema) return "schema";
  return db.schema ? "child" : "regular";
}

export async function render(main, _args, query, { go }) {
  const prefix = query.get("prefix") ?? "";
  const cursor = query.get("cursor") ?? "";
  if (!cursor) trail.length = 0;
  const status = h("div", { class: "status", id: "db-status" });
  const list = h("div", { id: "db-list" }, h("p", { class: "muted" }, "Loading…"));
  const search = h("input", { type: "search", id: "db-search", placeholder: "name starts with…", value: prefix,
    "aria-label": "search by name", autocomplete: "off" });
  const searchForm = h("form", { class: "inline", id: "db-search-form", onsubmit: (e) => {
    e.preventDefault();
    go(`#/databases?prefix=${encodeURIComponent(search.value.trim())}`);
  } }, search, h("button", { type: "submit" }, "Search"));
  main.append(h("h1", {}, "Databases"), searchForm, createForm(status, go), status, list);
  const started = performance.now();
  try {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (prefix) params.set("prefix", prefix);
    if (cursor) params.set("cursor", cursor);
    const page = await platform("GET", `/databases?${params}`);
    fill(list, listTable(page.databases, status),
      pager(prefix, cursor, page.pagination?.next, go));
    list.dataset.loadedMs = String(Math.round(performance.now() - started));
    loadUsage(page.databases, list);
  } catch (err) {
    fill(list, errorBox(err));
  }
}

function listTable(dbs, status) {
  if (dbs.length === 0) return notice("No databases match.");
  return table(["Name", "Group", "Kind", "Size", "Rows read", "Rows written", "Created", ""], dbs.map((db) => {
    const kind = kindOf(db);
    const link = kind === "schema" ? `#/schema/${encodeURIComponent(db.Name)}` : `#/sql/${encodeURIComponent(db.Name)}`;
    return row([h("a", { href: link }, db.Name), db.group,
      h("span", { class: `kind kind-${kind}` }, kind === "child" ? `child of ${db.schema}` : kind),
      h("span", { class: "usage-size" }, "…"), h("span", { class: "usage-read" }, "…"),
      h("span", { class: "usage-written" }, "…"), when(db.created_at),
      h("span", { class: "actions" }, h("a", { href: `#/sql/${encodeURIComponent(db.Name)}` }, "SQL"),
        h("button", { type: "button", class: "danger small", onclick: () => destroy(db.Name, status) }, "Destroy"))],
    { "data-name": db.Name });
  }), { id: "databases", class: "grid" });
}

/** Cursors of the pages before this one, for "← Previous" (the list API pages forward only). */
const trail = [];

function pager(prefix, cursor, next, go) {
  const base = `#/databases?prefix=${encodeURIComponent(prefix)}`;
  const prev = cursor
    ? h("button", { type: "button", id: "prev-page", onclick: () => go(`${base}&cursor=${encodeURIComponent(trail.pop() ?? "")}`) }, "← Previous")
    : null;
  const more = next
    ? h("button", { type: "button", id: "next-page", onclick: () => { trail.push(cursor); go(`${base}&cursor=${encodeURIComponent(next)}`); } }, "Next →")
    : null;
  return h("div", { class: "pager" }, prev, more);
}

/** Size and rows of each listed database, a few requests at a time. */
async function loadUsage(dbs, list) {
  const queue = [...dbs];
  const worker = async () => {
    for (let db = queue.shift(); db; db = queue.shift()) {
      const tr = list.querySelector(`tr[data-name="${CSS.escape(db.Name)}"]`);
      try {
        const u = (await platform("GET", `/databases/${encodeURIComponent(db.Name)}/usage`)).database.usage;
        tr.querySelector(".usage-size").textContent = bytes(u.storage_bytes);
        tr.querySelector(".usage-read").textContent = String(u.rows_read);
        tr.querySelector(".usage-written").textContent = String(u.rows_written);
      } catch (err) {
        tr.querySelector(".usage-size").textContent = `(${err.status ?? "?"})`;
      }
    }
  };
  await Promise.all(Array.from({ length: USAGE_IN_FLIGHT }, worker));
}

function createForm(status, go) {
  const name = h("input", { id: "new-db-name", required: true, placeholder: "name", pattern: "[a-z0-9\\-]{1,64}",
    autocomplete: "off" });
  const group = h("input", { id: "new-db-group", placeholder: "group (default)", autocomplete: "off" });
  const kind = h("select", { id: "new-db-kind" }, h("option", { value: "regular" }, "regular"),
    h("option", { value: "schema" }, "schema database"), h("option", { value: "child" }, "child of…"));
  const parent = h("input", { id: "new-db-schema", placeholder: "schema database", autocomplete: "off" });
  return h("form", { class: "inline", id: "create-db", onsubmit: async (e) => {
    e.preventDefault();
    const body = { name: name.value.trim() };
    if (group.value.trim()) body.group = group.value.trim();
    if (kind.value === "schema") body.is_schema = true;
    if (kind.value === "child") body.schema = parent.value.trim();
    try {
      const made = await platform("POST", "/databases", body);
      fill(status, notice(`Created database ${made.database.Name}.`));
      name.value = "";
      go(`#/databases?prefix=${encodeURIComponent(made.database.Name)}`);
    } catch (err) {
      fill(status, errorBox(err));
    }
  } }, h("strong", {}, "New database"), name, group, kind, parent, h("button", { type: "submit" }, "Create"));
}

/** The CLI's confirmation (`shoal db destroy`), in a dialog. */
function destroy(name, status) {
  const dialog = h("dialog", { id: "confirm-destroy" },
    h("p", {}, `Database ${name} and all its data will be destroyed.`),
    h("p", {}, h("strong", {}, "Are you sure you want to do this?")),
    h("form", { method: "dialog", class: "inline" },
      h("button", { value: "no", id: "destroy-no" }, "No"),
      h("button", { value: "yes", class: "danger", id: "destroy-yes" }, "Yes, destroy")));
  document.body.append(dialog);
  dialog.addEventListener("close", async () => {
    dialog.remove();
    if (dialog.returnValue !== "yes") {
      fill(status, notice("Database destruction avoided."));
      return;
    }
    try {
      await platform("DELETE", `/databases/${encodeURIComponent(name)}`);
      fill(status, notice(`Destroyed database ${name}.`));
      document.querySelector(`#databases tr[data-name="${CSS.escape(name)}"]`)?.remove();
    } catch (err) {
      fill(status, errorBox(err));
    }
  });
  dialog.showModal();
}

// Building the page without innerHTML: every value from the API becomes a text node, never markup.

/** An element: attributes (on* become listeners), then children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "value") el.value = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table with a header row; rows are arrays of cells (strings or nodes). */
export function table(headers, rows, attrs = {}) {
  return h("table", attrs,
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((r) => {
      const x = Array.isArray(r) ? row(r) : r;
      return h("tr", x.attrs, x.cells);
    })));
}

/** A row whose cells are given; `attrs` go on the <tr>. */
export function row(cells, attrs = {}) {
  return { cells: cells.map((c) => (c instanceof Node && c.tagName === "TD" ? c : h("td", {}, c))), attrs };
}

/** The API's error, shown as the API said it (status and message), in a box a test can find. */
export function errorBox(err) {
  const status = err?.status ? `${err.status} ` : "";
  const code = err?.code ? ` (${err.code})` : "";
  return h("div", { class: "error", role: "alert" }, `${status}${err?.message ?? String(err)}${code}`);
}

export function notice(text) {
  return h("div", { class: "notice", role: "status" }, text);
}

/** Bytes as a short human size: 4096 → "4.0 KiB". */
export function bytes(n) {
  if (n == null) return "…";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** An ISO time as local date and time, to the second. */
export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { hour12: false });
}

// Hrana values, both ways. Integers travel as decimal strings, so big integers stay exact;
// blobs travel as base64 and are shown as SQLite blob literals.
import { h } from "./dom.js";

const BLOB_SHOWN = 64;

/** A result cell: NULL, an exact integer, a float, text, or x'…' for a blob. */
export function cell(v) {
  switch (v?.type) {
    case "null": return h("td", { class: "null" }, "NULL");
    case "integer": return h("td", { class: "num", "data-type": "integer" }, v.value);
    case "float": return h("td", { class: "num", "data-type": "float" }, floatText(v.value));
    case "text": return h("td", { "data-type": "text" }, v.value);
    case "blob": return h("td", { class: "blob", "data-type": "blob" }, blobText(v.base64));
    default: return h("td", {}, JSON.stringify(v));
  }
}

function floatText(x) {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function blobText(base64) {
  const raw = atob(base64 ?? "");
  const hex = Array.from(raw.slice(0, BLOB_SHOWN), (ch) => ch.charCodeAt(0).toString(16).padStart(2, "0")).join("");
  return raw.length > BLOB_SHOWN ? `x'${hex}…' (${raw.length} bytes)` : `x'${hex}'`;
}

/**
 * Parameters typed as JSON: an array (positional) or an object (named, `:name` or `name`).
 * JSON integers become integers, other numbers floats, strings text, null NULL; a Hrana value
 * ({"type":"integer","value":"9007199254740993"}, {"type":"blob","base64":"…"}) is sent as is.
 */
export function parseParameters(text) {
  if (!text.trim()) return {};
  let parsed;
  try { parsed = JSON.parse(text); } catch (e) { throw new Error(`parameters are not JSON: ${e.message}`); }
  if (Array.isArray(parsed)) return { args: parsed.map(toValue) };
  if (parsed && typeof parsed === "object") {
    return { named_args: Object.entries(parsed).map(([name, v]) => ({ name: /^[:@$?]/.test(name) ? name : `:${name}`, value: toValue(v) })) };
  }
  throw new Error("parameters must be a JSON array (positional) or object (named)");
}

function toValue(v) {
  if (v === null) return { type: "null" };
  if (typeof v === "number") return Number.isInteger(v) ? { type: "integer", value: String(v) } : { type: "float", value: v };
  if (typeof v === "string") return { type: "text", value: v };
  if (typeof v === "boolean") return { type: "integer", value: v ? "1" : "0" };
  if (v && typeof v.type === "string") return v;
  throw new Error(`cannot bind ${JSON.stringify(v)}: use a number, string, null or a Hrana value`);
}

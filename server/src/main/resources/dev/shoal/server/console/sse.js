// Server-Sent Events over fetch(): EventSource cannot send an Authorization header, and the jobs
// API's stream needs a database token when the server requires one.
import { ApiError } from "./api.js";

/** Yields {event, data} for each event of the stream at `url`, until it ends or `signal` aborts. */
export async function* events(url, token, signal) {
  const headers = { Accept: "text/event-stream" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, { headers, signal, credentials: "omit", cache: "no-store" });
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try { message = JSON.parse(text).error ?? JSON.parse(text).message ?? text; } catch { /* plain text */ }
    throw new ApiError(res.status, message);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const parsed = parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (parsed) yield parsed;
    }
  }
}

/** One event block: `event:` and `data:` lines; comment lines (keep-alives) make no event. */
function parse(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":") || line === "") continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join("\n");
  try { return { event, data: JSON.parse(text) }; } catch { return { event, data: text }; }
}

// Tokens: mint a database or group token (POST …/databases/{db}/auth/tokens,
// POST …/groups/{group}/auth/tokens) and copy it, or hand a database token to the SQL page.
import { platform, pastedTokens } from "../api.js";
import { h, fill, errorBox, notice } from "../dom.js";

export function render(main, _args, query, { go }) {
  const scope = h("select", { id: "token-scope" }, h("option", { value: "database" }, "database"),
    h("option", { value: "group" }, "group"));
  const target = h("input", { id: "token-target", required: true, placeholder: "database or group name",
    value: query.get("db") ?? "", autocomplete: "off" });
  const access = h("select", { id: "token-access" }, h("option", { value: "full-access" }, "full access"),
    h("option", { value: "read-only" }, "read-only"));
  const expiry = h("input", { id: "token-expiry", value: "never", size: 10, "aria-label": "expiration",
    title: "never, or a duration such as 7d, 2w1d30m, 12h" });
  const attach = h("input", { id: "token-attach", placeholder: "ATTACH rights: db1, db2 (optional)", size: 32 });
  const out = h("div", { id: "token-out" });
  const form = h("form", { id: "mint-token", class: "stack", onsubmit: async (e) => {
    e.preventDefault();
    await mint({ scope: scope.value, target: target.value.trim(), access: access.value, expiry: expiry.value.trim(),
      attach: attach.value.split(",").map((x) => x.trim()).filter(Boolean) }, out, go);
  } },
  h("label", {}, "For a ", scope, " named ", target),
  h("label", {}, "Access ", access, " expiring ", expiry),
  h("label", {}, attach),
  h("div", {}, h("button", { type: "submit" }, "Mint token")));
  main.append(h("h1", {}, "Tokens"),
    h("p", {}, "Database and group tokens are for the SQL API (", h("code", {}, "@libsql/client"),
      "'s ", h("code", {}, "authToken"), "). They are shown once; the server keeps no copy."), form, out);
}

async function mint(req, out, go) {
  const params = new URLSearchParams({ authorization: req.access, expiration: req.expiry || "never" });
  const body = req.attach.length ? { permissions: { read_attach: { databases: req.attach } } } : {};
  const path = req.scope === "group" ? `/groups/${encodeURIComponent(req.target)}` : `/databases/${encodeURIComponent(req.target)}`;
  try {
    const { jwt } = await platform("POST", `${path}/auth/tokens?${params}`, body);
    const box = h("textarea", { id: "minted-token", readonly: true, rows: 3, spellcheck: "false" }, jwt);
    const copied = h("span", { class: "muted", id: "copy-status" });
    fill(out, notice(`Minted a ${req.access} ${req.scope} token for ${req.target}.`), box,
      h("div", { class: "inline" },
        h("button", { type: "button", id: "copy-token", onclick: () => copy(jwt, box, copied) }, "Copy"),
        req.scope === "database"
          ? h("button", { type: "button", id: "use-token", onclick: () => {
            pastedTokens.set(req.target, jwt);
            go(`#/sql/${encodeURIComponent(req.target)}`);
          } }, "Use it on the SQL page")
          : null,
        copied));
  } catch (err) {
    fill(out, errorBox(err));
  }
}

async function copy(text, box, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    box.select(); // no clipboard permission (e.g. plain http on another host): select it for Ctrl+C
    status.textContent = "Selected: press Ctrl+C to copy.";
  }
}

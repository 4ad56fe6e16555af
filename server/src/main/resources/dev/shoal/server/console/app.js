// The console's entry: signs in (automatically on an open dev server), draws the navigation and
// routes #/page/arguments to the page modules. Pages return a function that stops their work
// (an event stream, a poll) when the user leaves them.
import { session, signIn, signOut } from "./api.js";
import { h, fill } from "./dom.js";
import * as databases from "./pages/databases.js";
import * as schema from "./pages/schema.js";
import * as migration from "./pages/migration.js";
import * as sql from "./pages/sql.js";
import * as tokens from "./pages/tokens.js";
import * as signin from "./pages/signin.js";

const PAGES = { databases, schema, migration, sql, tokens, signin };
const main = document.getElementById("app");
let stopPage = null;

/** "#/schema/app-schema?x=1" → { page: "schema", args: ["app-schema"], query: URLSearchParams } */
function parseHash() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [page = "databases", ...args] = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { page, args, query: new URLSearchParams(query) };
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function drawNav() {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!session.user) {
    fill(nav);
    fill(who, h("a", { href: "#/signin" }, "Sign in"));
    return;
  }
  fill(nav, h("a", { href: "#/databases" }, "Databases"), h("a", { href: "#/tokens" }, "Tokens"));
  const orgs = h("select", { id: "org", "aria-label": "organization", onchange: (e) => {
    session.org = e.target.value;
    go("#/databases");
  } }, session.orgs.map((o) => h("option", { value: o.slug, selected: o.slug === session.org }, o.slug)));
  fill(who, h("span", { id: "user" }, session.anonymous ? `${session.user} (dev mode)` : session.user), orgs,
    h("button", { type: "button", class: "link", id: "sign-out", onclick: () => { signOut(); go("#/signin"); } },
      "Sign out"));
}

async function route() {
  if (stopPage) stopPage();
  stopPage = null;
  const { page, args, query } = parseHash();
  drawNav();
  const module = PAGES[page] ?? databases;
  if (!session.user && module !== signin) {
    go("#/signin");
    return;
  }
  document.title = `Shoal console · ${page}`;
  fill(main);
  const stop = await module.render(main, args, query, { go, refreshNav: drawNav });
  stopPage = typeof stop === "function" ? stop : null;
}

async function start() {
  try {
    await signIn(null); // an open dev server (loopback, no --auth) acts as its first user
  } catch {
    // the server wants a token: the sign-in page asks for one
  }
  window.addEventListener("hashchange", route);
  await route();
}

start();

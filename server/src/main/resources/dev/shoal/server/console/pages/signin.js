// Sign in with an API token. The token stays in this page's memory only: a reload asks again.
import { session, signIn } from "../api.js";
import { h, errorBox, notice } from "../dom.js";

export function render(main, _args, _query, { go }) {
  const input = h("input", { type: "password", id: "api-token", autocomplete: "off", spellcheck: "false",
    placeholder: "shoal_…", required: true, size: 60 });
  const status = h("div", { class: "status" });
  const form = h("form", { id: "sign-in", onsubmit: async (e) => {
    e.preventDefault();
    status.replaceChildren();
    try {
      await signIn(input.value.trim());
      input.value = "";
      go("#/databases");
    } catch (err) {
      status.append(errorBox(err));
    }
  } },
  h("label", { for: "api-token" }, "API token"), input, h("button", { type: "submit" }, "Sign in"));
  main.append(h("h1", {}, "Sign in"),
    session.user && session.anonymous
      ? notice(`This is an open dev server: you are signed in as ${session.user} without a token. Sign in with a token to act as it.`)
      : null,
    h("p", {}, "Paste an API token (", h("code", {}, "shoal auth api-tokens mint NAME"),
      ", or the first one in ", h("code", {}, "<data-dir>/first-api-token"),
      "). It is kept in this tab's memory only and sent as a bearer token; reloading the page forgets it."),
    form, status);
}

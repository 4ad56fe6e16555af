// The web app: a node:http request handler. Forms POST and are answered with a redirect (303) to
// the page, so reloading never re-sends a form. The signed-in user is the `user` cookie.
import { homePage, todosPage, errorPage } from "./pages.mjs";
import { addTodo, deleteTodo, listTodos, toggleTodo, MAX_DESCRIPTION_LENGTH } from "./todos.mjs";
import { USERNAME_PATTERN, UsernameTakenError } from "./shoal.mjs";

const MAX_FORM_BYTES = 16 * 1024;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Returns the request handler for `http.createServer`. */
export function createApp(shoal) {
  const routes = [
    ["GET", /^\/$/, showHome],
    ["POST", /^\/signup$/, signUp],
    ["POST", /^\/signin$/, signIn],
    ["POST", /^\/signout$/, signOut],
    ["POST", /^\/todos$/, add],
    ["POST", /^\/todos\/(\d+)\/toggle$/, (ctx, id) => changeTodo(ctx, id, toggleTodo)],
    ["POST", /^\/todos\/(\d+)\/delete$/, (ctx, id) => changeTodo(ctx, id, deleteTodo)],
  ];

  async function showHome(ctx) {
    const user = await signedInUser(ctx);
    if (!user) return ctx.html(200, homePage({ schemaDatabase: shoal.schemaDatabase, error: ctx.query.get("error") }));
    const todos = await listTodos(user.db);
    ctx.html(200, todosPage({ ...user, schemaDatabase: shoal.schemaDatabase, todos, error: ctx.query.get("error") }));
  }

  async function signUp(ctx) {
    const username = await usernameFrom(ctx);
    try {
      await shoal.createUser(username);
    } catch (e) {
      if (e instanceof UsernameTakenError) return ctx.redirect(`/?error=${encodeURIComponent(e.message + "; sign in instead")}`);
      throw e;
    }
    ctx.signIn(username);
  }

  async function signIn(ctx) {
    const username = await usernameFrom(ctx);
    if (!(await shoal.findUser(username))) {
      return ctx.redirect(`/?error=${encodeURIComponent(`there is no user ${username}; sign up first`)}`);
    }
    ctx.signIn(username);
  }

  async function signOut(ctx) {
    ctx.signOut();
  }

  async function add(ctx) {
    const user = await requireUser(ctx);
    const description = ((await ctx.form()).get("description") ?? "").trim();
    if (description === "" || description.length > MAX_DESCRIPTION_LENGTH) {
      return ctx.redirect(`/?error=${encodeURIComponent(`a todo needs 1 to ${MAX_DESCRIPTION_LENGTH} characters`)}`);
    }
    await addTodo(user.db, description);
    ctx.redirect("/");
  }

  async function changeTodo(ctx, id, change) {
    const user = await requireUser(ctx);
    await change(user.db, Number(id));
    ctx.redirect("/");
  }

  async function usernameFrom(ctx) {
    const username = ((await ctx.form()).get("username") ?? "").trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) {
      throw new HttpError(400, "a username is 1 to 32 lowercase letters, digits or dashes, starting with a letter or digit");
    }
    return username;
  }

  /** The signed-in user ({username, databaseName, db}), or null (a cookie naming no user is dropped). */
  async function signedInUser(ctx) {
    const username = ctx.cookie("user");
    if (!username || !USERNAME_PATTERN.test(username)) return null;
    const user = await shoal.findUser(username);
    if (!user) {
      ctx.clearUserCookie();
      return null;
    }
    return { username, databaseName: user.name, db: user.db };
  }

  async function requireUser(ctx) {
    const user = await signedInUser(ctx);
    if (!user) throw new HttpError(401, "sign in first");
    return user;
  }

  return async function handle(req, res) {
    const ctx = new Context(req, res);
    try {
      const route = routes.find(([method, path]) => method === req.method && path.test(ctx.path));
      if (!route) throw new HttpError(404, `no page ${req.method} ${ctx.path}`);
      await route[2](ctx, ...ctx.path.match(route[1]).slice(1));
    } catch (e) {
      if (e instanceof HttpError) return ctx.html(e.status, errorPage(e.status, e.message));
      // Shoal (or the network) failed: say so, keep the details in the log.
      console.error(`${req.method} ${ctx.path}:`, e);
      ctx.html(502, errorPage(502, `the database server refused or failed: ${e?.message ?? e}`));
    }
  };
}

/** One request and its response, with the few helpers the routes need. */
class Context {
  #formPromise;
  #headers = {};

  constructor(req, res) {
    this.req = req;
    this.res = res;
    const url = new URL(req.url, "http://app.invalid");
    this.path = url.pathname;
    this.query = url.searchParams;
  }

  cookie(name) {
    for (const part of (this.req.headers.cookie ?? "").split(";")) {
      const [key, ...value] = part.trim().split("=");
      if (key !== name) continue;
      try {
        return decodeURIComponent(value.join("="));
      } catch {
        return undefined; // not percent-encoded as this app writes it: no user
      }
    }
    return undefined;
  }

  /** The url-encoded form body (read once, at most MAX_FORM_BYTES). */
  form() {
    this.#formPromise ??= readBody(this.req).then((text) => new URLSearchParams(text));
    return this.#formPromise;
  }

  signIn(username) {
    this.#headers["set-cookie"] = `user=${encodeURIComponent(username)}; Path=/; HttpOnly; SameSite=Lax`;
    this.redirect("/");
  }

  clearUserCookie() {
    this.#headers["set-cookie"] = "user=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  }

  signOut() {
    this.clearUserCookie();
    this.redirect("/");
  }

  redirect(location) {
    this.res.writeHead(303, { ...this.#headers, location }).end();
  }

  html(status, body) {
    if (this.res.headersSent) return;
    this.res.writeHead(status, { ...this.#headers, "content-type": "text/html; charset=utf-8" }).end(body);
  }
}

async function readBody(req) {
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw new HttpError(415, "send the form as application/x-www-form-urlencoded");
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new HttpError(413, `a form may hold at most ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// Server-rendered HTML. Every value that came from a user or a database goes through escapeHtml().

export function escapeHtml(value) {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  header { display: flex; justify-content: space-between; align-items: center; } h1 { font-size: 1.5rem; }
  .muted { color: #666; font-size: .9rem; } .error { color: #b00020; }
  form.inline { display: inline; } ul { list-style: none; padding: 0; }
  li.todo { display: flex; gap: .5rem; align-items: center; padding: .3rem 0; border-bottom: 1px solid #eee; }
  li.todo .description { flex: 1; } li.todo[data-done="true"] .description { text-decoration: line-through; color: #888; }
  input[type=text] { padding: .3rem; width: 60%; } button { cursor: pointer; }
`;

function layout(title, body) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}

function errorLine(error) {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : "";
}

/** Sign up (creates the user's database) or sign in (uses the one that exists). */
export function homePage({ error, schemaDatabase }) {
  return layout(
    "Per-user todos",
    `<h1>Per-user todos</h1>
<p>Every user gets their own SQLite database, a child of the schema database
<code>${escapeHtml(schemaDatabase)}</code> on Shoal.</p>
${errorLine(error)}
<form method="post" action="/signup">
  <label>Username <input type="text" name="username" required pattern="[a-z0-9][a-z0-9\\-]{0,31}"
    title="1 to 32 lowercase letters, digits or dashes, starting with a letter or digit" autofocus></label>
  <button type="submit">Sign up</button>
  <button type="submit" formaction="/signin">Sign in</button>
</form>
<p class="muted">An example: a cookie holding the username is all it takes to be that user. No passwords, no real authentication.</p>`,
  );
}

function todoItem(todo) {
  const done = todo.completed === true;
  return `<li class="todo" data-id="${todo.id}" data-done="${done}">
  <form class="inline" method="post" action="/todos/${todo.id}/toggle"><button type="submit" aria-label="toggle">${done ? "☑" : "☐"}</button></form>
  <span class="description">${escapeHtml(todo.description)}</span>
  <form class="inline" method="post" action="/todos/${todo.id}/delete"><button type="submit" aria-label="delete">✕</button></form>
</li>`;
}

/** The signed-in user's todos. */
export function todosPage({ username, databaseName, schemaDatabase, todos, error }) {
  const items = todos.length ? `<ul>\n${todos.map(todoItem).join("\n")}\n</ul>` : `<p class="muted">Nothing to do yet.</p>`;
  return layout(
    `${username}'s todos`,
    `<header><h1>${escapeHtml(username)}'s todos</h1>
<form method="post" action="/signout"><button type="submit">Sign out</button></form></header>
<p class="muted">Stored in the database <code>${escapeHtml(databaseName)}</code>, a child of <code>${escapeHtml(schemaDatabase)}</code>.</p>
${errorLine(error)}
<form method="post" action="/todos">
  <input type="text" name="description" required maxlength="500" placeholder="What needs doing?" autofocus>
  <button type="submit">Add</button>
</form>
${items}`,
  );
}

export function errorPage(status, message) {
  return layout(`Error ${status}`, `<h1>Error ${status}</h1>${errorLine(message)}<p><a href="/">Back</a></p>`);
}

// Splits an editor's text into statements the way SQLite reads them: semicolons inside strings,
// quoted names, comments and a trigger's BEGIN … END body do not end a statement.

const QUOTES = { "'": "'", '"': '"', "`": "`", "[": "]" };

export function splitStatements(text) {
  const out = [];
  let start = 0;
  let i = 0;
  let depth = 0; // inside CREATE TRIGGER … BEGIN, until the matching END
  while (i < text.length) {
    const c = text[i];
    if (QUOTES[c]) {
      i = closing(text, i + 1, QUOTES[c]);
    } else if (c === "-" && text[i + 1] === "-") {
      i = lineEnd(text, i);
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(text.slice(i))[0];
      depth = nextDepth(depth, word.toUpperCase(), text.slice(start, i));
      i += word.length;
    } else if (c === ";" && depth === 0) {
      push(out, text.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  push(out, text.slice(start));
  return out;
}

function closing(text, from, quote) {
  for (let i = from; i < text.length; i++) {
    if (text[i] === quote) {
      if (quote !== "]" && text[i + 1] === quote) { i++; continue; } // doubled quote
      return i + 1;
    }
  }
  return text.length;
}

function lineEnd(text, from) {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end + 1;
}

/** BEGIN opens a body only in a CREATE TRIGGER statement; CASE … END nests inside one. */
function nextDepth(depth, word, before) {
  const isTrigger = /^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(stripComments(before));
  if (!isTrigger) return 0;
  if (word === "BEGIN" || (word === "CASE" && depth > 0)) return depth + 1;
  if (word === "END" && depth > 0) return depth - 1;
  return depth;
}

function stripComments(s) {
  return s.replace(/--[^\n]*\n?/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
}

/** Keeps a statement unless it is only whitespace and comments. */
function push(out, sql) {
  if (stripComments(sql).trim() !== "") out.push(sql.trim());
}

// The SQL page's statement splitter and parameter reader, without a browser: they are plain
// modules. Semicolons inside strings, quoted names, comments and trigger bodies do not split.
import { test } from "node:test";
import assert from "node:assert/strict";
import { splitStatements } from "../../server/src/main/resources/dev/shoal/server/console/statements.js";
import { parseParameters } from "../../server/src/main/resources/dev/shoal/server/console/values.js";

test("statements split at top-level semicolons only", () => {
  assert.deepEqual(splitStatements("SELECT 1; SELECT 2;\n\nSELECT 3"), ["SELECT 1", "SELECT 2", "SELECT 3"]);
  assert.deepEqual(splitStatements("SELECT 'a;b', \"c;d\", `e;f`, [g;h]; SELECT 'it''s; fine'"),
    ["SELECT 'a;b', \"c;d\", `e;f`, [g;h]", "SELECT 'it''s; fine'"]);
  assert.deepEqual(splitStatements("SELECT 1 -- a; comment\n; /* b; */ SELECT 2"),
    ["SELECT 1 -- a; comment", "/* b; */ SELECT 2"]);
  assert.deepEqual(splitStatements(" ; -- only a comment\n ; /* and this */"), []);
  assert.deepEqual(splitStatements("SELECT 'unterminated; still one"), ["SELECT 'unterminated; still one"]);
});

test("a trigger's body stays one statement, CASE … END inside it too", () => {
  const trigger = `CREATE TRIGGER t AFTER INSERT ON a BEGIN
  INSERT INTO log VALUES (CASE WHEN new.x > 0 THEN 'pos' ELSE 'neg' END);
  UPDATE a SET y = 1;
END`;
  assert.deepEqual(splitStatements(`${trigger}; SELECT 1`), [trigger, "SELECT 1"]);
  assert.deepEqual(splitStatements("CREATE TEMP TRIGGER u BEFORE DELETE ON a BEGIN SELECT 1; END; SELECT 2"),
    ["CREATE TEMP TRIGGER u BEFORE DELETE ON a BEGIN SELECT 1; END", "SELECT 2"]);
  // BEGIN outside a trigger is a transaction: it splits as usual.
  assert.deepEqual(splitStatements("BEGIN; INSERT INTO a VALUES (1); COMMIT"), ["BEGIN", "INSERT INTO a VALUES (1)", "COMMIT"]);
  assert.deepEqual(splitStatements("SELECT CASE WHEN 1 THEN 2 END; SELECT 3"), ["SELECT CASE WHEN 1 THEN 2 END", "SELECT 3"]);
});

test("parameters become Hrana values: integers exact, Hrana values as given, bad ones refused", () => {
  assert.deepEqual(parseParameters(""), {});
  assert.deepEqual(parseParameters('[1, 1.5, "x", null, true]').args, [
    { type: "integer", value: "1" }, { type: "float", value: 1.5 }, { type: "text", value: "x" }, { type: "null" },
    { type: "integer", value: "1" }]);
  assert.deepEqual(parseParameters('[{"type":"integer","value":"9223372036854775807"}]').args,
    [{ type: "integer", value: "9223372036854775807" }]);
  assert.deepEqual(parseParameters('{"a": 1, ":b": "y", "$c": null}').named_args, [
    { name: ":a", value: { type: "integer", value: "1" } }, { name: ":b", value: { type: "text", value: "y" } },
    { name: "$c", value: { type: "null" } }]);
  assert.throws(() => parseParameters("[1,"), /^Error: parameters are not JSON/);
  assert.throws(() => parseParameters("42"), /must be a JSON array \(positional\) or object \(named\)/);
  assert.throws(() => parseParameters("[[1]]"), /cannot bind \[1\]/);
});

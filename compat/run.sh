#!/usr/bin/env bash
# Runs the Node.js compatibility suite (real @libsql/client and @tursodatabase/serverless)
# against a freshly started `shoal dev` server.
#
#   compat/run.sh                       # uses ../cli/target/shoal-cli.jar (build it with ./mvnw install)
#   SHOAL_JAR=/path/to/shoal-cli.jar compat/run.sh
#   compat/run.sh test/values.test.mjs  # run only some files
#   compat/run.sh ../examples/per-user-todos/test/e2e.test.mjs   # an example's test (paths from compat/)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

JAR="${SHOAL_JAR:-../cli/target/shoal-cli.jar}"
if [ ! -f "$JAR" ]; then
  echo "compat: $JAR not found: run ./mvnw install first (or set SHOAL_JAR)" >&2
  exit 1
fi

command -v node >/dev/null 2>&1 || { echo "compat: node (>= 20) is required" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "compat: npm is required" >&2; exit 1; }

# shellcheck source=../scripts/java-env.sh
. ../scripts/java-env.sh
shoal_find_java

# With no arguments: every compat test, then the examples' end-to-end tests on the same server.
if [ "$#" -gt 0 ]; then
  FILES=("$@")
else
  FILES=(test/*.test.mjs ../examples/*/test/*.test.mjs)
fi

echo "compat: npm ci"
npm ci --no-audit --no-fund
# An example has its own pinned packages: install them when one of its tests is to run.
for example in ../examples/*/; do
  example="$(cd "$example" && pwd)"
  for file in "${FILES[@]}"; do
    if [[ "$(cd "$(dirname "$file")" 2>/dev/null && pwd)/" == "$example"/* ]]; then
      echo "compat: npm ci in ${example#"$(cd .. && pwd)"/}"
      (cd "$example" && npm ci --no-audit --no-fund)
      break
    fi
  done
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/shoal-compat.XXXXXX")"
LOG="$TMP/server.log"
mkdir -p "$TMP/data"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shoal dev logs the CLI in; keep that in the temp dir (tests read the API token from it).
export SHOAL_CONFIG_DIR="$TMP/config"
# The README quick-start test runs the real CLI from this jar.
SHOAL_JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
export SHOAL_JAR JAVA_HOME
echo "compat: starting $JAR with $JAVA_HOME/bin/java"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$JAR" dev --port 0 --data-dir "$TMP/data" >"$LOG" 2>&1 &
SERVER_PID=$!

SHOAL_URL=""
for _ in $(seq 1 600); do # 600 x 0.1 s = 60 s
  SHOAL_URL="$(sed -n 's#.*listening on \(http://127\.0\.0\.1:[0-9][0-9]*\).*#\1#p' "$LOG" | head -n1)"
  [ -n "$SHOAL_URL" ] && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "compat: the server exited before it was listening; its log:" >&2
    tail -n 50 "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$SHOAL_URL" ]; then
  echo "compat: the server did not print 'listening on http://127.0.0.1:<port>' within 60 s; its log:" >&2
  tail -n 50 "$LOG" >&2
  exit 1
fi
export SHOAL_URL
echo "compat: server at $SHOAL_URL"

set +e
node --test --test-reporter=spec "${FILES[@]}"
STATUS=$?
set -e

if [ "$STATUS" -ne 0 ]; then
  echo "compat: tests failed (exit $STATUS); last 50 lines of the server log:" >&2
  tail -n 50 "$LOG" >&2
fi
exit "$STATUS"

#!/usr/bin/env bash
# Browser tests of the web console (/console/): headless Chromium from Debian's `chromium`
# package, driven by playwright-core (pinned in package-lock.json; it downloads no browser),
# against two freshly started servers: `shoal dev` (signed in automatically) and
# `shoal dev --auth` (signed in with an API token). Screenshots go to docs/console/*.png.
#
#   console-test/run.sh                        # uses ../cli/target/shoal-cli.jar (./mvnw install first)
#   SHOAL_JAR=/path/to/shoal-cli.jar console-test/run.sh
#   console-test/run.sh test/sql.test.mjs      # only some files
#   SHOAL_CONSOLE_SCREENSHOTS=1 console-test/run.sh   # write the screenshots to docs/console/
#                                                     # (else to a temp dir, removed at the end)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

JAR="${SHOAL_JAR:-../cli/target/shoal-cli.jar}"
if [ ! -f "$JAR" ]; then
  echo "console-test: $JAR not found: run ./mvnw install first (or set SHOAL_JAR)" >&2
  exit 1
fi
command -v node >/dev/null 2>&1 || { echo "console-test: node (>= 20) is required" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "console-test: npm is required" >&2; exit 1; }

# The system browser: playwright's own browser downloads are not reachable, and not wanted.
CHROMIUM="${SHOAL_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "console-test: $CHROMIUM not found: installing Debian's chromium package"
  if [ "$(id -u)" -ne 0 ]; then
    echo "console-test: installing chromium needs root (apt-get install -y chromium), or set SHOAL_CHROMIUM" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null # with its recommended fonts, for readable screenshots
fi
export SHOAL_CHROMIUM="$CHROMIUM"

# shellcheck source=../scripts/java-env.sh
. ../scripts/java-env.sh
shoal_find_java

if [ "$#" -gt 0 ]; then
  FILES=("$@")
else
  FILES=(test/*.test.mjs)
fi

echo "console-test: npm ci"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund

TMP="$(mktemp -d "${TMPDIR:-/tmp}/shoal-console.XXXXXX")"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME ARGS...: starts `shoal dev` on a free port with its own data and config directories.
start() {
  local name="$1"; shift
  mkdir -p "$TMP/$name/data"
  SHOAL_CONFIG_DIR="$TMP/$name/config" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$JAR" \
    dev --port 0 --data-dir "$TMP/$name/data" --no-login "$@" >"$TMP/$name/server.log" 2>&1 &
  PIDS+=("$!")
}

# wait_url NAME: prints the server's URL once its banner says it is listening.
wait_url() {
  local log="$TMP/$1/server.log" url=""
  for _ in $(seq 1 600); do # 600 x 0.1 s = 60 s
    url="$(sed -n 's#.*listening on \(http://127\.0\.0\.1:[0-9][0-9]*\).*#\1#p' "$log" | head -n1)"
    if [ -n "$url" ]; then
      echo "$url"
      return 0
    fi
    sleep 0.1
  done
  echo "console-test: the $1 server did not start within 60 s; its log:" >&2
  tail -n 50 "$log" >&2
  return 1
}

echo "console-test: starting two servers with $JAVA_HOME/bin/java"
start open
start auth --auth
SHOAL_URL="$(wait_url open)"
SHOAL_AUTH_URL="$(wait_url auth)"
SHOAL_AUTH_TOKEN="$(tr -d '\n' <"$TMP/auth/data/first-api-token")"
export SHOAL_URL SHOAL_AUTH_URL SHOAL_AUTH_TOKEN
if [ "${SHOAL_CONSOLE_SCREENSHOTS:-0}" = "1" ]; then
  SHOAL_CONSOLE_SHOTS_DIR="$(cd .. && pwd)/docs/console"
else
  SHOAL_CONSOLE_SHOTS_DIR="$TMP/screenshots" # taken all the same, so the step is tested; not kept
fi
export SHOAL_CONSOLE_SHOTS_DIR
echo "console-test: servers at $SHOAL_URL (open) and $SHOAL_AUTH_URL (--auth)"

set +e
node --test --test-concurrency=1 --test-reporter=spec "${FILES[@]}"
STATUS=$?
set -e

if [ "$STATUS" -ne 0 ]; then
  for name in open auth; do
    echo "console-test: tests failed (exit $STATUS); last 30 lines of the $name server's log:" >&2
    tail -n 30 "$TMP/$name/server.log" >&2
  done
fi
exit "$STATUS"

#!/usr/bin/env bash
# Runs the console benchmark (databases-100k.mjs) with a JDK 21+ and the pinned playwright-core.
#   console-test/bench/run.sh [--databases 100000] [--clients 8] [--runs 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../../scripts/java-env.sh
. ../scripts/java-env.sh
shoal_find_java
export JAVA_HOME
[ -d node_modules/playwright-core ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
exec node bench/databases-100k.mjs "$@"

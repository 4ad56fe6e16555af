#!/usr/bin/env bash
# Runs one Shoal benchmark harness, building the CLI and the bench module first.
#
#   bench/run.sh point-select   [--duration 10 --warmup 10 --runs 3 --threads 32 --wrk auto ...]
#   bench/run.sh many-databases [--databases 10000 --active 1000 --rounds 5 --runs 3 ...]
#   bench/run.sh runaway        [--attackers 300 --victims 4 --duration 10 --runs 3]
#   bench/run.sh schema-fanout  [--children 10000 --runs 3 --warmup 1 --clients 8]
#   bench/run.sh fuzz           [--requests 1000000 --seed S --threads 8]
#   bench/run.sh crash          [--cycles 10 --seed S --writers 4]
#   bench/run.sh attach         [--clients 8 --seconds 10 --runs 3]
#   bench/run.sh fleet-control  [--children 10000 --runs 3 --writers 8 --written 100]
#   bench/run.sh <harness> --help        lists a harness's options
#
# Environment:
#   SHOAL_BENCH_SKIP_BUILD=1      use the jars already built
#   SHOAL_BENCH_TARGET_DIR=dir    Maven build directory name (default: target), e.g. target-bench
#                                 to keep clear of other builds sharing the checkout
# The harness copies cli/<target>/shoal-cli.jar and its lib/ to a temp dir before starting the
# server, so a rebuild during the measurement does not change the server under test.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
. "$ROOT/scripts/java-env.sh"
shoal_find_java

if [ $# -eq 0 ]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
HARNESS="$1"; shift
TARGET="${SHOAL_BENCH_TARGET_DIR:-target}"

if [ -z "${SHOAL_BENCH_SKIP_BUILD:-}" ]; then
  echo "bench: building cli and bench (./mvnw -q -B -Dshoal.target.dir=$TARGET -pl cli,bench -am package -DskipTests)" >&2
  (cd "$ROOT" && ./mvnw -q -B -Dshoal.target.dir="$TARGET" -pl cli,bench -am package -DskipTests) >&2 || {
    echo "bench: build failed; fix it, or rerun with SHOAL_BENCH_SKIP_BUILD=1 to use the jars already built" >&2
    exit 1
  }
fi

cd "$ROOT"
for f in "bench/$TARGET/shoal-bench.jar" "cli/$TARGET/shoal-cli.jar"; do
  [ -f "$f" ] || { echo "bench: $f is missing; build first (drop SHOAL_BENCH_SKIP_BUILD)" >&2; exit 1; }
done
echo "bench: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1) at $JAVA_HOME; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# --jar first so that a --jar given on the command line wins.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "bench/$TARGET/shoal-bench.jar" \
  "$HARNESS" --jar "cli/$TARGET/shoal-cli.jar" "$@"

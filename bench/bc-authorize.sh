#!/usr/bin/env bash
# bc-authorize throughput of one package, for back-to-back comparisons of two commits: starts the
# package on a fresh H2 data folder (through bin/countersign), one client and one user,
# BENCH_WARMUP (80) seconds of warm-up in 10-second runs (each printed: the JIT settles after about a
# minute), then BENCH_SECONDS (10) measured with wrk (32 connections), the service's CPU per request
# and its three busiest thread groups, then the database folder's size. Bounded; never in the suite.
#
#   bench/bc-authorize.sh                             # target/quarkus-app of this checkout
#   bench/bc-authorize.sh /other/checkout/target/quarkus-app
#   BENCH_WARMUP=0 bench/bc-authorize.sh              # a just-started JVM (5 s of warm-up only)
#   BENCH_IDLE=240 bench/bc-authorize.sh              # then 4 idle minutes: how the H2 file shrinks
#
# Needs: java 17 or later (JAVA_HOME picks it), wrk, curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
APP_DIR=${1:-$ROOT/target/quarkus-app}
PORT=${BENCH_PORT:-18080}
BASE="http://localhost:$PORT"
[ -f "$APP_DIR/quarkus-run.jar" ] || { echo "no package in $APP_DIR: mvn -DskipTests package" >&2; exit 1; }

# shellcheck source=bench/service.sh
source bench/service.sh
JAVA_OPTS="${BENCH_JAVA_OPTS:-}" start_service
register_bench_agent

wrk -t1 -c32 -d5s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
for i in $(seq 1 $(( ${BENCH_WARMUP:-80} / 10 ))); do
  wrk -t1 -c32 -d10s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | grep '^RESULT' | sed "s/^RESULT/warm-up $i:/"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $APP_DIR"
measure_phase "${BENCH_SECONDS:-10}" bc-authorize "$BASE/bc-authorize"
# The service's own CPU per request, a second measure to compare packages by (wrk shares the machine).
head -n 4 "$WORK/cpu"
echo "database folder: $(du -sh "$WORK/data" | cut -f1)"
# BENCH_IDLE: that many seconds more without load, the folder's size every 30 s (H2 gives the space of
# replaced chunks back when idle), then its size after the stop.
for t in $(seq 30 30 "${BENCH_IDLE:-0}"); do
  sleep 30
  echo "idle $t s: database folder $(du -sh "$WORK/data" | cut -f1)"
done
if [ "${BENCH_IDLE:-0}" -ge 30 ]; then
  stop_service
  echo "after the stop: database folder $(du -sh "$WORK/data" | cut -f1)"
fi

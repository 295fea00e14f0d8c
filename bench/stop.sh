#!/usr/bin/env bash
# A stop (SIGTERM) under load, BENCH_STOPS (5) times: the packaged service, 4 s of bc-authorize to
# create requests, then token polls with SIGTERM BENCH_STOP_AFTER (3) seconds into them; prints how
# long the stop took and how many ERROR and WARN lines the service logged, with the commonest kinds.
#
#   bench/stop.sh
#   bench/stop.sh -Dquarkus.shutdown.timeout=10s      # JVM options and properties are passed on
#
# Needs: java 17 or later (JAVA_HOME picks it), wrk, curl, python3. Never part of the test suite; bounded by its phases.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${BENCH_PORT:-18088}
BASE="http://localhost:$PORT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

for _ in $(seq "${BENCH_STOPS:-5}"); do
  # shellcheck source=bench/service.sh
  ( source bench/service.sh
    start_service "$@"
    register_bench_agent
    : > "$BENCH_IDS"
    wrk -t1 -c32 -d4s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
    wrk -t1 -c32 -d6s -s bench/lua/poll.lua "$BASE/token" >/dev/null 2>&1 &
    load=$!
    sleep "${BENCH_STOP_AFTER:-3}"
    started=$(date +%s%N)
    kill -TERM "$APP_PID"
    wait "$APP_PID" || true
    stopped=$(( ($(date +%s%N) - started) / 1000000 ))
    APP_PID=""
    wait "$load" || true
    echo "stop took ${stopped} ms; ERROR lines: $(grep -c ' ERROR ' "$WORK/app.log" || true), WARN lines: $(grep -c ' WARN ' "$WORK/app.log" || true)"
    for level in ERROR WARN; do
      grep " $level " "$WORK/app.log" | sed -E 's/^[0-9-]+ [0-9:,]+ //; s/: \[id: .*//; s/\(([a-z.-]+)-[0-9]+\)/(\1)/' \
        | cut -c1-200 | sort | uniq -c | sort -rn | head -3 || true
    done )
done

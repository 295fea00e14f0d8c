#!/usr/bin/env bash
# Pending-poll throughput of one package, for back-to-back comparisons of two commits: starts the
# package on a fresh H2 data folder (through bin/countersign), one client and one user, creates at
# least 10,000 pending requests with bc-authorize (20 s, more if needed), polls them for
# BENCH_WARMUP (60) seconds in 10-second runs (each printed: the JIT settles after about a minute),
# then BENCH_SECONDS (10) measured with wrk (32 connections), cycling over 10,000 of the requests,
# with the service's CPU per request and its three busiest thread groups; then how many slow_down
# answers the audit trail accounts for. Bounded; never in the suite.
#
#   bench/polls.sh                                    # target/quarkus-app of this checkout
#   bench/polls.sh /other/checkout/target/quarkus-app
#   BENCH_JAVA_OPTS="-Dcountersign.ciba.interval=PT1S" bench/polls.sh   # many polls on time
#
# With the default 5 s interval every poll after the first round comes within the interval and is
# answered slow_down; with a 1 s interval a good part is answered authorization_pending. The last
# line counts both.
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

wrk -t1 -c32 -d20s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
created=$(wc -l < "$BENCH_IDS")
if [ "$created" -lt 10000 ]; then
  wrk -t1 -c32 -d"$(( (10000 - created) / 200 + 5 ))s" -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
fi
for i in $(seq 1 $(( ${BENCH_WARMUP:-60} / 10 ))); do
  wrk -t1 -c32 -d10s -s bench/lua/poll.lua "$BASE/token" | grep '^RESULT' | sed "s/^RESULT/warm-up $i:/"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $APP_DIR"
measure_phase "${BENCH_SECONDS:-10}" poll "$BASE/token"
# The service's own CPU per request, a second measure to compare packages by (wrk shares the machine).
head -n 4 "$WORK/cpu"

# What the polls left in the audit trail (ADR 0007): each too-fast poll is stored on its own or
# counted into a summary (stored every 10 s), so the answers accounted for match the slow_down
# answers wrk counted, plus the few it stopped waiting for at the end of each run.
sleep 11
admin "$BASE/admin/audit?type=oauth.error&limit=500" | python3 -c '
import json, sys
events = json.load(sys.stdin)["events"]
slow = [e for e in events if e["detail"].get("error") == "slow_down"]
answers = sum(int(e["detail"].get("repeated", "1")) for e in slow)
print(f"audit trail: {len(slow)} slow_down events account for {answers} slow_down answers"
      + (" (the first 500 events only)" if len(events) == 500 else ""))'

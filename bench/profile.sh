#!/usr/bin/env bash
# Where the time goes: starts the packaged service on its embedded H2 defaults with Java Flight
# Recorder sampling every 2 ms (full stack depth), drives one phase with wrk, and prints the share of
# worker-thread samples that pass through each of our methods and through the main libraries.
#
#   bench/profile.sh                 # the bc-authorize phase, 10 s after a 5 s warm-up
#   bench/profile.sh poll 15         # the pending-poll phase (after creating 10,000 requests)
#
# Needs: java 17 (jfr), wrk, curl, python3. Never part of the test suite; bounded by its phase time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PHASE=${1:-bc}
SECONDS_PER_PHASE=${2:-10}
PORT=${BENCH_PORT:-18085}
BASE="http://localhost:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

jfr configure --output "$WORK/sampling.jfc" jdk.ExecutionSample#period=2ms >/dev/null
export COUNTERSIGN_ADMIN_TOKEN="bench-admin-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
( cd "$WORK" && exec "$ROOT/bin/countersign" -XX:FlightRecorderOptions:stackdepth=1024 \
    -XX:StartFlightRecording=filename="$WORK/rec.jfr",settings="$WORK/sampling.jfc",dumponexit=true \
    -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -Dcountersign.issuer="$BASE" \
    -Dcountersign.demo.enabled=false -Dcountersign.ciba.limits.per-user=1000000 -Dcountersign.ciba.limits.per-client=1000000 -Dquarkus.log.level=WARN ) >"$WORK/app.log" 2>&1 &
APP_PID=$!
deadline=$(( $(date +%s) + 60 ))
until curl -fs -o /dev/null "$BASE/.well-known/openid-configuration"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "service did not start" >&2; cat "$WORK/app.log" >&2; exit 1; }
  sleep 0.05
done

admin() { curl -fsS -H "Authorization: Bearer $COUNTERSIGN_ADMIN_TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
client=$(admin -d '{"client_name":"Bench agent","scope":"openid","grant_types":["urn:openid:params:grant-type:ciba"]}' "$BASE/admin/clients")
BENCH_AUTH=$(printf '%s:%s' "$(echo "$client" | json "['client_id']")" "$(echo "$client" | json "['client_secret']")" | base64 -w0)
admin -o /dev/null -d '{"username":"bench-user","password":"bench-password-0123456789"}' "$BASE/admin/users"
export BENCH_AUTH BENCH_USER=bench-user BENCH_IDS="$WORK/ids" BENCH_POLL_COUNT=10000

wrk -t1 -c32 -d5s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
case "$PHASE" in
  bc) wrk -t1 -c32 -d"${SECONDS_PER_PHASE}s" -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | grep '^RESULT' ;;
  poll)
    : > "$BENCH_IDS"
    wrk -t1 -c32 -d20s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
    wrk -t1 -c32 -d"${SECONDS_PER_PHASE}s" -s bench/lua/poll.lua "$BASE/token" | grep '^RESULT' ;;
  *) echo "unknown phase $PHASE (bc or poll)" >&2; exit 2 ;;
esac
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
jfr print --stack-depth 1024 --events jdk.ExecutionSample "$WORK/rec.jfr" > "$WORK/samples.txt"
python3 bench/jfr_shares.py "$WORK/samples.txt"

#!/usr/bin/env bash
# bc-authorize throughput of one package, for back-to-back comparisons of two commits: starts the
# package on a fresh H2 data folder (through bin/countersign), one client and one user, 5 s of
# warm-up, then BENCH_SECONDS (10) measured with wrk (32 connections). Bounded; never in the suite.
#
#   bench/bc-authorize.sh                             # target/quarkus-app of this checkout
#   bench/bc-authorize.sh /other/checkout/target/quarkus-app
#
# Needs: java 17, wrk, curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
APP_DIR=${1:-$ROOT/target/quarkus-app}
PORT=${BENCH_PORT:-18080}
BASE="http://localhost:$PORT"
[ -f "$APP_DIR/quarkus-run.jar" ] || { echo "no package in $APP_DIR: mvn -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export COUNTERSIGN_ADMIN_TOKEN="bench-admin-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
# shellcheck disable=SC2086
( cd "$WORK" && COUNTERSIGN_APP_DIR="$APP_DIR" JAVA_OPTS="${BENCH_JAVA_OPTS:-}" exec "$ROOT/bin/countersign" \
    -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -Dcountersign.issuer="$BASE" \
    -Dcountersign.demo.enabled=false -Dcountersign.ciba.limits.per-user=1000000 \
    -Dcountersign.ciba.limits.per-client=1000000 -Dquarkus.log.level=WARN ) >"$WORK/app.log" 2>&1 &
APP_PID=$!
deadline=$(( $(date +%s) + 300 ))
until curl -fs -o /dev/null "$BASE/.well-known/openid-configuration"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "service did not start" >&2; cat "$WORK/app.log" >&2; exit 1; }
  sleep 0.05
done

admin() { curl -fsS -H "Authorization: Bearer $COUNTERSIGN_ADMIN_TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
client=$(admin -d '{"client_name":"Bench agent","scope":"openid","grant_types":["urn:openid:params:grant-type:ciba"]}' "$BASE/admin/clients")
export BENCH_AUTH
BENCH_AUTH=$(printf '%s:%s' "$(echo "$client" | json "['client_id']")" "$(echo "$client" | json "['client_secret']")" | base64 -w0)
admin -o /dev/null -d '{"username":"bench-user","password":"bench-password-0123456789"}' "$BASE/admin/users"
export BENCH_USER=bench-user BENCH_IDS="$WORK/ids"

wrk -t1 -c32 -d5s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $APP_DIR"
wrk -t1 -c32 -d"${BENCH_SECONDS:-10}s" -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | grep '^RESULT'

# Sourced by the bench scripts (not run by itself): a throwaway working folder, the packaged service
# started through bin/countersign on loopback on its embedded H2 defaults, and its stop on exit.
# Set ROOT (the checkout), PORT and BASE first; APP_DIR (a quarkus-app folder, default this
# checkout's) and JAVA_OPTS are optional.
WORK=$(mktemp -d)
APP_PID=""
export COUNTERSIGN_ADMIN_TOKEN="bench-admin-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"

stop_service() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  APP_PID=""
}
cleanup() {
  stop_service
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_service [JVM options and -D properties ...]: starts the service in $WORK (its output in
# $WORK/app.log) with the bench's settings (no demo accounts, the push-bombing limits lifted, WARN
# logging) plus the arguments, waits for its first 200 (at most 300 s) and sets STARTUP_MS.
start_service() {
  local started deadline
  started=$(date +%s%N)
  ( cd "$WORK" || exit 1
    if [ -n "${APP_DIR:-}" ]; then export COUNTERSIGN_APP_DIR="$APP_DIR"; fi
    JAVA_OPTS="${JAVA_OPTS:-}" exec "$ROOT/bin/countersign" \
      -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -Dcountersign.issuer="$BASE" \
      -Dcountersign.demo.enabled=false -Dcountersign.ciba.limits.per-user=1000000 \
      -Dcountersign.ciba.limits.per-client=1000000 -Dquarkus.log.level=WARN "$@" ) >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  deadline=$(( $(date +%s) + 300 ))
  until curl -fs -o /dev/null "$BASE/.well-known/openid-configuration"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "service did not start" >&2; cat "$WORK/app.log" >&2; exit 1; }
    sleep 0.01
  done
  STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}

# jvm_version: the version line of the JVM the launcher runs (JAVA_HOME, else java on PATH).
jvm_version() { "${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1; }

# jfr_setup_option: the JVM option that sets Flight Recorder up as the JVM starts, with a recording
# of no events: the first recording started in a running JVM made it throw away about half of its
# compiled code (bench/jfr_start.sh; docs/performance.md, "Profiling a warm service").
jfr_setup_option() {
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<configuration version="2.0" label="none"/>\n' > "$WORK/none.jfc"
  echo "-XX:StartFlightRecording:name=setup,settings=$WORK/none.jfc"
}

# measure_phase SECONDS LUA URL: one measured wrk run (32 connections, bench/lua/LUA.lua) between two
# snapshots of the service's per-thread CPU (bench/thread_cpu.py). Prints wrk's RESULT line and keeps
# it in $WORK/result; the CPU report (per request, then by thread group) goes to $WORK/cpu.
measure_phase() {
  local rps
  python3 bench/thread_cpu.py snapshot "$APP_PID" > "$WORK/cpu-before"
  wrk -t1 -c32 -d"$1s" -s "bench/lua/$2.lua" "$3" | grep '^RESULT' | tee "$WORK/result"
  python3 bench/thread_cpu.py snapshot "$APP_PID" > "$WORK/cpu-after"
  rps=$(sed -n 's/.*rps=\([0-9]*\).*/\1/p' "$WORK/result")
  python3 bench/thread_cpu.py report "$WORK/cpu-before" "$WORK/cpu-after" $(( rps * $1 )) > "$WORK/cpu"
}

admin() { curl -fsS -H "Authorization: Bearer $COUNTERSIGN_ADMIN_TOKEN" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# register_bench_agent: registers the bench's client (client_secret_basic, CIBA poll) and its user,
# and exports what the wrk scripts read: BENCH_AUTH, BENCH_USER, BENCH_IDS ($WORK/ids, where
# bc-authorize.lua appends the auth_req_ids) and BENCH_POLL_COUNT (10,000, the ids poll.lua cycles).
register_bench_agent() {
  local client
  client=$(admin -d '{"client_name":"Bench agent","scope":"openid","grant_types":["urn:openid:params:grant-type:ciba"]}' "$BASE/admin/clients")
  BENCH_AUTH=$(printf '%s:%s' "$(echo "$client" | json "['client_id']")" "$(echo "$client" | json "['client_secret']")" | base64 -w0)
  admin -o /dev/null -d '{"username":"bench-user","password":"bench-password-0123456789"}' "$BASE/admin/users"
  export BENCH_AUTH BENCH_USER=bench-user BENCH_IDS="$WORK/ids" BENCH_POLL_COUNT=10000
}

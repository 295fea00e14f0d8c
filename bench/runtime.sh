#!/usr/bin/env bash
# Agent runtime benchmarks (issue 5) on loopback against the packaged service on its embedded H2
# defaults. Two phases, each on a fresh service and data directory:
#
#   latency  approve -> action executed against the demo target (demo mode, embedded provider):
#            p50 and p99 over BENCH_RUNTIME_SAMPLES runs (200), then the gaps between each run's
#            audit events (approved → token issued → executing → executed)
#   waiting  BENCH_RUNTIME_RUNS runs (10,000) awaiting approval at once against a loopback CIBA
#            provider (bench/runtime_bench.py) that never approves: the service's resident memory
#            and its CPU time per poll, and the polls the provider sees (rate, shortest gap per
#            auth_req_id)
#
#   bench/runtime.sh                       # both phases
#   bench/runtime.sh latency               # one phase
#   BENCH_RUNTIME_SAMPLES=10 BENCH_RUNTIME_RUNS=500 BENCH_RUNTIME_HOLD=20 bench/runtime.sh   # a smoke run
#
# Needs: java 17 or later (JAVA_HOME picks it), maven, python3, curl. Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PHASES=${1:-latency waiting}
PORT=${BENCH_PORT:-18080}
PROVIDER_PORT=${BENCH_PROVIDER_PORT:-18446}
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
BASE="http://localhost:$PORT"

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
APP_PID=""
DRIVER_PID=""
stop_app() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  APP_PID=""
}
cleanup() {
  stop_app
  if [ -n "$DRIVER_PID" ]; then kill "$DRIVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_app <data dir> <java -D options...>: starts the packaged service in <data dir>.
start_app() {
  local dir=$1; shift
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  ( cd "$dir" && exec java $JAVA_OPTS \
      -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 -Dcountersign.issuer="$BASE" \
      -Dcountersign.ciba.limits.per-user=1000000 -Dcountersign.ciba.limits.per-client=1000000 \
      -Dquarkus.log.level=WARN "$@" \
      -jar "$ROOT/target/quarkus-app/quarkus-run.jar" ) >"$dir/app.log" 2>&1 &
  APP_PID=$!
}

await_app() {
  local deadline=$(( $(date +%s) + 60 ))
  until curl -fs -o /dev/null "$BASE/.well-known/openid-configuration"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "service did not start" >&2; cat "$1/app.log" >&2; exit 1; }
    sleep 0.05
  done
}

for phase in $PHASES; do
  case "$phase" in
    latency)
      echo "== approve → action executed (embedded provider, demo target)"
      start_app "$WORK/latency" -Dcountersign.demo.enabled=true -Dquarkus.log.level=INFO \
        -Dquarkus.log.category.\"dev.countersign\".level=INFO
      await_app "$WORK/latency"
      user_line=$(grep -m1 -E 'user:\s+\S+ / \S+' "$WORK/latency/app.log")
      user=$(sed -E 's/.*user:\s+(\S+) \/ (\S+).*/\1/' <<<"$user_line")
      password=$(sed -E 's/.*user:\s+(\S+) \/ (\S+).*/\2/' <<<"$user_line")
      api_key=$(grep -m1 -oE 'cs_agent_\S+' "$WORK/latency/app.log")
      python3 bench/runtime_bench.py latency --base "$BASE" --user "$user" --password "$password" \
        --api-key "$api_key" --samples "${BENCH_RUNTIME_SAMPLES:-200}"
      stop_app
      # Where the time goes: the gaps between a run's audit events, read from the stopped service's file.
      echo "where it goes (audit event timestamps):"
      java -cp "$(ls "$ROOT"/target/quarkus-app/lib/main/com.h2database.h2-*.jar)" org.h2.tools.Shell \
        -url "jdbc:h2:file:$WORK/latency/data/countersign" -user countersign -password "" \
        -sql "select recorded_seq, type, occurred_at from audit_events where type in
              ('backchannel.approved','token.issued','run.approved','run.executed') order by recorded_seq" \
        | python3 bench/runtime_bench.py breakdown
      ;;
    waiting)
      runs=${BENCH_RUNTIME_RUNS:-10000}
      echo "== $runs runs awaiting approval (external provider on loopback, poll mode)"
      export COUNTERSIGN_ADMIN_TOKEN="bench-admin-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
      python3 bench/runtime_bench.py waiting --base "$BASE" --admin-token "$COUNTERSIGN_ADMIN_TOKEN" \
        --provider-port "$PROVIDER_PORT" --ready-file "$WORK/provider-ready" --pid-file "$WORK/app.pid" \
        --runs "$runs" --interval "${BENCH_RUNTIME_INTERVAL:-5}" --hold "${BENCH_RUNTIME_HOLD:-60}" &
      DRIVER_PID=$!
      until [ -f "$WORK/provider-ready" ]; do sleep 0.05; done
      start_app "$WORK/waiting" -Dcountersign.demo.enabled=false \
        -Dcountersign.runtime.provider=external \
        -Dcountersign.runtime.allowed-target-hosts=localhost \
        -Dcountersign.outbound.allowed-private-hosts=localhost,127.0.0.1 \
        -Dquarkus.oidc-client.ciba.auth-server-url="http://127.0.0.1:$PROVIDER_PORT" \
        -Dquarkus.oidc-client.ciba.client-id=bench-runtime \
        -Dquarkus.oidc-client.ciba.credentials.secret=bench-runtime-secret \
        -Dquarkus.oidc-client.ciba.grant.type=ciba
      echo "$APP_PID" >"$WORK/app.pid"
      wait "$DRIVER_PID"
      DRIVER_PID=""
      stop_app
      ;;
    *) echo "unknown phase $phase (latency, waiting)" >&2; exit 2 ;;
  esac
done

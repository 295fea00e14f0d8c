#!/usr/bin/env bash
# Ping and push delivery latency (CIBA Core 1.0 §10.2, §10.3) on loopback against the packaged
# service on its embedded H2 defaults: approve → tokens in the client's hand (ping: the ping arrives,
# then the client redeems the auth_req_id at /token) and approve → push received, p50 and p99.
# The client notification endpoint is bench/delivery_receiver.py, an HTTPS server with a
# self-signed certificate for localhost that the service trusts for this run only.
#
#   bench/delivery.sh                       # 200 samples per mode
#   BENCH_WARMUP=0 BENCH_DELIVERY_SAMPLES=5 bench/delivery.sh   # a smoke run
#
# Needs: java 17, maven, python3, openssl, curl. Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SAMPLES=${BENCH_DELIVERY_SAMPLES:-200}
# Samples per mode before the measured ones, not counted: the service runs its hot paths compiled,
# as a service that has been up for a while does. The ping figure kept falling with the warm-up
# (p50 8.3 ms after 300, 5.3 after 1,500, 4.7 after 3,000, 3.9 after 5,000): about 30 s of this
# traffic is what it takes the JIT to compile the approval, delivery and token paths.
WARMUP=${BENCH_WARMUP:-3000}
PORT=${BENCH_PORT:-18080}
RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18443}
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
BASE="http://localhost:$PORT"

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

export COUNTERSIGN_ADMIN_TOKEN="bench-admin-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
# shellcheck disable=SC2086
( cd "$WORK" && JAVA_OPTS="$JAVA_OPTS" exec "$ROOT/bin/countersign" \
    -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
    -Dcountersign.issuer="$BASE" -Dcountersign.demo.enabled=false \
    -Dcountersign.ciba.limits.per-user=1000000 -Dcountersign.ciba.limits.per-client=1000000 \
    -Dcountersign.outbound.allowed-private-hosts=localhost \
    -Dcountersign.outbound.trust-certificates="$WORK/cert.pem" \
    -Dquarkus.log.level=WARN ) >"$WORK/app.log" 2>&1 &
APP_PID=$!
deadline=$(( $(date +%s) + 60 ))
until curl -fs -o /dev/null "$BASE/.well-known/openid-configuration"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "service did not start" >&2; cat "$WORK/app.log" >&2; exit 1; }
  sleep 0.01
done

python3 bench/delivery_receiver.py --base "$BASE" --admin-token "$COUNTERSIGN_ADMIN_TOKEN" \
  --cert "$WORK/cert.pem" --key "$WORK/key.pem" --port "$RECEIVER_PORT" --samples "$SAMPLES" --warmup "$WARMUP"

#!/usr/bin/env bash
# Web Push latency and throughput (issue 4) on loopback against the packaged service on its
# embedded H2 defaults: from the agent's POST /bc-authorize to the push message arriving at a
# loopback push service, p50 and p99; and push deliveries per second to a user with several
# devices. The push service is bench/push_service.py, an HTTPS server with a self-signed
# certificate for localhost that the service trusts for this run only.
#
#   bench/push.sh                          # 200 latency samples, 200 × 8 pushes
#   BENCH_WARMUP=0 BENCH_PUSH_SAMPLES=5 bench/push.sh     # a smoke run
#
# Needs: java 17, maven, python3, openssl, curl. Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SAMPLES=${BENCH_PUSH_SAMPLES:-200}
# Samples before the measured ones, not counted: the service runs its hot paths compiled, as a
# service that has been up for a while does.
WARMUP=${BENCH_WARMUP:-300}
PORT=${BENCH_PORT:-18080}
PUSH_PORT=${BENCH_PUSH_PORT:-18444}
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
# The fake browser's p256dh: the last 65 bytes of a P-256 public key's DER are the uncompressed point.
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/browser.pem"
P256DH=$(openssl ec -in "$WORK/browser.pem" -pubout -outform DER 2>/dev/null | tail -c 65 | base64 -w0 | tr '+/' '-_' | tr -d '=')

export COUNTERSIGN_ADMIN_TOKEN="bench-admin-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
# shellcheck disable=SC2086
( cd "$WORK" && JAVA_OPTS="$JAVA_OPTS" exec "$ROOT/bin/countersign" \
    -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
    -Dcountersign.issuer="$BASE" -Dcountersign.demo.enabled=false \
    -Dcountersign.outbound.allowed-private-hosts=localhost \
    -Dcountersign.outbound.trust-certificates="$WORK/cert.pem" \
    -Dcountersign.ciba.limits.per-user=1000000 -Dcountersign.ciba.limits.per-client=1000000 \
    -Dquarkus.log.level=WARN ) >"$WORK/app.log" 2>&1 &
APP_PID=$!
deadline=$(( $(date +%s) + 60 ))
until curl -fs -o /dev/null "$BASE/.well-known/openid-configuration"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "service did not start" >&2; cat "$WORK/app.log" >&2; exit 1; }
  sleep 0.01
done

python3 bench/push_service.py --base "$BASE" --admin-token "$COUNTERSIGN_ADMIN_TOKEN" \
  --cert "$WORK/cert.pem" --key "$WORK/key.pem" --port "$PUSH_PORT" --samples "$SAMPLES" --warmup "$WARMUP" \
  --p256dh "$P256DH"

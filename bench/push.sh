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
# Needs: java 17 or later (JAVA_HOME picks it), maven, python3, openssl, curl. Never part of the test suite.
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

# shellcheck source=bench/service.sh
source bench/service.sh

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
# The fake browser's p256dh: the last 65 bytes of a P-256 public key's DER are the uncompressed point.
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/browser.pem"
P256DH=$(openssl ec -in "$WORK/browser.pem" -pubout -outform DER 2>/dev/null | tail -c 65 | base64 -w0 | tr '+/' '-_' | tr -d '=')

start_service -Dcountersign.outbound.allowed-private-hosts=localhost \
  -Dcountersign.outbound.trust-certificates="$WORK/cert.pem"

python3 bench/push_service.py --base "$BASE" --admin-token "$COUNTERSIGN_ADMIN_TOKEN" \
  --cert "$WORK/cert.pem" --key "$WORK/key.pem" --port "$PUSH_PORT" --samples "$SAMPLES" --warmup "$WARMUP" \
  --p256dh "$P256DH"

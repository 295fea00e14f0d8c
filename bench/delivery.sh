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
# Needs: java 17 or later (JAVA_HOME picks it), maven, python3, openssl, curl. Never part of the test suite.
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

# shellcheck source=bench/service.sh
source bench/service.sh

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

start_service -Dcountersign.outbound.allowed-private-hosts=localhost \
  -Dcountersign.outbound.trust-certificates="$WORK/cert.pem"

python3 bench/delivery_receiver.py --base "$BASE" --admin-token "$COUNTERSIGN_ADMIN_TOKEN" \
  --cert "$WORK/cert.pem" --key "$WORK/key.pem" --port "$RECEIVER_PORT" --samples "$SAMPLES" --warmup "$WARMUP"

#!/usr/bin/env bash
# Countersign provider benchmark: starts the packaged service on its embedded H2 defaults on
# loopback, drives it with wrk, and prints the figures side by side. Bounded: every load phase
# runs for BENCH_SECONDS (default 15) and the script stops the service when it ends.
#
#   bench/run.sh            # builds the package if it is missing, then measures
#   BENCH_WARMUP=0 bench/run.sh    # no steady-state pass: only the figures of a just-started JVM
#
# Needs: java 17 or later (JAVA_HOME picks it), maven, wrk and curl (apt-get install -y wrk curl), python3 with the cryptography
# package for the private_key_jwt phase. Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PHASE_SECONDS=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18080}
POLL_IDS=${BENCH_POLL_IDS:-10000}
LATENCY_SAMPLES=${BENCH_LATENCY_SAMPLES:-200}
# Approve -> token cycles before the measured ones, not counted: the paths compiled, as in a service
# that has been up for a while (the load phases before it run other paths).
LATENCY_WARMUP=${BENCH_LATENCY_WARMUP:-1000}
# Seconds of alternating bc-authorize and poll load between the first (cold) measurements and the
# steady-state ones: the JIT keeps compiling these paths for about a minute under load, and until it
# is done a phase measures the compiler as much as the service.
WARMUP_SECONDS=${BENCH_WARMUP:-90}
# private_key_jwt phase: pending requests of the keyed client, and pre-signed assertions (each used
# once; more requests than assertions would replay and show up as invalid_client).
PKJWT_IDS=${BENCH_PKJWT_IDS:-2000}
PKJWT_ASSERTIONS=${BENCH_PKJWT_ASSERTIONS:-150000}
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
BASE="http://localhost:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

# shellcheck source=bench/service.sh
source bench/service.sh

# The launcher records its class-data archive or AOT cache once per build: not part of the start-up.
[ "${COUNTERSIGN_CDS:-on}" = off ] || JAVA_OPTS="$JAVA_OPTS" COUNTERSIGN_CDS=prepare "$ROOT/bin/countersign"
start_service

client=$(admin -d '{"client_name":"Bench agent","scope":"openid","grant_types":["urn:openid:params:grant-type:ciba"]}' "$BASE/admin/clients")
CLIENT_ID=$(echo "$client" | json "['client_id']")
CLIENT_SECRET=$(echo "$client" | json "['client_secret']")
BENCH_USER="bench-user"
BENCH_PASSWORD="bench-password-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
admin -o /dev/null -d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" "$BASE/admin/users"
export BENCH_AUTH
BENCH_AUTH=$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)
export BENCH_USER BENCH_IDS="$WORK/ids" BENCH_POLL_COUNT="$POLL_IDS"

result() { grep '^RESULT' | sed 's/^RESULT //'; }
peak_rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$APP_PID/status"; }

echo "Warming up ..." >&2
wrk -t1 -c"$CONNECTIONS" -d5s -s bench/lua/get.lua "$BASE/.well-known/openid-configuration" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d5s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null

echo "Measuring the ceiling (discovery, a plain endpoint of the same service) ..." >&2
ceiling=$(wrk -t1 -c"$CONNECTIONS" -d"${PHASE_SECONDS}s" -s bench/lua/get.lua "$BASE/.well-known/openid-configuration" | result)

echo "Measuring bc-authorize ..." >&2
: > "$BENCH_IDS"
bcauth=$(wrk -t1 -c"$CONNECTIONS" -d"${PHASE_SECONDS}s" -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | result)
created=$(wc -l < "$BENCH_IDS")
if [ "$created" -lt "$POLL_IDS" ]; then
  echo "bc-authorize created only $created requests; topping up to $POLL_IDS ..." >&2
  wrk -t1 -c"$CONNECTIONS" -d"$(( (POLL_IDS - created) / 200 + 5 ))s" -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
fi

echo "Measuring token polls over $POLL_IDS pending requests ..." >&2
polls=$(wrk -t1 -c"$CONNECTIONS" -d"${PHASE_SECONDS}s" -s bench/lua/poll.lua "$BASE/token" | result)
rss_under_load=$(peak_rss_mib)

bcauth_warm="not measured (BENCH_WARMUP=0)"
polls_warm="$bcauth_warm"
if [ "$WARMUP_SECONDS" -gt 0 ]; then
  echo "Warming up to a steady state: $WARMUP_SECONDS s of bc-authorize and polls in turn ..." >&2
  warm_end=$(( $(date +%s) + WARMUP_SECONDS ))
  while [ "$(date +%s)" -lt "$warm_end" ]; do
    wrk -t1 -c"$CONNECTIONS" -d5s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
    wrk -t1 -c"$CONNECTIONS" -d5s -s bench/lua/poll.lua "$BASE/token" >/dev/null
  done
  echo "Measuring bc-authorize and pending polls again, warm ..." >&2
  bcauth_warm=$(wrk -t1 -c"$CONNECTIONS" -d"${PHASE_SECONDS}s" -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | result)
  polls_warm=$(wrk -t1 -c"$CONNECTIONS" -d"${PHASE_SECONDS}s" -s bench/lua/poll.lua "$BASE/token" | result)
  rss_under_load=$(peak_rss_mib)
fi

echo "Preparing the private_key_jwt client, $PKJWT_IDS pending requests and $PKJWT_ASSERTIONS assertions ..." >&2
python3 bench/pkjwt.py keygen "$WORK"
pk_client=$(admin -d "{\"client_name\":\"Bench keyed agent\",\"scope\":\"openid\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":$(cat "$WORK/jwks.json")}" "$BASE/admin/clients")
PK_CLIENT_ID=$(echo "$pk_client" | json "['client_id']")
python3 bench/pkjwt.py start-requests "$BASE" "$WORK/key.pem" "$PK_CLIENT_ID" "$BENCH_USER" "$PKJWT_IDS" "$WORK/pk-ids"
python3 bench/pkjwt.py assertions "$WORK/key.pem" "$PK_CLIENT_ID" "$BASE/token" "$(( PKJWT_ASSERTIONS / 4 ))" > "$WORK/pk-warm"
python3 bench/pkjwt.py assertions "$WORK/key.pem" "$PK_CLIENT_ID" "$BASE/token" "$PKJWT_ASSERTIONS" > "$WORK/pk-assertions"
BENCH_IDS="$WORK/pk-ids" BENCH_POLL_COUNT="$PKJWT_IDS" BENCH_ASSERTIONS="$WORK/pk-warm" \
  wrk -t1 -c"$CONNECTIONS" -d"$(( PHASE_SECONDS < 5 ? PHASE_SECONDS : 5 ))s" -s bench/lua/poll-pkjwt.lua "$BASE/token" >/dev/null
echo "Measuring token polls authenticated with private_key_jwt ..." >&2
pkpolls=$(BENCH_IDS="$WORK/pk-ids" BENCH_POLL_COUNT="$PKJWT_IDS" BENCH_ASSERTIONS="$WORK/pk-assertions" \
  wrk -t1 -c"$CONNECTIONS" -d"${PHASE_SECONDS}s" -s bench/lua/poll-pkjwt.lua "$BASE/token" | result)

echo "Measuring approve -> token in the client's hand ($LATENCY_WARMUP warm-up and $LATENCY_SAMPLES measured samples) ..." >&2
# A user of its own: the load user holds some 10,000 pending requests (the bench lifts the per-user
# limit, which allows 5 per window by default), and listing them in every sample would measure that.
admin -o /dev/null -d "{\"username\":\"bench-latency\",\"password\":\"$BENCH_PASSWORD\"}" "$BASE/admin/users"
latency=$(python3 bench/approve_token.py --base "$BASE" --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" \
  --user bench-latency --password "$BENCH_PASSWORD" --samples "$LATENCY_SAMPLES" --warmup "$LATENCY_WARMUP" | result)
rss_peak=$(peak_rss_mib)

cat <<REPORT

Countersign provider benchmark ($(nproc) cores, loopback, wrk -t1 -c$CONNECTIONS, ${PHASE_SECONDS}s per phase, H2 file database)
  JVM:                          $(jvm_version)
  JVM options:                  bin/countersign defaults${JAVA_OPTS:+, then $JAVA_OPTS}${COUNTERSIGN_JAVA_DEFAULTS+ (COUNTERSIGN_JAVA_DEFAULTS=\"$COUNTERSIGN_JAVA_DEFAULTS\")}, CDS ${COUNTERSIGN_CDS:-on}
  start-up to first 200:        ${STARTUP_MS} ms
  ceiling (GET discovery):      $ceiling
  POST /bc-authorize:           $bcauth (just started)
                                $bcauth_warm (after ${WARMUP_SECONDS} s of warm-up)
  POST /token, pending polls:   $polls (just started)
                                $polls_warm (after the warm-up)
  the same, private_key_jwt:    $pkpolls (ES256 assertions from an inline jwks, each jti used once)
  approve -> token:             $latency (two sequential calls on kept-alive connections)
  peak RSS under load:          ${rss_under_load} MiB (after the latency phase: ${rss_peak} MiB)
REPORT

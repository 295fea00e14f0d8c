#!/usr/bin/env bash
# Where the time goes: starts the packaged service on its embedded H2 defaults with Java Flight
# Recorder sampling every 2 ms (full stack depth) during the measured phase only (not the start or
# the requests made beforehand), drives one phase with wrk, and prints each thread group's share of
# the samples and the share of worker-thread samples that pass through each of our methods and
# through the main libraries; first, each thread group's CPU in the phase, read from /proc.
#
#   bench/profile.sh                 # the bc-authorize phase, 10 s after a 5 s warm-up
#   bench/profile.sh poll 15         # the pending-poll phase (after creating 10,000 requests)
#   BENCH_PROFILE_SAMPLES=/tmp/s.txt bench/profile.sh poll   # also keeps the printed samples
#   BENCH_PROFILE_WARMUP=60 bench/profile.sh         # steady state: 60 s of bc-authorize first (default 5)
#
# Needs: java 17 or later (JAVA_HOME picks it; jfr), wrk, curl, python3. Never part of the test suite; bounded by its phase time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PHASE=${1:-bc}
SECONDS_PER_PHASE=${2:-10}
PORT=${BENCH_PORT:-18085}
BASE="http://localhost:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

# shellcheck source=bench/service.sh
source bench/service.sh
jfr configure --output "$WORK/sampling.jfc" jdk.ExecutionSample#period=2ms >/dev/null
# Flight Recorder is set up as the JVM starts: otherwise the recording made the JVM discard about half
# of its compiled code, and the profile measured the JIT compiling again at a tenth of the warm rate.
start_service -XX:FlightRecorderOptions:stackdepth=1024 "$(jfr_setup_option)"
record() { jcmd "$APP_PID" "JFR.$1" name=phase "${@:2}" >/dev/null; }
register_bench_agent

# The JIT keeps compiling for about a minute under this load: a short warm-up profiles much
# interpreted code and compiler threads.
wrk -t1 -c32 -d"${BENCH_PROFILE_WARMUP:-5}s" -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | grep "^RESULT" | sed "s/^RESULT/warm-up, not recorded:/"
case "$PHASE" in
  bc)
    record start settings="$WORK/sampling.jfc"
    measure_phase "$SECONDS_PER_PHASE" bc-authorize "$BASE/bc-authorize" ;;
  poll)
    : > "$BENCH_IDS"
    wrk -t1 -c32 -d20s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" >/dev/null
    record start settings="$WORK/sampling.jfc"
    measure_phase "$SECONDS_PER_PHASE" poll "$BASE/token" ;;
  *) echo "unknown phase $PHASE (bc or poll)" >&2; exit 2 ;;
esac
record stop filename="$WORK/rec.jfr"
stop_service
# Each thread's CPU from /proc, exact where the samples below are not: Flight Recorder samples a
# few threads per period, and gave H2's serialisation thread three times its share of the CPU.
cat "$WORK/cpu"
jfr print --stack-depth 1024 --events jdk.ExecutionSample "$WORK/rec.jfr" > "$WORK/samples.txt"
if [ -n "${BENCH_PROFILE_SAMPLES:-}" ]; then cp "$WORK/samples.txt" "$BENCH_PROFILE_SAMPLES"; fi
python3 bench/jfr_shares.py "$WORK/samples.txt"

#!/usr/bin/env bash
# What starting a Flight Recorder recording does to a warm service (docs/performance.md, "Profiling a
# warm service"): starts the packaged service, warms bc-authorize up (BENCH_WARMUP, 80 s, in 10-second
# runs), then runs 10-second phases of bc-authorize: one plain, one while a 2 ms sampling recording
# runs, and two plain after it has stopped, printing each phase's rate and the number of compiled
# methods (`jcmd Compiler.codecache`) before and after the recording.
#
#   bench/jfr_start.sh              # the first recording of the JVM's life: it discards compiled code
#   BENCH_JFR_AT_START=1 bench/jfr_start.sh   # Flight Recorder set up at start (as bench/profile.sh does)
#   BENCH_JAVA_OPTS="-Dquarkus.datasource.jdbc.url=jdbc:h2:file:./data/countersign;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE=4096;AUTO_COMPACT_FILL_RATE=0" \
#     bench/jfr_start.sh                      # the same with H2's compaction off
#
# Needs: java 17 or later (JAVA_HOME picks it; jcmd), wrk, curl, python3. Never part of the test
# suite; bounded by its phases (about two and a half minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${BENCH_PORT:-18093}
BASE="http://localhost:$PORT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

# shellcheck source=bench/service.sh
source bench/service.sh
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<configuration version="2.0" label="samples">' \
  '  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">2 ms</setting></event>' \
  '</configuration>' > "$WORK/samples.jfc"
setup=""
if [ "${BENCH_JFR_AT_START:-0}" = 1 ]; then setup=$(jfr_setup_option); fi
# shellcheck disable=SC2086 # one option or none
JAVA_OPTS="${BENCH_JAVA_OPTS:-}" start_service $setup
register_bench_agent
phase() { wrk -t1 -c32 -d10s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | grep '^RESULT' | sed "s/^RESULT/$1:/"; }
compiled() { jcmd "$APP_PID" Compiler.codecache | sed -n 's/.*nmethods=\([0-9]*\).*/\1/p'; }

echo "JVM: $(jvm_version); Flight Recorder set up at start: ${BENCH_JFR_AT_START:-0}"
for i in $(seq 1 $(( ${BENCH_WARMUP:-80} / 10 ))); do phase "warm-up $i" >/dev/null; done
phase "plain"
echo "compiled methods before the recording: $(compiled)"
jcmd "$APP_PID" JFR.start name=phase settings="$WORK/samples.jfc" >/dev/null
phase "recording"
jcmd "$APP_PID" JFR.stop name=phase >/dev/null
echo "compiled methods after the recording: $(compiled)"
phase "plain after"
phase "plain after"

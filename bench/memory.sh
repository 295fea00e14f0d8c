#!/usr/bin/env bash
# Peak resident memory (VmHWM) of the packaged service under a fixed load, for one set of JVM
# options added after the launcher's defaults: 10 s of GET discovery, 20 s of bc-authorize and 15 s
# of token polls over the requests created (wrk -t1 -c32), then VmHWM, the anonymous and file-backed
# parts and the thread count; the phases' req/s come along. Compare options run back to back.
#
#   bench/memory.sh                                   # the launcher's defaults
#   bench/memory.sh -Xmx96m -XX:ReservedCodeCacheSize=32m
#   BENCH_NMT=1 bench/memory.sh                       # also native memory tracking's summary
#
# Needs: java 17 or later (JAVA_HOME picks it), wrk, curl, python3. Never part of the test suite; bounded by its phases.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${BENCH_PORT:-18086}
BASE="http://localhost:$PORT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests

# shellcheck source=bench/service.sh
source bench/service.sh
options="$*"
if [ "${BENCH_NMT:-0}" = 1 ]; then options="$options -XX:NativeMemoryTracking=summary"; fi
# shellcheck disable=SC2086 # a list of options
JAVA_OPTS="$options" start_service
register_bench_agent
: > "$BENCH_IDS"
status() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2/1024}' "/proc/$APP_PID/status"; }
after_start=$(status VmHWM)

get=$(wrk -t1 -c32 -d10s -s bench/lua/get.lua "$BASE/.well-known/openid-configuration" | grep '^RESULT')
bc=$(wrk -t1 -c32 -d20s -s bench/lua/bc-authorize.lua "$BASE/bc-authorize" | grep '^RESULT')
poll=$(wrk -t1 -c32 -d15s -s bench/lua/poll.lua "$BASE/token" | grep '^RESULT')
echo "JVM: $(jvm_version); options added: ${options:-none}"
echo "  peak RSS: $(status VmHWM) MiB (after start-up ${after_start} MiB);" \
  "now anonymous $(status RssAnon) MiB, file-backed $(status RssFile) MiB; $(ls "/proc/$APP_PID/task" | wc -l) threads"
echo "  discovery:    $get"
echo "  bc-authorize: $bc"
echo "  polls:        $poll"
if [ "${BENCH_NMT:-0}" = 1 ]; then jcmd "$APP_PID" VM.native_memory summary; fi
stop_service

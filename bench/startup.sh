#!/usr/bin/env bash
# Start-up to the first 200 of the packaged service, first start on an empty folder, BENCH_STARTS
# (3) times, each with the CPU its threads had used by then (from /proc/<pid>/task/*/stat), grouped
# by thread name: the main thread, the C1 and C2 compilers, the rest; the whole process's, which
# also counts threads that have ended; and its resident memory then. JVM options given are added after the launcher's
# defaults; JAVA_HOME picks the JVM and APP_DIR the package (default this checkout's); the
# launcher's record is made for them first.
#
#   bench/startup.sh                                  # the launcher's defaults
#   bench/startup.sh -XX:TieredStopAtLevel=1          # C1 only
#   APP_DIR=/other/checkout/target/quarkus-app bench/startup.sh   # another build, this launcher
#   BENCH_RESTART=1 bench/startup.sh                  # also a restart on the same data after each
#   BENCH_PROFILE=1 BENCH_STARTS=1 bench/startup.sh   # also where the main thread's time went
#   BENCH_PROFILE_SAMPLES=/tmp/s.txt BENCH_PROFILE=1 BENCH_STARTS=1 bench/startup.sh   # keeps the samples
#
# BENCH_PROFILE=1 samples the start with Flight Recorder every 2 ms (which slows it) and prints the
# main thread's samples by library and by our methods (bench/jfr_shares.py).
#
# Needs: java 17 or later (JAVA_HOME picks it; jfr and jcmd for BENCH_PROFILE), curl, python3.
# Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${BENCH_PORT:-18087}
BASE="http://localhost:$PORT"
[ -n "${APP_DIR:-}" ] || [ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests
# The archive or AOT cache, before any timing.
COUNTERSIGN_APP_DIR=${APP_DIR:-$ROOT/target/quarkus-app} COUNTERSIGN_CDS=prepare bin/countersign >/dev/null 2>&1 || true
jdk_bin=${JAVA_HOME:+$JAVA_HOME/bin/}

cpu_by_thread() {
  local ticks
  ticks=$(getconf CLK_TCK)
  for task in /proc/"$APP_PID"/task/*; do
    # Fields after the ")" that ends the name: utime and stime are the 12th and 13th.
    printf '%s %s\n' "$(cat "$task/comm")" "$(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')"
  done | awk -v hz="$ticks" '
    { name = $1; if (name ~ /^C2/) g = "C2"; else if (name ~ /^C1/) g = "C1"; else if (name == "java") g = "main"; else g = "other";
      ms = $NF * 1000 / hz; cpu[g] += ms; total += ms }
    END { printf "cpu_ms threads=%.0f main=%.0f C2=%.0f C1=%.0f other=%.0f", total, cpu["main"], cpu["C2"], cpu["C1"], cpu["other"] }'
  # The process's own counters also hold the threads that have ended (Java 25 stops idle compiler threads).
  sed 's/.*) //' "/proc/$APP_PID/stat" | awk -v hz="$ticks" '{printf " process=%.0f", ($12 + $13) * 1000 / hz}'
  awk '/^VmRSS:/ {printf "; resident %.0f MiB\n", $2 / 1024}' "/proc/$APP_PID/status"
}

for start in $(seq "${BENCH_STARTS:-3}"); do
  # shellcheck source=bench/service.sh
  ( source bench/service.sh
    if [ "$start" = 1 ]; then echo "JVM: $(jvm_version)"; fi
    profile=""
    if [ "${BENCH_PROFILE:-0}" = 1 ]; then
      "${jdk_bin}jfr" configure --output "$WORK/sampling.jfc" jdk.ExecutionSample#period=2ms >/dev/null
      profile="-XX:FlightRecorderOptions:stackdepth=1024 -XX:StartFlightRecording=name=start,settings=$WORK/sampling.jfc"
    fi
    JAVA_OPTS="$* $profile" start_service
    echo "start-up to first 200: ${STARTUP_MS} ms; $(cpu_by_thread)"
    if [ -n "$profile" ]; then
      "${jdk_bin}jcmd" "$APP_PID" JFR.dump name=start filename="$WORK/start.jfr" >/dev/null
      "${jdk_bin}jfr" print --stack-depth 1024 --events jdk.ExecutionSample "$WORK/start.jfr" > "$WORK/samples.txt"
      python3 bench/jfr_shares.py "$WORK/samples.txt" main
      if [ -n "${BENCH_PROFILE_SAMPLES:-}" ]; then cp "$WORK/samples.txt" "$BENCH_PROFILE_SAMPLES"; fi
    fi
    stop_service
    if [ "${BENCH_RESTART:-0}" = 1 ]; then
      JAVA_OPTS="$*" start_service
      echo "  restart on the same data: ${STARTUP_MS} ms; $(cpu_by_thread)"
      stop_service
    fi )
done

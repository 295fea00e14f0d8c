#!/usr/bin/env bash
# Start-up to the first 200 of the packaged service, first start on an empty folder, BENCH_STARTS
# (3) times, each with the CPU its threads had used by then (from /proc/<pid>/task/*/stat), grouped
# by thread name: the main thread, the C1 and C2 compilers, the rest; and the whole process's,
# which also counts threads that have ended. JVM options given are added after the launcher's
# defaults; JAVA_HOME picks the JVM (the launcher's record is made for it first).
#
#   bench/startup.sh                                  # the launcher's defaults
#   bench/startup.sh -XX:TieredStopAtLevel=1          # C1 only
#
# Needs: java 17 or later (JAVA_HOME picks it), curl, python3. Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${BENCH_PORT:-18087}
BASE="http://localhost:$PORT"
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests
COUNTERSIGN_CDS=prepare bin/countersign >/dev/null 2>&1 || true   # the archive or AOT cache, before any timing

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
  sed 's/.*) //' "/proc/$APP_PID/stat" | awk -v hz="$ticks" '{printf " process=%.0f\n", ($12 + $13) * 1000 / hz}'
}

echo "JVM: $(source bench/service.sh; jvm_version)"
for _ in $(seq "${BENCH_STARTS:-3}"); do
  # shellcheck source=bench/service.sh
  ( source bench/service.sh
    JAVA_OPTS="$*" start_service
    echo "start-up to first 200: ${STARTUP_MS} ms; $(cpu_by_thread)"
    stop_service )
done

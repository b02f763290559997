#!/usr/bin/env bash
# Time and peak memory of `overclock analyze` against JDK 25's `jfr summary` and
# `jfr view hot-methods` on the same recordings (issue 7's performance target: the full analysis
# within 2x the time of `jfr view hot-methods`, with bounded memory).
#
# Usage (from the repository root, after `mvn -B -DskipTests package`, on a quiet machine):
#   benchmarks/analyze-performance.sh [work-dir] [sizes in MB...]
#   benchmarks/analyze-performance.sh /tmp/overclock-perf 10 100 1000
#
# Two sources (SOURCES="demo jdbc" by default): the demo app, and the jdbc workload (HSQLDB over
# JDBC, code not written here: deep stacks, many threads), each recorded once with profile
# settings; larger files are that recording repeated: a .jfr file is a sequence of self-contained chunks, so concatenated copies are a valid
# recording. Each command runs with -Xmx512m, so "bounded memory" is visible as a peak RSS that
# does not grow with the file. JMC's rules load the whole file and are skipped above a quarter of
# the heap: the runs are shown with and without them.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/overclock-perf}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10 100 1000)
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64}
AGENT=$ROOT/agent/target/overclock-agent.jar
DEMO=$ROOT/demo-app/target/demo-app.jar
WORKLOADS=$ROOT/workloads/target/workloads.jar
SOURCES=${SOURCES:-demo jdbc}
mkdir -p "$WORK"
cd "$WORK"

if [ ! -f base-demo.jfr ] && [[ " $SOURCES " == *" demo "* ]]; then
  java -XX:StartFlightRecording=filename=base-demo.jfr,settings=profile -jar "$DEMO" \
    --orders 20000 --duration 60s > /dev/null
fi
if [ ! -f base-jdbc.jfr ] && [[ " $SOURCES " == *" jdbc "* ]]; then
  java -XX:StartFlightRecording=filename=base-jdbc.jfr,settings=profile -jar "$WORKLOADS" \
    --workload jdbc --duration 20 > /dev/null
fi

measure() { # label, command...
  local label=$1; shift
  # CPU time (user + system) beside the wall time: on a loaded machine the wall time measures the
  # load; the CPU time of each command stays comparable.
  /usr/bin/time -f "%e s, %U+%S s CPU, %M kB peak RSS" -o time.txt "$@" > /dev/null 2> err.txt || {
    echo "$label: failed: $(tail -1 err.txt)"; return; }
  printf '%-44s %s\n' "$label" "$(cat time.txt)"
}

for source in $SOURCES; do
base=$(stat -c %s base-$source.jfr)
for mb in "${SIZES[@]}"; do
  file=rec-$source-${mb}mb.jfr
  if [ ! -f "$file" ]; then
    : > "$file"
    while [ "$(stat -c %s "$file")" -lt $((mb * 1000 * 1000)) ]; do
      cat base-$source.jfr >> "$file"
    done
  fi
  echo "== $file: $(( $(stat -c %s "$file") / 1000000 )) MB ($(( $(stat -c %s "$file") / base )) copies)"
  measure "jfr summary (JDK 25)" "$J25/bin/jfr" summary "$file"
  measure "jfr view hot-methods (JDK 25)" "$J25/bin/jfr" view hot-methods "$file"
  measure "overclock analyze --no-rules (JDK 25)" "$J25/bin/java" -Xmx512m -jar "$AGENT" analyze \
    "$file" --no-rules --json out.json --quiet
  measure "overclock analyze --no-rules (JDK 17)" java -Xmx512m -jar "$AGENT" analyze "$file" \
    --no-rules --json out.json --quiet
  measure "overclock analyze, JMC rules (JDK 25, 512m)" "$J25/bin/java" -Xmx512m -jar "$AGENT" \
    analyze "$file" --json out.json --quiet
  measure "overclock analyze, JMC rules (JDK 17, 4g)" java -Xmx4g -jar "$AGENT" analyze "$file" \
    --json out.json --quiet
done
done

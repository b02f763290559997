#!/usr/bin/env bash
# offload.executors=virtual, side by side in one run (the thread-pools issue's performance check):
# each batch of benchtarget.PoolBatch without the agent and with it, on JDK 25, and the ratio.
#
# Usage (from the repository root, after `mvn -B -q -DskipTests package`, on a quiet machine):
#   benchmarks/executors.sh [runs]        # runs per variant, default 3 (the best one is shown)
#
# Targets: blocking at least 4x faster with the agent; shared and cpu no slower than 1.1x;
# the checksums identical.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-3}
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64}
AGENT=$ROOT/agent/target/overclock-agent.jar
JAR=$ROOT/benchmarks/target/benchmarks.jar

best() { # variant scenario -> "seconds checksum"
  local agent=$1 scenario=$2 best="" sum=""
  for _ in $(seq "$RUNS"); do
    if [ "$agent" = yes ]; then
      out=$("$J25/bin/java" "-javaagent:$AGENT=offload.executors=virtual,summary=false,report.dir=/tmp/overclock-executors-report" \
        -cp "$JAR" benchtarget.PoolBatch "$scenario" 2>/dev/null)
    else
      out=$("$J25/bin/java" -cp "$JAR" benchtarget.PoolBatch "$scenario")
    fi
    s=$(awk '/^elapsed/ {print $3}' <<<"$out")
    sum=$(awk '/^checksum/ {print $3}' <<<"$out")
    if [ -z "$best" ] || awk "BEGIN {exit !($s < $best)}"; then best=$s; fi
  done
  echo "$best $sum"
}

printf '%-9s %10s %10s %9s  %s\n' batch without with speedup checksums
for scenario in blocking shared cpu; do
  read -r plain plainSum < <(best no "$scenario")
  read -r agent agentSum < <(best yes "$scenario")
  same=$([ "$plainSum" = "$agentSum" ] && echo identical || echo DIFFERENT)
  printf '%-9s %9ss %9ss %8.2fx  %s\n' "$scenario" "$plain" "$agent" \
    "$(awk "BEGIN {print $plain / $agent}")" "$same"
done

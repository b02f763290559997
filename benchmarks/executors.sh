#!/usr/bin/env bash
# offload.executors=virtual, side by side in one run (the thread-pools issue's performance check):
# benchtarget.PoolBatch on JDK 25 in three variants, interleaved run by run (no agent, the agent in
# its default mode, the agent with offload.executors=virtual). Each JVM makes its pool once and
# runs the batch several rounds: round 1 pays the JVM's and the agent's start, the later rounds
# are the steady state, which is what the option changes.
#
# Usage (from the repository root, after `mvn -B -q -DskipTests package`, on a quiet machine):
#   benchmarks/executors.sh [runs] [scenario...]   # runs per variant, default 3;
#                                                   # scenarios default: blocking shared cpu
# Environment: ROUNDS (rounds per JVM; default 4 for blocking and shared, 10 for cpu),
#   TASKS (tasks per round, default 2000), J25 (the JDK).
#
# Prints per scenario and variant the median over runs of each round, then of the steady state
# (each run's median of its last half of rounds) with its spread over runs, and the steady-state
# ratios. Targets: blocking at least 4x faster with the option than without the agent; shared and
# cpu no slower than 1.1x; the checksums identical.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-3}
shift || true
SCENARIOS=${*:-blocking shared cpu}
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64}
AGENT=$ROOT/agent/target/overclock-agent.jar
JAR=$ROOT/benchmarks/target/benchmarks.jar
TASKS=${TASKS:-2000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

run() { # variant scenario rounds -> the program's output
  local options
  case $1 in
    plain) "$J25/bin/java" -cp "$JAR" benchtarget.PoolBatch "$2" "$TASKS" "$3"; return ;;
    default) options="summary=false" ;;
    virtual) options="offload.executors=virtual,summary=false" ;;
  esac
  "$J25/bin/java" "-javaagent:$AGENT=$options,report.dir=$OUT/report" \
    -cp "$JAR" benchtarget.PoolBatch "$2" "$TASKS" "$3" 2>/dev/null
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
spread() { sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s-%s", lo, hi}'; }

printf '%-9s %-8s %9s %-13s %-8s %s\n' batch variant steady "steady spread" checksum "each round (median over runs)"
for scenario in $SCENARIOS; do
  default_rounds=4
  [ "$scenario" = cpu ] && default_rounds=10
  rounds=${ROUNDS:-$default_rounds}
  for r in $(seq "$RUNS"); do
    for variant in plain default virtual; do
      out=$(run "$variant" "$scenario" "$rounds")
      # one line per run: its rounds' times in order
      awk '$1 == "elapsed" {printf "%s ", $4} END {print ""}' <<<"$out" >>"$OUT/$scenario.$variant"
      awk -v n="$rounds" '$1 == "elapsed" && $3 > n / 2 {print $4}' <<<"$out" | median \
        >>"$OUT/$scenario.$variant.steady"
      awk '$1 == "checksum" {print $3}' <<<"$out" >>"$OUT/$scenario.sums"
    done
  done
  same=$([ "$(sort -u "$OUT/$scenario.sums" | wc -l)" = 1 ] && echo identical || echo DIFFERENT)
  for variant in plain default virtual; do
    each=$(for i in $(seq "$rounds"); do awk -v i="$i" '{print $i}' "$OUT/$scenario.$variant" | median; done | tr '\n' ' ')
    printf '%-9s %-8s %8ss %-13s %-8s %s\n' "$scenario" "$variant" \
      "$(median <"$OUT/$scenario.$variant.steady")" "$(spread <"$OUT/$scenario.$variant.steady")" \
      "$same" "$each"
  done
  plain=$(median <"$OUT/$scenario.plain.steady")
  default=$(median <"$OUT/$scenario.default.steady")
  virtual=$(median <"$OUT/$scenario.virtual.steady")
  awk -v s="$scenario" -v p="$plain" -v d="$default" -v v="$virtual" 'BEGIN {
    printf "%-9s steady state, time ratios (<1 faster): default/plain %.2fx, virtual/plain %.2fx, virtual/default %.2fx\n", s, d / p, v / p, v / d }'
done

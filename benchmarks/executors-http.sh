#!/usr/bin/env bash
# The http workload with a small application-owned pool in front of its downstream calls
# (`--downstream-pool`), in three variants interleaved run by run on JDK 25: no agent,
# auto=optimize (the pool moves on evidence), offload.executors=virtual. Prints each variant's
# median throughput with its spread, the ratios, whether the checksums agree, and what the agent
# decided for the pool.
#
# Usage (from the repository root, after `mvn -B -q -DskipTests package`, on a quiet machine):
#   benchmarks/executors-http.sh [runs, default 3] [pool threads, default 2] [seconds, default 8]
# Environment: CLIENTS (client threads, default 8), WARMUP (seconds, default 2), J25 (the JDK).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-3}
POOL=${2:-2}
SECONDS_=${3:-8}
CLIENTS=${CLIENTS:-8}
WARMUP=${WARMUP:-2}
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64}
AGENT=$ROOT/agent/target/overclock-agent.jar
JAR=$ROOT/workloads/target/workloads.jar
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

run() { # variant -> RESULT line on stdout; the agent's pool lines in $OUT/<variant>.pools
  local agent=()
  case $1 in
    optimize) agent=("-javaagent:$AGENT=auto=optimize,summary=false,report.dir=$OUT/report") ;;
    virtual) agent=("-javaagent:$AGENT=offload.executors=virtual,summary=false,report.dir=$OUT/report") ;;
  esac
  "$J25/bin/java" "${agent[@]}" -jar "$JAR" --workload http --threads "$CLIENTS" \
    --duration "$SECONDS_" --warmup "$WARMUP" --downstream-pool "$POOL" 2>"$OUT/err" | grep '^RESULT'
  grep -o 'pool org\.example[^ ]* [^:]*: .*' "$OUT/err" | cut -c1-220 >>"$OUT/$1.pools" || true
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
spread() { sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s-%s", lo, hi}'; }

for r in $(seq "$RUNS"); do
  for variant in plain optimize virtual; do
    line=$(run "$variant")
    echo "$variant: $line"
    sed -n 's/.*throughput=\([0-9.]*\).*/\1/p' <<<"$line" >>"$OUT/$variant.ops"
    sed -n 's/.*checksum=\([0-9a-f]*\).*/\1/p' <<<"$line" >>"$OUT/sums"
  done
done
for variant in plain optimize virtual; do
  printf '%-9s %10s ops/s (%s)\n' "$variant" "$(median <"$OUT/$variant.ops")" "$(spread <"$OUT/$variant.ops")"
  sort -u "$OUT/$variant.pools" 2>/dev/null | sed 's/^/  /' | head -4
done
awk -v p="$(median <"$OUT/plain.ops")" -v o="$(median <"$OUT/optimize.ops")" -v v="$(median <"$OUT/virtual.ops")" \
  'BEGIN {printf "throughput: auto=optimize %.2fx, offload.executors=virtual %.2fx of no agent\n", o / p, v / p}'
echo "checksums: $([ "$(sort -u "$OUT/sums" | wc -l)" -le 1 ] && echo identical || echo DIFFERENT)"

#!/usr/bin/env bash
# Runs one of the real workloads (workloads/) N times without and N times with a -javaagent,
# interleaved (the order alternates each round, so a machine that speeds up or slows down during
# the runs does not favour one side), and prints the medians side by side.
#
#   benchmarks/workloads/run.sh [-n runs] [-d seconds] [-t threads] [-j java] [-a agent-arg]
#                               jdbc|cpu|http
#
#   -n  runs per side (default 3)            -d  load seconds per run (default 10)
#   -t  client threads (default: the workload's own)
#   -j  java executable (default: java on PATH, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   -a  the JVM argument to compare against no agent
#       (default: -javaagent:<repo>/agent/target/overclock-agent.jar)
#
# Needs `mvn -B -q -DskipTests package` first. Each run gets a fresh directory (where the agent
# leaves its report) under a temporary folder, printed at the end; each run is killed after its
# load time plus 120 s. Same seed on both sides: every run must print the same checksum.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
runs=3
seconds=10
threads=""
java="java"
agent="-javaagent:$repo/agent/target/overclock-agent.jar"
while getopts "n:d:t:j:a:" option; do
  case "$option" in
    n) runs="$OPTARG" ;;
    d) seconds="$OPTARG" ;;
    t) threads="$OPTARG" ;;
    j) java="$OPTARG" ;;
    a) agent="$OPTARG" ;;
    *) sed -n '6,14p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
workload="${1:-}"
case "$workload" in
  jdbc|cpu|http) ;;
  *) echo "run.sh: name a workload: jdbc, cpu or http" >&2; sed -n '6,14p' "$0" >&2; exit 2 ;;
esac
jar="$repo/workloads/target/workloads.jar"
[[ -f "$jar" ]] || { echo "run.sh: $jar is missing: run mvn -B -q -DskipTests package" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/workload-$workload-XXXXXX")"
args=(-jar "$jar" --workload "$workload" --duration "$seconds")
[[ -n "$threads" ]] && args+=(--threads "$threads")

# One run: prints its RESULT line, or fails with the run's output.
run_one() {
  local side="$1" round="$2" dir="$work/$1-$2"
  mkdir -p "$dir"
  local jvm=()
  [[ "$side" == with ]] && jvm=("$agent")
  if ! (cd "$dir" && timeout "$(( ${seconds%.*} + 120 ))" "$java" "${jvm[@]}" "${args[@]}" \
      > stdout.txt 2> stderr.txt); then
    echo "run.sh: run $side-$round failed, see $dir" >&2
    tail -5 "$dir/stderr.txt" >&2
    exit 1
  fi
  grep '^RESULT ' "$dir/stdout.txt"
}

for ((round = 1; round <= runs; round++)); do
  if ((round % 2 == 1)); then order=(without with); else order=(with without); fi
  for side in "${order[@]}"; do
    line="$(run_one "$side" "$round")"
    echo "$side $line" >> "$work/results.txt"
    echo "round $round, $side agent: ${line#RESULT }" >&2
  done
done

# field NAME from the RESULT lines of one side, numbers only
values() { grep "^$1 " "$work/results.txt" | grep -o " $2=[0-9.]*" | cut -d= -f2; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "workload $workload: $runs runs per side of $seconds s, interleaved; $("$java" -version 2>&1 | head -1)"
echo "agent: $agent"
printf '%-16s %14s %10s %10s\n' "" "throughput/s" "p50_us" "p99_us"
for side in without with; do
  printf '%-16s %14s %10s %10s\n' "$side agent" "$(values $side throughput | median)" \
    "$(values $side p50_us | median)" "$(values $side p99_us | median)"
done
awk -v a="$(values without throughput | median)" -v b="$(values with throughput | median)" \
  'BEGIN { if (a > 0) printf "throughput with the agent: %.1f%% of without\n", 100 * b / a }'
checksums="$(grep -o 'checksum=[0-9a-f]*' "$work/results.txt" | sort -u | wc -l)"
if [[ "$checksums" != 1 ]]; then
  echo "CHECKSUMS DIFFER between runs: a result changed (see $work/results.txt)"
  exit 1
fi
echo "checksums: all equal; runs and reports in $work"

#!/usr/bin/env bash
# Start-up cost of the agent on the real workloads: interleaved runs of a workload with and
# without the agent (and with any other agent options), each a short run (--duration 1), and for
# each configuration the median and range of
#   ready   the workload's start-up marker (JVM uptime when its clients start, ready_uptime_ms)
#   cpu     the process's CPU time, user + sys, over the whole short run (start-up, 1 s of load,
#           exit): less sensitive to other load on the machine than wall time
#
#   benchmarks/startup/run.sh [-r rounds] [-j java] [-w workload] [config ...]
#
# Workload "empty" is an empty program instead: ready is the time from launching java (taken by
# the script just before) to the first line of its main, the wall clock on both sides. Workload
# "demo" is the demo app on one order: an application with Overclock's annotations, whose
# classes are woven as they load; ready is the time from launching java to its first line
# ("overclock demo: ..."), printed once its annotated classes are loaded, stamped as it arrives.
#
# A config is "none" (no agent) or the agent's options ("default" for none, e.g. "jfr=false"),
# optionally followed by @ and another agent jar (a build from before a change, say):
# "default@/tmp/before/overclock-agent.jar". Keep each jar's name overclock-agent.jar (one folder
# per build): the jar's Boot-Class-Path names it, and a renamed jar starts the slower way.
# Default: -r 5 -w jdbc none default. Needs `mvn -B -q -DskipTests package` first.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
rounds=5; java=java; workload=jdbc
while getopts "r:j:w:" option; do
  case "$option" in
    r) rounds="$OPTARG" ;; j) java="$OPTARG" ;; w) workload="$OPTARG" ;;
    *) sed -n 2,14p "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
configs=("$@"); ((${#configs[@]})) || configs=(none default)
jar="$repo/workloads/target/workloads.jar"
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
program=(-jar "$jar" --workload "$workload" --duration 1)
if [[ "$workload" == demo ]]; then
  program=(-jar "$repo/demo-app/target/demo-app.jar" --orders 1 --duration 10m)
fi
if [[ "$workload" == empty ]]; then
  echo 'public class Empty { public static void main(String[] a) {
    System.out.println("main_epoch_ms=" + System.currentTimeMillis()); } }' > "$out/Empty.java"
  javac --release 17 -d "$out" "$out/Empty.java" || exit 2
  program=(-cp "$out" Empty)
fi
for ((round = 0; round < rounds; round++)); do
  for ((i = 0; i < ${#configs[@]}; i++)); do
    config="${configs[$(((i + round) % ${#configs[@]}))]}"
    options="${config%%@*}"; agent="$repo/agent/target/overclock-agent.jar"
    [[ "$config" == *@* ]] && agent="${config#*@}"
    args=()
    case "$options" in
      none) ;;
      default) args=("-javaagent:$agent=summary=false,report.dir=$out/report") ;;
      *) args=("-javaagent:$agent=summary=false,report.dir=$out/report,$options") ;;
    esac
    launched="$(date +%s%3N)"
    if [[ "$workload" == demo ]]; then
      /usr/bin/time -f "TIME %U %S" -o "$out/time" "$java" "${args[@]}" "${program[@]}" 2>&1 \
        | while IFS= read -r line; do
            # the demo's first line, stamped on arrival (its output has no clock of its own)
            [[ "$line" == "overclock demo: "*" orders, "* ]] \
              && echo "first_line_epoch_ms=$(date +%s%3N)"
            printf '%s\n' "$line"
          done > "$out/output"
    else
      /usr/bin/time -f "TIME %U %S" -o "$out/time" "$java" "${args[@]}" "${program[@]}" \
        > "$out/output" 2>&1
    fi
    ready="$(grep -o 'ready_uptime_ms=[0-9]*' "$out/output" | cut -d= -f2)"
    main="$(grep -o 'main_epoch_ms=[0-9]*' "$out/output" | cut -d= -f2)"
    [[ -n "$main" ]] && ready=$((main - launched))
    first="$(grep -o 'first_line_epoch_ms=[0-9]*' "$out/output" | cut -d= -f2)"
    [[ "$workload" == demo && -n "$first" ]] && ready=$((first - launched))
    cpu="$(awk '/^TIME/ {printf "%d", ($2 + $3) * 1000}' "$out/time")"
    echo "$config $ready $cpu" | tee -a "$out/runs" >&2
  done
done
median() { sort -n | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "%d ms [%d, %d]", m, v[1], v[NR]}'; }
what="uptime when clients start"; [[ "$workload" == empty ]] && what="launch to main"
[[ "$workload" == demo ]] && what="launch to its first line"
echo "| $workload, $rounds rounds | ready ($what) | CPU, user + sys |"
echo "| --- | ---: | ---: |"
for config in "${configs[@]}"; do
  echo "| $config | $(awk -v c="$config" '$1 == c {print $2}' "$out/runs" | median) |" \
    "$(awk -v c="$config" '$1 == c {print $3}' "$out/runs" | median) |"
done

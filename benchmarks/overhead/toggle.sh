#!/usr/bin/env bash
# A tool's steady cost measured within one JVM: a real workload runs without an agent, and from
# 60 s of load on the tool is switched on for HALF seconds and off for HALF seconds, over and over
# (JFR through jcmd JFR.start/JFR.stop, or Overclock through the agent jar's attach/detach). Each
# cycle compares the throughput of the last USED seconds of its "on" half with the mean of the
# last USED seconds of the "off" halves before and after it: the two sides are HALF seconds apart,
# so the machine's drift of minutes (10-50% on a shared machine) cancels, which comparing separate
# JVMs cannot do. The first seconds of each half (the tool's start or stop, the code it changes,
# jcmd's or the command line's own JVM) are left out. A control compares an off phase with its
# two off neighbours the same way: what is left of the noise.
#
#   benchmarks/overhead/toggle.sh [-j java] [-w workload] [-l load] [-h half] [-u used] [-o dir]
#                                 [-x agent.jar] jfr [JFR.start arguments] | overclock [agent options]
#   benchmarks/overhead/toggle.sh -a -o dir [-h half] [-u used]   reads an earlier run's output again
#
#   -w  jdbc, cpu or http (default cpu)        -l  seconds of load (default 440)
#   -h  seconds per half (default 10)          -u  seconds compared at each half's end (default 5;
#                                                  a multiple of 5, the workload's phase length)
#   -o  output folder (default: a new one under benchmarks/target/toggle)
#   -x  the agent jar to attach (default: this build's; a copy keeps a run apart from builds)
#   -a  no run: the analysis of the run in -o (its -h; -u may differ)
#   jfr        JFR with the JDK's default settings, to a file, or with the JFR.start arguments
#              given (jdk.ExecutionSample#enabled=false: without execution samples; settings=profile)
#   overclock  the agent jar of this build attached in its default mode, or with the options
#              given (auto.window=1s lets detection time its methods early in a short half)
#
# Prints the per-cycle ratios (on / off), their median with a distribution-free 95% interval,
# how many cycles measured lower, the CPU per operation the same way, the control, and each 5 s
# phase of a cycle against the off reference (how the cost rises and fades within a half). What it
# cannot show: a cost made at the JVM's start that lasts its whole life (what the JIT compiles
# while a -javaagent starts); that needs separate JVMs (run.sh). An attached Overclock is not the
# -javaagent one at its start (its stream starts at once), but its steady state is the same code.
# Needs `mvn -B -q -DskipTests package` first; Linux, jcmd beside java for jfr.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
java=java; workload=cpu; load=440; half=10; used=5; out=""; again=false
usage() { sed -n 12,25p "$0" >&2; exit 2; }
agent_jar="$repo/agent/target/overclock-agent.jar"
while getopts "j:w:l:h:u:o:x:a" option; do
  case "$option" in
    j) java="$OPTARG" ;; w) workload="$OPTARG" ;; l) load="$OPTARG" ;; h) half="$OPTARG" ;;
    u) used="$OPTARG" ;; o) out="$OPTARG" ;; x) agent_jar="$OPTARG" ;; a) again=true ;; *) usage ;;
  esac
done
shift $((OPTIND - 1))
tool="${1:-}"; shift || true
options="${*:-}"
if $again; then
  [[ -n "$out" && -f "$out/stdout.txt" ]] || { echo "toggle.sh: -a needs -o with an earlier run's output" >&2; usage; }
  load=$((60 + 4 * half)) # not run again: only -h and -u are read
fi
case "$tool" in jfr|overclock) ;; *) $again || { echo "toggle.sh: name the tool: jfr or overclock" >&2; usage; } ;; esac
case "$workload" in jdbc|cpu|http) ;; *) echo "toggle.sh: unknown workload '$workload'" >&2; usage ;; esac
for number in "$load" "$half" "$used"; do
  [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "toggle.sh: -l, -h and -u take whole seconds" >&2; usage; }
done
(( used % 5 == 0 && used < half )) || { echo "toggle.sh: -u must be a multiple of 5 below -h" >&2; usage; }
(( load >= 60 + 4 * half )) || { echo "toggle.sh: -l must leave 60 s and two cycles" >&2; usage; }
if ! $again; then
workloads_jar="$repo/workloads/target/workloads.jar"
for jar in "$agent_jar" "$workloads_jar"; do
  [[ -f "$jar" ]] || { echo "toggle.sh: $jar is missing: run mvn -B -q -DskipTests package" >&2; exit 2; }
done
jcmd="$(dirname "$(command -v "$java")")/jcmd"
[[ "$tool" != jfr || -x "$jcmd" ]] || { echo "toggle.sh: no jcmd beside $java" >&2; exit 2; }
out="${out:-$repo/benchmarks/target/toggle/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out" && out="$(cd "$out" && pwd)"

# started in the output folder: an attached agent writes its report there
(cd "$out" && exec "$java" -XX:+EnableDynamicAgentLoading -jar "$workloads_jar" --workload "$workload" \
  --duration "$load" --phases 5 > stdout.txt 2> stderr.txt) &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
# the workload prints this line as its clients start: phases count from then
until grep -q "set up in" "$out/stdout.txt" 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "toggle.sh: the workload ended before its clients started" >&2; exit 1; }
  sleep 0.05
done
start=$(date +%s%N)
sleep_until() { local wait=$(( ($1 - $(date +%s%N)) / 1000000 )); ((wait > 0)) && sleep "$((wait / 1000)).$(printf %03d $((wait % 1000)))"; }
on() {
  if [[ "$tool" == jfr ]]; then "$jcmd" $pid JFR.start name=toggle filename="$out/jfr-$1.jfr" $options
  else "$java" -jar "$agent_jar" attach $pid $options; fi
}
off() {
  if [[ "$tool" == jfr ]]; then "$jcmd" $pid JFR.stop name=toggle
  else "$java" -jar "$agent_jar" detach $pid; fi
}
cycle=0
while (( 60 + 2 * half * (cycle + 1) <= load )); do
  sleep_until $(( start + (60 + 2 * half * cycle) * 1000000000 ))
  on $cycle >> "$out/switches.txt" 2>&1 || echo "toggle.sh: switching on failed in cycle $cycle" >&2
  sleep_until $(( start + (60 + 2 * half * cycle + half) * 1000000000 ))
  off >> "$out/switches.txt" 2>&1 || echo "toggle.sh: switching off failed in cycle $cycle" >&2
  cycle=$((cycle + 1))
done
wait $pid
trap - EXIT
grep -q "^RESULT" "$out/stdout.txt" || { echo "toggle.sh: no RESULT line: see $out/stderr.txt" >&2; exit 1; }
fi

{
  if $again; then head -1 "$out/summary.txt" 2>/dev/null || echo "toggle.sh: an earlier run"
  else echo "toggle.sh: $tool${options:+ ($options)} on $workload, $("$java" -version 2>&1 | head -1)"; fi
  echo "halves of $half s, the last $used s of each compared, from 60 s; output in $out"
  awk -v half="$half" -v used="$used" '
    /^PHASE/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
               from = int(f["from_s"] + 0.5); sub("/s", "", f["throughput"])
               ops[from] = f["throughput"] + 0; cpu[from] = f["cpu_us_per_op"] + 0 }
    # mean of a value over the phases [end - used, end)
    function mean(a, end,   s, p, n) { n = 0; s = 0
      for (p = end - used; p < end; p += 5) { if (!(p in a)) return -1; s += a[p]; n++ }
      return s / n }
    # the phases ending at mid against the mean of those ending gap seconds before and after
    function ratio(a, mid, gap,   o, b, c) { o = mean(a, mid); b = mean(a, mid - gap)
      c = mean(a, mid + gap); return (o < 0 || b < 0 || c < 0) ? -1 : o / ((b + c) / 2) }
    # median and distribution-free 95% interval [x(k), x(n+1-k)] of the n sorted values
    function summary(name, x, n,   i, k, tail, term, median) {
      median = middle(x, n) # sorts x
      k = 0; tail = 0; term = 0.5 ^ n
      for (i = 0; i < n / 2; i++) { if (2 * (tail + term) > 0.05) break; tail += term; term *= (n - i) / (i + 1); k = i + 1 }
      lower = 0; for (i = 1; i <= n; i++) if (x[i] < 1) lower++
      if (k == 0) printf "%s: median x%.3f over %d (too few for a 95%% interval), lower in %d\n", name, median, n, lower
      else printf "%s: median x%.3f [%.3f, %.3f]%s over %d, lower in %d\n", name, median, x[k], x[n + 1 - k],
        (x[k] <= 1 && x[n + 1 - k] >= 1) ? " (not resolved: the interval includes x1.000)" : "", n, lower }
    END {
      n = 0; line = ""
      # cycle c: on from 60 + 2 half c, off from half seconds later
      for (c = 0; ; c++) { mid = 60 + 2 * half * c + half; r = ratio(ops, mid, half); if (r < 0) break
        n++; thr[n] = r; per[n] = ratio(cpu, mid, half); line = line sprintf(" %.3f", r) }
      if (n == 0) { print "no complete cycle"; exit 1 }
      print "on / off per cycle:" line
      summary("throughput, on / off", thr, n)
      summary("CPU per operation, on / off", per, n)
      m = 0
      # the off half after cycle c against the off halves before c and after c + 1
      for (c = 0; ; c++) { r = ratio(ops, 60 + 2 * half * c + 2 * half, 2 * half); if (r < 0) break; ctl[++m] = r }
      if (m > 0) summary("control, off / off", ctl, m)
      # each 5 s phase of a cycle against the reference of that cycle (the mean of the last used s of
      # the off halves before and after it): how the cost rises and fades within a half
      line = ""
      for (o = 0; o < 2 * half; o += 5) {
        k = 0
        for (c = 0; c < n; c++) { s0 = 60 + 2 * half * c; b = mean(ops, s0); a = mean(ops, s0 + 2 * half)
          if (b > 0 && a > 0 && (s0 + o) in ops) v[++k] = ops[s0 + o] / ((b + a) / 2) }
        line = line sprintf(" %s+%ds x%.3f", (o < half ? "on" : "off"), (o < half ? o : o - half), middle(v, k))
      }
      print "by 5 s phase, median against the off reference:" line
    }
    # the median of x[1..n], sorting x in place
    function middle(x, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && x[j-1] > x[j]; j--) { t = x[j]; x[j] = x[j-1]; x[j-1] = t }
      return (n % 2) ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
    }' "$out/stdout.txt"
} > "$out/summary.new" && mv "$out/summary.new" "$out/summary.txt" && cat "$out/summary.txt"

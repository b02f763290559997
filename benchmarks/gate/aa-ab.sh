#!/usr/bin/env bash
# The false-alarm rate and the detection rate of `compare` as a CI gate, measured on this machine:
# PerformanceGateIT's fixture (fixtureapp.gate.GateApp: two @Timed methods, quote and lookup) run
# N times unchanged (A) and M times with quote made twice as slow (B), interleaved (a0 b0 a1 b1
# ...), then compared with the budgets of the README's pipeline:
#
#   A/A 1v1   every pair of A runs, one run per side              exit 1 = a false alarm
#   A/A 3v3   every split of the first six A runs into 3 + 3      exit 1 = a false alarm
#   A/B 1v1   every A run against every B run                     exit 1 naming quote = found
#   A/B 3v3   consecutive A triples against B triples             exit 1 naming quote = found
#
#   benchmarks/gate/aa-ab.sh [-n A runs] [-m B runs] [-d seconds] [-j java] [-b "budgets"]
#                            [-r reports-dir]
#
#   -n  A runs (default 8)   -m  B runs (default 6)   -d  seconds per run (default 2)
#   -b  the compare options (default: --fail-on p50=+10% --fail-on p95=+10% --fail-on errors=+0)
#   -r  compare the runs of an earlier call again (its folder), with other budgets: no new runs
#
# Needs the agent jar and the integration tests' classes: `mvn -B -q -pl
# annotations,agent,demo-app,workloads,integration-tests package -DskipTests` (or any run of an
# IT). Prints one line per comparison (exit code, what failed) and the counts at the end; the
# runs' reports stay in the temporary folder printed first.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
a_runs=8
b_runs=6
seconds=2
java="java"
budgets="--fail-on p50=+10% --fail-on p95=+10% --fail-on errors=+0"
reuse=""
while getopts "n:m:d:j:b:r:" option; do
  case "$option" in
    n) a_runs="$OPTARG" ;;
    m) b_runs="$OPTARG" ;;
    d) seconds="$OPTARG" ;;
    j) java="$OPTARG" ;;
    b) budgets="$OPTARG" ;;
    r) reuse="$OPTARG" ;;
    *) sed -n '12,17p' "$0" >&2; exit 2 ;;
  esac
done
jar="$repo/agent/target/overclock-agent.jar"
classes="$repo/integration-tests/target/test-classes"
for needed in "$jar" "$classes/fixtureapp/gate/GateApp.class"; do
  [ -e "$needed" ] || { echo "aa-ab.sh: $needed is missing; build first (see the header)" >&2; exit 2; }
done
dir="${reuse:-$(mktemp -d -t overclock-gate.XXXXXX)}"
echo "reports under $dir; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

run() { # name slowdown
  "$java" "-javaagent:$jar=summary=false,report.dir=$dir/$1" -Dgate.seconds="$seconds" \
    -Dgate.slowdown="$2" -cp "$classes" fixtureapp.gate.GateApp > "$dir/$1.out" 2>&1
}
for ((i = 0; i < (a_runs > b_runs ? a_runs : b_runs); i++)); do
  if [ -n "$reuse" ]; then break; fi
  if ((i < a_runs)); then run "a$i" 1; fi
  if ((i < b_runs)); then run "b$i" 2; fi
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after the runs; calls per run (quote):" \
  "$(for f in "$dir"/[ab]*.out; do printf '%s=%s ' "$(basename "$f" .out)" \
    "$(sed -n 's/.* calls //p' "$f")"; done)"

# compare <label> <kind: aa|ab> <compare arguments...>: counts the outcome
aa=0 aa_alarms=0 aa_inconclusive=0 ab=0 ab_found=0 ab_inconclusive=0 ab_other=0
compare() {
  local label="$1" kind="$2" output code
  shift 2
  set +e
  # shellcheck disable=SC2086
  output="$("$java" -jar "$jar" compare "$@" $budgets)"
  code=$?
  set -e
  local exceeded inconclusive
  exceeded="$( (grep ' exceeds --fail-on' <<<"$output" || true) \
    | sed 's/^ *//; s/ (.*exceeds/ exceeds/' | tr '\n' ';')"
  inconclusive="$(grep -c '^  inconclusive: .*GateApp::quote: p50' <<<"$output" || true)"
  echo "$label: exit $code ${exceeded:-(nothing exceeded)}"
  if [ "$kind" = aa ]; then
    aa=$((aa + 1))
    [ "$code" = 1 ] && aa_alarms=$((aa_alarms + 1))
    grep -q '^  inconclusive: .*: p50' <<<"$output" && aa_inconclusive=$((aa_inconclusive + 1))
  else
    ab=$((ab + 1))
    grep -q 'GateApp::quote: .* exceeds' <<<"$output" && ab_found=$((ab_found + 1))
    [ "$inconclusive" != 0 ] && ab_inconclusive=$((ab_inconclusive + 1))
    grep -q 'GateApp::lookup: .* exceeds' <<<"$output" && ab_other=$((ab_other + 1))
  fi
  return 0
}
report() { echo "$dir/$1/report.json"; }

for ((i = 0; i < a_runs; i++)); do
  for ((j = i + 1; j < a_runs; j++)); do
    compare "A/A 1v1 a$i a$j" aa "$(report a$i)" "$(report a$j)"
  done
done
echo "A/A 1v1: $aa pairs, $aa_alarms false alarms (exit 1), $aa_inconclusive with p50 inconclusive"
aa1=$aa alarms1=$aa_alarms aa=0 aa_alarms=0 aa_inconclusive=0
if ((a_runs >= 6)); then
  for split in 012:345 013:245 014:235 015:234 023:145 024:135 025:134 034:125 035:124 045:123; do
    left="${split%%:*}" right="${split##*:}"
    compare "A/A 3v3 a[$left] a[$right]" aa --baseline "$(report a${left:0:1})" \
      "$(report a${left:1:1})" "$(report a${left:2:1})" --candidate "$(report a${right:0:1})" \
      "$(report a${right:1:1})" "$(report a${right:2:1})"
  done
  echo "A/A 3v3: $aa splits, $aa_alarms false alarms (exit 1)"
fi
for ((i = 0; i < a_runs; i++)); do
  for ((j = 0; j < b_runs; j++)); do
    compare "A/B 1v1 a$i b$j" ab "$(report a$i)" "$(report b$j)"
  done
done
echo "A/B 1v1: $ab pairs, $ab_found failed naming quote, $ab_inconclusive with quote's p50" \
  "inconclusive, $ab_other named lookup"
ab=0 ab_found=0 ab_inconclusive=0 ab_other=0
for ((i = 0; i + 3 <= a_runs; i += 3)); do
  for ((j = 0; j + 3 <= b_runs; j += 3)); do
    compare "A/B 3v3 a$i-$((i + 2)) b$j-$((j + 2))" ab --baseline "$(report a$i)" \
      "$(report a$((i + 1)))" "$(report a$((i + 2)))" --candidate "$(report b$j)" \
      "$(report b$((j + 1)))" "$(report b$((j + 2)))"
  done
done
echo "A/B 3v3: $ab comparisons, $ab_found failed naming quote, $ab_inconclusive with quote's p50" \
  "inconclusive, $ab_other named lookup"
echo "summary: A/A 1v1 $alarms1/$aa1 false alarms; load average $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Runs Apache Commons Math's own JUnit test suite (its published tests jar, 3.6.1) twice with the
# JUnit console launcher: once without the agent, once under auto=optimize (short windows), and
# compares the sets of failed tests (issue 14: "a real library's test suite passes under
# auto=optimize as without the agent"). Prints both summaries with their wall-clock times, the
# tests that failed only under the agent (none expected: the script exits 1 otherwise) and what
# auto=optimize memoized or refused.
#
#   benchmarks/library-suite/run.sh [-j java] [-a agent jar] [-o extra agent options]
#
# Needs the agent jar (`mvn -B -q -pl annotations,agent -DskipTests package`) and network access
# once (Maven resolves the suite's class path from pom.xml here into ~/.m2). Math's classes are
# in org.apache., a package the agent treats as library code: include= names them, so that they
# are timed, sampled and memoized on their own like application code. The tests are chosen as
# Math's POM has Surefire choose them (*Test, *TestBinary, *TestPermutations, not *AbstractTest)
# and run by the launcher's JUnit 4 engine on the JUnit 4.13.2 the launcher bundles (Math's POM
# names 4.11, which that engine refuses). Apache Commons Lang and H2 are kept for independent
# checks: the script stops if either is on the class path.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
java="java"
extra=""
agent_jar="$repo/agent/target/overclock-agent.jar"
while getopts "j:a:o:" option; do
  case "$option" in
    j) java="$OPTARG" ;;
    a) agent_jar="$OPTARG" ;;
    o) extra=",$OPTARG" ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
  esac
done
[ -f "$agent_jar" ] || { echo "no $agent_jar: build the agent first" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/overclock-library-suite.XXXXXX")"
mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2
classpath="$(tr ':' '\n' < "$work/cp.txt")"
if grep -Ei '/(commons-lang3?|h2)-[0-9][^/]*\.jar' <<< "$classpath"; then
  echo "Commons Lang or H2 on the suite's class path: they are reserved for independent checks" >&2
  exit 2
fi
launcher="$(grep console-standalone <<< "$classpath")"
tests="$(grep -- '-tests.jar' <<< "$classpath")"
# The launcher bundles JUnit (4.13.2 and hamcrest with it) and loads it first: the suite's class
# path without JUnit's and hamcrest's jars.
app="$(grep -v -e junit -e hamcrest <<< "$classpath" | paste -sd:)"
options="auto=optimize,auto.window=1s,jfr.sampleinterval=10ms,overhead.budget=off,include=org.apache.commons.math3,summary=false$extra"

run() { # side, extra JVM arguments...
  local side="$1"
  shift
  mkdir -p "$work/$side"
  local start end
  start="$(date +%s.%N)"
  (cd "$work/$side" && "$java" -Xmx2g "$@" -jar "$launcher" execute -cp "$app" \
    --scan-classpath "$tests" --include-classname '^[^$]*(Test|TestBinary|TestPermutations)$' \
    --exclude-classname '^.*AbstractTest$' --disable-banner --details=none \
    --reports-dir "$work/$side/junit" > "$work/$side/out.txt" 2>&1) || true
  end="$(date +%s.%N)"
  seconds["$side"]="$(python3 -c "print('%.1f' % ($end - $start))")"
  # The failed tests, one "class#method" a line, from the launcher's XML reports (one per
  # engine: TEST-junit-vintage.xml holds Math's JUnit 4 tests); the count of tests to stderr.
  local total failed
  total="$(python3 - "$work/$side/junit" 2>&1 > "$work/$side/failed.txt" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
total = 0
for report in sorted(glob.glob(sys.argv[1] + "/TEST-*.xml")):
    for case in ET.parse(report).getroot().iter("testcase"):
        total += 1
        if case.find("failure") is not None or case.find("error") is not None:
            print(case.get("classname") + "#" + case.get("name"))
print(total, file=sys.stderr)
PY
)"
  failed="$(wc -l < "$work/$side/failed.txt")"
  echo "$side: $total tests, $failed failed, ${seconds[$side]} s"
}

declare -A seconds
run plain
run optimize "-javaagent:$agent_jar=$options"

echo "time under auto=optimize / without: x$(python3 -c "print('%.3f' % (${seconds[optimize]} / ${seconds[plain]}))")"
echo "failed in both:"
both="$(comm -12 <(sort "$work/plain/failed.txt") <(sort "$work/optimize/failed.txt"))"
echo "${both:-  (none)}" | sed 's/^\([^ ]\)/  \1/'
echo "failed only without the agent:"
gone="$(comm -23 <(sort "$work/plain/failed.txt") <(sort "$work/optimize/failed.txt"))"
echo "${gone:-  (none)}" | sed 's/^\([^ ]\)/  \1/'
echo "failed only under auto=optimize:"
new="$(comm -13 <(sort "$work/plain/failed.txt") <(sort "$work/optimize/failed.txt"))"
echo "${new:-  (none)}" | sed 's/^\([^ ]\)/  \1/'
echo "decided by auto=optimize (report.json optimizations[]: memoizations, pool moves):"
python3 - "$work/optimize/overclock-report/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
changes = report.get("optimizations", [])
for change in changes:
    print("  %s %s %s: %s" % (change["change"], change["state"], change["name"], change["reason"]))
print("  (%d decided, %d timed methods)" % (len(changes), len(report.get("methods", []))))
PY
echo "runs in $work"
[ -z "$new" ]

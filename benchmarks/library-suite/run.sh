#!/usr/bin/env bash
# Runs Apache Commons Codec's own JUnit test suite (its published tests jar, 1.17.1) twice with
# the JUnit console launcher: once without the agent, once under auto=optimize (short windows),
# and compares the sets of failed tests (issue 14: "a real library's test suite passes under
# auto=optimize as without the agent"). Prints both summaries, the tests that failed only under
# the agent (none expected: the script exits 1 otherwise) and what auto=optimize memoized.
#
#   benchmarks/library-suite/run.sh [-j java] [-a agent jar] [-o extra agent options]
#
# Needs the agent jar (`mvn -B -q -pl annotations,agent -DskipTests package`) and network access
# once (Maven resolves the suite's class path from pom.xml here into ~/.m2). Codec's classes are
# in org.apache., a package the agent treats as library code: include= names them, so that they
# are timed, sampled and memoized on their own like application code. Codec's own test
# dependencies (commons-io, commons-lang3, hamcrest) are on the class path as its POM says; the
# agent is not pointed at them. The heap is 3 GB: one of Codec's tests (Base64Test
# testCodec265) encodes a 1 GB array.
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
    *) sed -n '2,16p' "$0"; exit 2 ;;
  esac
done
[ -f "$agent_jar" ] || { echo "no $agent_jar: build the agent first" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/overclock-library-suite.XXXXXX")"
mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2
classpath="$(tr ':' '\n' < "$work/cp.txt")"
launcher="$(grep console-standalone <<< "$classpath")"
tests="$(grep -- '-tests.jar' <<< "$classpath")"
# The launcher bundles JUnit itself: the suite's class path without JUnit's jars.
app="$(grep -v -e junit -e opentest4j -e apiguardian <<< "$classpath" | paste -sd:)"
options="auto=optimize,auto.window=1s,jfr.sampleinterval=10ms,overhead.budget=off,include=org.apache.commons.codec,summary=false$extra"

run() { # side, extra JVM arguments...
  local side="$1"
  shift
  mkdir -p "$work/$side"
  (cd "$work/$side" && "$java" -Xmx3g "$@" -jar "$launcher" execute -cp "$app" \
    --scan-classpath "$tests" --disable-banner --details=none \
    --reports-dir "$work/$side/junit" > "$work/$side/out.txt" 2>&1) || true
  # The failed tests, one "class#method" a line, from the launcher's XML report.
  python3 - "$work/$side/junit/TEST-junit-jupiter.xml" > "$work/$side/failed.txt" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for case in root.iter("testcase"):
    if case.find("failure") is not None or case.find("error") is not None:
        print(case.get("classname") + "#" + case.get("name"))
PY
  local total failed
  total="$(grep -o '<testcase ' "$work/$side/junit/TEST-junit-jupiter.xml" | wc -l)"
  failed="$(wc -l < "$work/$side/failed.txt")"
  echo "$side: $total tests, $failed failed"
}

run plain
run optimize "-javaagent:$agent_jar=$options"

echo "failed only under auto=optimize:"
new="$(comm -13 <(sort "$work/plain/failed.txt") <(sort "$work/optimize/failed.txt"))"
echo "${new:-  (none)}"
echo "memoized by auto=optimize (report.json optimizations[]):"
python3 - "$work/optimize/overclock-report/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
changes = report.get("optimizations", [])
for change in changes:
    print("  %s %s: %s" % (change["state"], change["name"], change["reason"]))
print("  (%d decided, %d timed methods)" % (len(changes), len(report.get("methods", []))))
PY
echo "runs in $work"
[ -z "$new" ]

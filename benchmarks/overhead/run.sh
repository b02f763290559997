#!/usr/bin/env bash
# The overhead benchmark: each real workload (workloads/) under no agent, Overclock's default
# mode, the OpenTelemetry Java agent (exporters off), async-profiler (CPU sampling, default
# interval, to a file) and a plain JFR recording (the JDK's default settings), in interleaved
# rounds; then one Markdown table of medians with confidence intervals, as ratios to no agent.
#
#   benchmarks/overhead/run.sh [-r rounds] [-d seconds] [-w seconds] [-p seconds] [-j java]
#                              [-o dir] [-c configurations] [-s] [jdbc] [cpu] [http]
#
#   -r  rounds (default 5): each round runs every configuration once, in an order rotated by
#       one place per round, so that each configuration runs first, second... equally often
#   -d  measured load seconds per run (default 30)    -w  warm-up seconds per run (default 10)
#   -p  also a table over time: the whole load, warm-up included, in phases of this many seconds
#       (-w 10 -d 110 -p 10: the measured load from 10 to 120 s, and twelve phases of 10 s)
#   -j  java executable (default: java on PATH)       -o  output folder (default: a new one
#                                                         under benchmarks/target/overhead)
#   -c  configurations, comma-separated (default: none,overclock,otel,async-profiler,jfr)
#   -O  NAME=OPTIONS[@JAR]: a variant of Overclock, run as configuration overclock-NAME with the
#       agent options OPTIONS (e.g. -O nojfr=jfr=false -c none,overclock,overclock-nojfr), from
#       another agent jar after @ (a build from before a change: -O
#       before=@/tmp/before/overclock-agent.jar; keep that name, which the jar's Boot-Class-Path
#       names: a renamed jar starts the slower way)
#   -J  NAME=JVM-ARGUMENTS: a configuration jvm-NAME of plain JVM arguments, split on spaces;
#       JFR without its execution samples, say, as configuration jvm-nosample:
#       -J nosample=-XX:StartFlightRecording:filename=r.jfr,jdk.ExecutionSample#enabled=false
#   -s  side by side: each round runs its configurations at the same time, each JVM pinned to
#       a processor of its own (taskset) and the processors swapped between them every second,
#       so that the machine's drift of minutes, and each processor's own, falls on both sides of
#       a pair alike. Needs a processor per configuration; each JVM then sees one processor
#       (its ergonomics choose the serial collector and fewer compiler threads; its collections
#       run in the VM thread, counted in "the rest", not the GC column): a one-core
#       application's regime, not the sequential runs'
#   workloads: any of jdbc cpu http (default: all three)
#
# Needs `mvn -B -q -DskipTests package` first (agent and workloads jars). The OpenTelemetry agent
# and async-profiler are fetched from Maven Central by Maven into benchmarks/target/overhead-tools
# (versions below, or OTEL_VERSION / ASYNC_PROFILER_VERSION). A tool that cannot be fetched or
# loaded (async-profiler on an unsupported OS, CPU or JDK, say) is reported as unavailable in its
# row and the other configurations run. Linux only (GNU date, /proc-based CPU times).
# Duration: rounds x workloads x configurations x (warm-up + load + ~10-20 s of set-up and
# checksum); the defaults take about 5 x 3 x 5 x 55 s = 70 minutes.
set -uo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
otel_version="${OTEL_VERSION:-2.21.0}"
async_profiler_version="${ASYNC_PROFILER_VERSION:-4.2}"
rounds=5
seconds=30
warmup=10
phases=0
java="java"
out=""
configs="none,overclock,otel,async-profiler,jfr"
side_by_side=false
usage() { sed -n '7,33p' "$0" >&2; exit 2; }
declare -A variants jvm_variants
while getopts "r:d:w:p:j:o:c:O:J:s" option; do
  case "$option" in
    r) rounds="$OPTARG" ;;
    d) seconds="$OPTARG" ;;
    w) warmup="$OPTARG" ;;
    p) phases="$OPTARG" ;;
    j) java="$OPTARG" ;;
    o) out="$OPTARG" ;;
    c) configs="$OPTARG" ;;
    s) side_by_side=true ;;
    O) [[ "$OPTARG" =~ ^[a-z0-9]+=.+$ ]] \
         || { echo "run.sh: -O takes NAME=OPTIONS (NAME: lower-case letters and digits)" >&2; usage; }
       variants[${OPTARG%%=*}]="${OPTARG#*=}" ;;
    J) [[ "$OPTARG" =~ ^[a-z0-9]+=.+$ ]] \
         || { echo "run.sh: -J takes NAME=JVM-ARGUMENTS (NAME: lower-case letters and digits)" >&2; usage; }
       jvm_variants[${OPTARG%%=*}]="${OPTARG#*=}" ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
workloads=("$@")
((${#workloads[@]})) || workloads=(jdbc cpu http)
for workload in "${workloads[@]}"; do
  case "$workload" in jdbc|cpu|http) ;; *) echo "run.sh: unknown workload '$workload'" >&2; usage ;; esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: -r takes a whole number of rounds" >&2; usage; }
[[ "$phases" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "run.sh: -p takes a number of seconds (0: no table over time)" >&2; usage; }
IFS=, read -r -a configs <<< "$configs"
for config in "${configs[@]}"; do
  case "$config" in none|overclock|otel|async-profiler|jfr) ;;
    overclock-*) [[ -n "${variants[${config#overclock-}]:-}" ]] \
                   || { echo "run.sh: configuration '$config' needs -O ${config#overclock-}=OPTIONS" >&2; usage; } ;;
    jvm-*) [[ -n "${jvm_variants[${config#jvm-}]:-}" ]] \
             || { echo "run.sh: configuration '$config' needs -J ${config#jvm-}=JVM-ARGUMENTS" >&2; usage; } ;;
    *) echo "run.sh: unknown configuration '$config'" >&2; usage ;; esac
done
[[ " ${configs[*]} " == *" none "* ]] || { echo "run.sh: -c must include none (the baseline)" >&2; usage; }
processors=()
if $side_by_side; then
  command -v taskset > /dev/null || { echo "run.sh: -s needs taskset (util-linux)" >&2; exit 2; }
  # the processors this script may use ("0,1" or "0-3,6"), one per configuration
  for range in $(taskset -pc $$ | sed 's/.*: *//' | tr ',' ' '); do
    for ((cpu = ${range%-*}; cpu <= ${range#*-}; cpu++)); do processors+=("$cpu"); done
  done
  ((${#configs[@]} <= ${#processors[@]})) \
    || { echo "run.sh: -s needs a processor per configuration: ${#configs[@]} configurations, ${#processors[@]} processors (${processors[*]})" >&2; exit 2; }
fi

agent_jar="$repo/agent/target/overclock-agent.jar"
workloads_jar="$repo/workloads/target/workloads.jar"
for jar in "$agent_jar" "$workloads_jar"; do
  [[ -f "$jar" ]] || { echo "run.sh: $jar is missing: run mvn -B -q -DskipTests package" >&2; exit 2; }
done
tools="$repo/benchmarks/target/overhead-tools"
out="${out:-$repo/benchmarks/target/overhead/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$tools" "$out"
results="$out/results.txt"
: > "$results"
log() { echo "$*" | tee -a "$out/log.txt" >&2; }

# --- the tools, from Maven Central through Maven ---------------------------------------------
dependency_plugin="$(sed -n 's:.*<dependency-plugin.version>\(.*\)</dependency-plugin.version>.*:\1:p' \
  "$repo/pom.xml" | head -1)"
# fetch GROUP:ARTIFACT:VERSION: prints the jar's path, or fails with Maven's last lines on stderr
fetch() {
  local coordinates="$1" artifact version
  artifact="$(cut -d: -f2 <<< "$coordinates")"
  version="$(cut -d: -f3 <<< "$coordinates")"
  local jar="$tools/$artifact-$version.jar"
  if [[ ! -f "$jar" ]]; then
    if ! mvn -B -q -N -f "$repo/pom.xml" \
        "org.apache.maven.plugins:maven-dependency-plugin:${dependency_plugin:-3.8.1}:copy" \
        -Dartifact="$coordinates" -DoutputDirectory="$tools" > "$tools/fetch-$artifact.log" 2>&1; then
      tail -3 "$tools/fetch-$artifact.log" >&2
      return 1
    fi
  fi
  echo "$jar"
}

# The JVM arguments of each configuration; unavailable[config] says why one cannot run.
declare -A jvm_args unavailable label
label[none]="no agent"
label[overclock]="Overclock, default mode"
label[otel]="OpenTelemetry Java agent $otel_version, exporters off"
label[async-profiler]="async-profiler $async_profiler_version, cpu every 10 ms, JFR file"
label[jfr]="JFR, default settings, to a file"
jvm_args[none]=""
jvm_args[overclock]="-javaagent:$agent_jar"
jvm_args[jfr]="-XX:StartFlightRecording:filename=recording.jfr"
for name in "${!variants[@]}"; do
  options="${variants[$name]}" variant_jar="$agent_jar"
  if [[ "$options" == *@* ]]; then
    variant_jar="${options##*@}" options="${options%@*}"
  fi
  # named by the variant first: two variants of the same options from jars of the same file name
  # (two builds compared) must not share a row label
  label[overclock-$name]="Overclock $name${options:+, $options}${variant_jar:+ ($(basename "$variant_jar"))}"
  jvm_args[overclock-$name]="-javaagent:$variant_jar${options:+=$options}"
done
for name in "${!jvm_variants[@]}"; do
  label[jvm-$name]="JVM arguments $name: ${jvm_variants[$name]}"
  jvm_args[jvm-$name]="${jvm_variants[$name]}"
done
for config in "${configs[@]}"; do
  case "$config" in
    otel)
      if jar="$(fetch "io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version" 2>"$out/otel-fetch.txt")"; then
        jvm_args[otel]="-javaagent:$jar -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
      else
        unavailable[otel]="could not fetch opentelemetry-javaagent $otel_version: $(tail -1 "$out/otel-fetch.txt")"
      fi ;;
    async-profiler)
      case "$(uname -s)-$(uname -m)" in
        Linux-x86_64|Linux-amd64) platform=linux-x64 ;;
        Linux-aarch64|Linux-arm64) platform=linux-arm64 ;;
        Darwin-*) platform=macos ;;
        *) platform="" ;;
      esac
      if [[ -z "$platform" ]]; then
        unavailable[async-profiler]="no async-profiler library for $(uname -s) $(uname -m)"
      elif ! jar="$(fetch "tools.profiler:async-profiler:$async_profiler_version" 2>"$out/ap-fetch.txt")"; then
        unavailable[async-profiler]="could not fetch async-profiler $async_profiler_version: $(tail -1 "$out/ap-fetch.txt")"
      else
        library="$tools/async-profiler-$async_profiler_version/$platform/libasyncProfiler.so"
        if [[ ! -f "$library" ]]; then
          mkdir -p "$tools/async-profiler-$async_profiler_version"
          (cd "$tools/async-profiler-$async_profiler_version" && unzip -q -o "$jar" "$platform/*") \
            2>/dev/null || true
        fi
        if [[ -f "$library" ]]; then
          jvm_args[async-profiler]="-agentpath:$library=start,event=cpu,jfr,file=async-profiler.jfr"
        else
          unavailable[async-profiler]="the async-profiler $async_profiler_version jar has no $platform library (or unzip is missing)"
        fi
      fi ;;
  esac
done

# A JVM that cannot start with a configuration (a native library for another JDK, say) fails
# here, in a second, rather than in every round.
for config in "${configs[@]}"; do
  [[ -n "${unavailable[$config]:-}" ]] && continue
  check="$out/check-$config"
  mkdir -p "$check"
  # shellcheck disable=SC2086 # the configuration's arguments are split on spaces on purpose
  if ! (cd "$check" && timeout 120 "$java" ${jvm_args[$config]} -version > output.txt 2>&1); then
    # (the JVM prints why it could not load an agent on stdout, -version on stderr)
    unavailable[$config]="the JVM does not start with it: $(grep -v '^\s*$' "$check/output.txt" | head -2 | tr '\n' ' ')"
  fi
done

{
  echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "java $("$java" -version 2>&1 | head -1)"
  echo "machine $(nproc) cores, $(uname -sm), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  echo "plan rounds=$rounds seconds=$seconds warmup=$warmup phases=$phases workloads=${workloads[*]} configurations=${configs[*]} side_by_side=$side_by_side"
  echo "legend-note CI: distribution-free order-statistic interval of the median"
} >> "$out/meta.txt"
for config in "${configs[@]}"; do
  echo "config name=$config label=${label[$config]}" >> "$results"
  if [[ -n "${unavailable[$config]:-}" ]]; then
    echo "unavailable config=$config reason=${unavailable[$config]}" >> "$results"
    log "$config: unavailable: ${unavailable[$config]}"
  else
    log "$config: ${jvm_args[$config]:-(no JVM arguments)}"
  fi
done

# --- the runs ---------------------------------------------------------------------------------
declare -A failures successes
# run WORKLOAD ROUND POSITION CONFIG [PROCESSOR]: one JVM (pinned to PROCESSOR if given), one
# line in results.txt
run_one() {
  local workload="$1" round="$2" position="$3" config="$4" processor="${5:-}"
  local pin=() slot=""
  # the slot names the JVM on its command line, for this run's swapper (and no other's) to find it
  [[ -n "$processor" ]] && pin=(taskset -c "$processor") slot="-Doverclock.bench.slot=$$-$position"
  local dir="$out/$workload/round-$round-$config"
  mkdir -p "$dir"
  local launched status=ok exit_code=0
  launched="$(date +%s%3N)"
  # shellcheck disable=SC2086
  (cd "$dir" && exec "${pin[@]}" timeout "$((${warmup%.*} + ${seconds%.*} + 300))" "$java" $slot ${jvm_args[$config]} \
      -jar "$workloads_jar" --workload "$workload" --duration "$seconds" --warmup "$warmup" \
      --phases "$phases" > stdout.txt 2> stderr.txt) || exit_code=$?
  local result
  result="$(grep -m1 '^RESULT ' "$dir/stdout.txt" | cut -d' ' -f2-)"
  if ((exit_code == 124)); then status=timeout
  elif ((exit_code != 0)); then status="exit-$exit_code"
  elif [[ -z "$result" ]]; then status=no-result
  fi
  local key="$workload/$config"
  if [[ "$status" == ok ]]; then
    successes[$key]=$((${successes[$key]:-0} + 1))
  else
    failures[$key]=$((${failures[$key]:-0} + 1))
    log "  $workload round $round $config FAILED ($status), see $dir:" \
      "$(tail -q -n 2 "$dir/stderr.txt" "$dir/stdout.txt" | tr '\n' ' ')"
  fi
  echo "run workload=$workload round=$round position=$position config=$config status=$status" \
    "launch_epoch_ms=$launched $result" >> "$results"
  if [[ "$status" == ok ]]; then
    grep '^PHASE ' "$dir/stdout.txt" | while read -r line; do
      echo "phase round=$round position=$position config=$config ${line#PHASE }"
    done >> "$results"
  fi
  log "  $workload round $round #$position $config: $status ${result:+$(grep -o 'throughput=[^ ]*\|p50_us=[^ ]*\|p99_us=[^ ]*\|cpu_us_per_op=[^ ]*' <<< "$result" | tr '\n' ' ')}"
}

# swap_processors ROUND TURN: pins each side-by-side JVM (every thread) to the processor it has
# on this turn; the JVMs' threads made later inherit it from the thread that makes them
swap_processors() {
  local round="$1" turn="$2" position pid
  for ((position = 1; position <= count; position++)); do
    for pid in $(pgrep -f "overclock[.]bench[.]slot=$$-$position( |\$)"); do
      [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]] || continue
      taskset -a -p -c "${processors[$(((round - 1 + position - 1 + turn) % count))]}" "$pid" > /dev/null 2>&1
    done
  done
}

runnable=()
for config in "${configs[@]}"; do
  [[ -z "${unavailable[$config]:-}" ]] && runnable+=("$config")
done
count=${#runnable[@]}
for workload in "${workloads[@]}"; do
  log "$workload: $rounds rounds of ${runnable[*]}$($side_by_side && echo ", side by side")"
  for ((round = 1; round <= rounds; round++)); do
    if $side_by_side; then
      # all at once, configuration i on the ((i + round + turn) mod count)th processor, the turn
      # counting seconds; results.txt gets whole lines from each (appended), and a failed
      # configuration is tried again every round
      for ((position = 1; position <= count; position++)); do
        run_one "$workload" "$round" "$position" "${runnable[$((position - 1))]}" \
          "${processors[$(((round - 1 + position - 1) % count))]}" &
      done
      for ((turn = 1; ${#runnable[@]} > 1 && $(jobs -rp | wc -l) > 0; turn++)); do
        sleep 1
        swap_processors "$round" "$turn"
      done
      wait
      continue
    fi
    for ((position = 1; position <= count; position++)); do
      config="${runnable[$(((round - 1 + position - 1) % count))]}"
      key="$workload/$config"
      # A configuration that failed twice without a success is not tried again on this workload.
      if [[ -z "${successes[$key]:-}" ]] && ((${failures[$key]:-0} >= 2)); then
        echo "run workload=$workload round=$round position=$position config=$config status=skipped" >> "$results"
        continue
      fi
      run_one "$workload" "$round" "$position" "$config"
    done
  done
done
echo "finished $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$out/meta.txt"

# --- the table --------------------------------------------------------------------------------
"$java" "$repo/benchmarks/src/main/java/dev/overclock/benchmarks/overhead/OverheadSummary.java" "$out" > "$out/summary.md"
status=$?
cat "$out/summary.md"
echo
echo "runs, reports, recordings and this table (summary.md) in $out"
exit $status

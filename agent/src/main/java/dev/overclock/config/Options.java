package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every option the agent accepts. Keys are the same in every source: {@code key=value} in the
 * agent argument, {@code -Doverclock.<key>}, {@code OVERCLOCK_<KEY>} (upper case, dots as
 * underscores) and {@code <key>=value} lines in the file named by {@code config}. Each option
 * states its type, range and default once, here; the parser, the feature records ({@link
 * JfrOptions} and the like), the {@code options} command and the README table follow from it.
 */
public final class Options {

  public static final Option<Boolean> ENABLED =
      new Option<>(
          "enabled",
          ValueType.BOOLEAN,
          "true",
          "true or false",
          "false turns Overclock off completely: nothing is instrumented, no report is written",
          "Overclock is off");
  public static final Option<String> CONFIG =
      new Option<>(
          "config",
          ValueType.FILE,
          "",
          "the path of a readable properties file",
          "a properties file with more options (lowest precedence after defaults)",
          "Overclock is off");
  public static final Option<List<MethodFilter>> TIMED =
      new Option<>(
          "timed",
          ValueType.FILTERS,
          "",
          MethodFilter.ACCEPTED,
          "methods to time in addition to those annotated @Timed",
          "timing is off");
  public static final Option<List<MethodFilter>> MEMOIZE =
      new Option<>(
          "memoize",
          ValueType.FILTERS,
          "",
          MethodFilter.ACCEPTED,
          "methods to memoize in addition to those annotated @Memoize (see Memoization)",
          "memoization is off");
  public static final Option<Boolean> MEMOIZE_SHOW_VALUES =
      new Option<>(
          "memoize.showvalues",
          ValueType.BOOLEAN,
          "false",
          "true or false",
          "true: a failed memoization check shows the argument and result values (strings up to"
              + " 40 characters) on standard error and in the report, which may expose secrets;"
              + " false: their types, lengths and salted hashes only",
          "values are not shown");
  public static final Option<List<String>> MEMOIZE_UNSAFE =
      new Option<>(
          "memoize.unsafe",
          ValueType.TYPE_NAMES,
          "",
          "class names or packages (com.acme.*) joined with ';'",
          "return types never memoized, in addition to the JDK's single-use and mutable types;"
              + " a method returning one gets a warning instead",
          "memoization is off");
  public static final Option<List<MethodFilter>> OFFLOAD =
      new Option<>(
          "offload",
          ValueType.FILTERS,
          "",
          MethodFilter.ACCEPTED,
          "methods to offload in addition to those annotated @Offload (see Offload)",
          "offload is off");
  public static final Option<Duration> OFFLOAD_TIMEOUT =
      new Option<>(
          "offload.timeout",
          ValueType.duration(Duration.ofMillis(1), Duration.ofDays(1)),
          "0",
          "a duration from 1ms to 1d, such as 500ms or 10s, or 0 for none",
          "how long an offloaded body may run when its @Offload sets no timeout (and for methods"
              + " the offload filters select)",
          "offload is off");
  public static final Option<Integer> OFFLOAD_CONCURRENCY =
      new Option<>(
          "offload.concurrency",
          ValueType.integer(0, 1_000_000),
          "0",
          "a whole number from 0 (no limit) to 1000000",
          "how many bodies of one offloaded method may run at once when its @Offload sets no"
              + " maxConcurrency",
          "offload is off");
  public static final Option<Duration> OFFLOAD_QUEUE_TIMEOUT =
      new Option<>(
          "offload.queue.timeout",
          ValueType.optionalDuration(Duration.ofDays(1)),
          "",
          "a duration up to 1d, such as 0, 100ms or 5s; unset: no limit",
          "how long a call waits for a free slot of its method's concurrency limit when its"
              + " @Offload sets no queueTimeout; then it is rejected",
          "offload is off");
  public static final Option<Integer> OFFLOAD_THREADS =
      new Option<>(
          "offload.threads",
          ValueType.integer(1, 10_000),
          "256",
          "a whole number from 1 to 10000",
          "on JDKs without virtual threads (17 to 20), the size of the platform thread pool"
              + " offloaded bodies run on",
          "offload is off");
  public static final Option<Boolean> OFFLOAD_EXECUTORS =
      new Option<>(
          "offload.executors",
          ValueType.VIRTUAL_OR_OFF,
          "off",
          "virtual or off",
          "virtual: thread pools the application creates with Executors.newFixedThreadPool,"
              + " newCachedThreadPool or new ThreadPoolExecutor run their tasks on virtual threads"
              + " when the tasks wait (JDK 21+; see Thread pools on virtual threads)",
          "thread pools stay on platform threads");
  public static final Option<Integer> OFFLOAD_EXECUTORS_MAX =
      new Option<>(
          "offload.executors.max",
          ValueType.integer(0, 1_000_000),
          "0",
          "a whole number from 0 (no maximum) to 1000000",
          "with offload.executors=virtual, the most tasks of one pool that run at once, whatever"
              + " the adaptive limit says",
          "thread pools stay on platform threads");
  public static final Option<List<String>> INCLUDE =
      new Option<>(
          "include",
          ValueType.PACKAGES,
          "",
          "package names joined with ';', such as com.acme;org.shop",
          "when set, only classes in these packages (and sub-packages) are instrumented",
          "timing, memoization and offload are off");
  public static final Option<List<String>> EXCLUDE =
      new Option<>(
          "exclude",
          ValueType.PACKAGES,
          "",
          "package names joined with ';', such as com.acme.generated",
          "classes in these packages (and sub-packages) are never instrumented",
          "timing, memoization and offload are off");
  public static final Option<Path> REPORT_DIR =
      new Option<>(
          "report.dir",
          ValueType.DIRECTORY,
          "overclock-report",
          "a directory path",
          "where report.json and report.html are written (created owner-only if missing)",
          "no report is written");
  public static final Option<Duration> REPORT_INTERVAL =
      new Option<>(
          "report.interval",
          ValueType.duration(Duration.ofMillis(100), Duration.ofDays(1)),
          "10s",
          "a duration from 100ms to 1d, such as 500ms, 10s or 5m, or 0 for a report at exit only",
          "how often the report files are rewritten while the application runs",
          "the report is written at exit only");
  public static final Option<Boolean> SUMMARY =
      new Option<>(
          "summary",
          ValueType.BOOLEAN,
          "true",
          "true or false",
          "print the slowest methods on standard error at exit",
          "the exit summary is off");
  public static final Option<Integer> SUMMARY_TOP =
      new Option<>(
          "summary.top",
          ValueType.integer(1, 1000),
          "10",
          "a whole number from 1 to 1000",
          "how many methods the exit summary lists (by total time)",
          "the exit summary is off");
  public static final Option<Boolean> CPU =
      new Option<>(
          "cpu",
          ValueType.BOOLEAN,
          "false",
          "true or false",
          "also measure thread CPU time and allocated bytes on sampled calls, and classify each"
              + " method as CPU-bound, blocking or mixed",
          "CPU measurement is off");
  public static final Option<Integer> CPU_EVERY =
      new Option<>(
          "cpu.every",
          ValueType.integer(1, 1_000_000),
          "16",
          "a whole number from 1 to 1000000",
          "with cpu=true, measure one call in N per thread and method (the first is always"
              + " measured); a CPU-time read costs about 0.5 us",
          "CPU measurement is off");
  public static final Option<Boolean> TIMING_EXACT =
      new Option<>(
          "timing.exact",
          ValueType.BOOLEAN,
          "false",
          "true or false",
          "time every call of every timed method; by default a method whose calls take under"
              + " about 2 us on average is timed on one call in timing.sample.every (every call"
              + " still counted)",
          "every timed method is timed exactly");
  public static final Option<Integer> TIMING_SAMPLE_EVERY =
      new Option<>(
          "timing.sample.every",
          ValueType.integer(2, 1_000_000),
          "64",
          "a whole number from 2 to 1000000",
          "a sampled method reads the clock on one call in N per thread; the others are only"
              + " counted",
          "every timed method is timed exactly");
  public static final Option<Boolean> JFR =
      new Option<>(
          "jfr",
          ValueType.BOOLEAN,
          "true",
          "true or false",
          "the live JFR stream: the report's JVM section (CPU, GC, heap, allocation, locks, I/O,"
              + " pinned virtual threads, flame graph), JFR evidence for classification, hot-method"
              + " detection, and Overclock's own JFR events",
          "the JFR stream is off");
  public static final Option<Duration> JFR_SAMPLE_INTERVAL =
      new Option<>(
          "jfr.sampleinterval",
          ValueType.positiveDuration(Duration.ofMillis(1), Duration.ofSeconds(10)),
          "20ms",
          "a duration from 1ms to 10s, such as 10ms or 20ms",
          "how often JFR samples the running threads (jdk.ExecutionSample)",
          "the JFR stream is off");
  public static final Option<Duration> JFR_THRESHOLD =
      new Option<>(
          "jfr.threshold",
          ValueType.duration(Duration.ofNanos(1), Duration.ofSeconds(10)),
          "10ms",
          "a duration from 0 to 10s, such as 1ms or 20ms",
          "the shortest lock, park, sleep and I/O event the stream records (with its stack)",
          "the JFR stream is off");
  public static final Option<Duration> JFR_SLOW_THRESHOLD =
      new Option<>(
          "jfr.slowthreshold",
          ValueType.duration(Duration.ofNanos(1_000), Duration.ofHours(1)),
          "100ms",
          "a duration from 1us to 1h, such as 50ms or 2s, or 0 for none",
          "a timed call at least this long becomes an overclock.SlowInvocation JFR event with its"
              + " stack (at most 100 a second, while a recording enables the event)",
          "slow-invocation events are off");
  public static final Option<Duration> JFR_START_WAIT =
      new Option<>(
          "jfr.startwait",
          ValueType.duration(Duration.ofMillis(1), Duration.ofMinutes(1)),
          "2s",
          "a duration from 1ms to 1m, such as 500ms or 2s, or 0 for none",
          "when no class needs Overclock's advice as it loads (no Overclock annotations on the"
              + " class path, no filters, offload.executors off), the agent's start (all but"
              + " reading its options) and then the live stream wait until the application's"
              + " start is over (its class loading has calmed and its main thread waits or has"
              + " ended), at most this long after premain, so that neither slows the"
              + " application's start; 0: the agent starts in premain and the stream at once",
          "the default, 2s, applies");
  public static final Option<Boolean> AUTO =
      new Option<>(
          "auto",
          ValueType.TIMING_OR_OFF,
          "timing",
          "timing, optimize or off",
          "timing: every auto.window, time the application methods with the most JFR execution"
              + " samples, retransforming them while the application runs, and sample the"
              + " arguments of CPU-bound timed methods for a while; optimize: the same, and the"
              + " application's thread pools move to virtual threads on evidence (unless"
              + " offload.executors is set), and hot CPU-bound methods whose arguments repeat are"
              + " memoized once the purity gate passes them, verified and undone unless faster;"
              + " off: the agent never changes code on its own",
          "automatic timing is off");
  public static final Option<Duration> AUTO_WINDOW =
      new Option<>(
          "auto.window",
          ValueType.positiveDuration(Duration.ofSeconds(1), Duration.ofHours(1)),
          "5s",
          "a duration from 1s to 1h, such as 5s or 1m",
          "how often hot methods are looked for, over the execution samples of that window",
          "automatic timing is off");
  public static final Option<Double> AUTO_MIN_SHARE =
      new Option<>(
          "auto.minshare",
          ValueType.share(0.001, 1.0),
          "2%",
          "a percentage from 0.1% to 100%, such as 2% or 0.5% (or a fraction: 0.02)",
          "a method is timed when it is the innermost application frame of at least this share of"
              + " a window's execution samples",
          "automatic timing is off");
  public static final Option<Integer> AUTO_TOP =
      new Option<>(
          "auto.top",
          ValueType.integer(1, 1000),
          "20",
          "a whole number from 1 to 1000",
          "at most this many methods are added per window, the most sampled first",
          "automatic timing is off");
  public static final Option<Integer> AUTO_MAX =
      new Option<>(
          "auto.max",
          ValueType.integer(1, 10_000),
          "50",
          "a whole number from 1 to 10000",
          "at most this many methods are timed automatically in one run",
          "automatic timing is off");
  public static final Option<Double> OVERHEAD_BUDGET =
      new Option<>(
          "overhead.budget",
          ValueType.BUDGET,
          "1%",
          "a percentage from 0% to 100%, such as 1% or 0.5% (or a fraction: 0.01), or off",
          "the agent's share of the application's CPU time it may take; over it, the agent sheds"
              + " work in a fixed order and takes it back once well under (see Overhead budget);"
              + " off or 0: the overhead is measured and shown, nothing is shed",
          "nothing is shed");
  public static final Option<Boolean> OVERHEAD_FIRST_TIER =
      new Option<>(
          "overhead.firsttier",
          ValueType.BOOLEAN,
          "true",
          "true or false",
          "true: the agent's background code (its live stream, hot-method detection, the report,"
              + " the histograms it drains into)"
              + " and the JDK's JFR parser it reads with are compiled by the JIT's first tier only"
              + " (compiler directives added when the stream starts, taken out at detach), so"
              + " that the application's own compilations do not queue behind them while it warms"
              + " up; false: the JIT treats them like any code",
          "the JIT treats the agent's code like any code");
  public static final Option<Boolean> ATTACH_FULL_RECOMPILE =
      new Option<>(
          "attach.fullrecompile",
          ValueType.BOOLEAN,
          "false",
          "true or false",
          "false: attach refuses a JVM that would throw away all its compiled code when Overclock"
              + " starts (JDK 17 to 22 started without an agent: see attach.md); true: attach"
              + " anyway, and the application runs slower until the JIT has compiled it again."
              + " No effect under -javaagent",
          "attach refuses such a JVM");
  public static final Option<Integer> PROMETHEUS_PORT =
      new Option<>(
          "prometheus.port",
          ValueType.optionalPort(),
          "",
          "a port number from 0 to 65535 (0: any free port, printed at start)",
          "serve the figures at http://<prometheus.host>:<port>/metrics for Prometheus to scrape;"
              + " unset: no endpoint",
          "the Prometheus endpoint is off");
  public static final Option<String> PROMETHEUS_HOST =
      new Option<>(
          "prometheus.host",
          ValueType.HOST_NAME,
          "127.0.0.1",
          "a host name or IP address of this machine, such as localhost, 10.0.0.5, ::1, or"
              + " 0.0.0.0 for every interface",
          "the address the Prometheus endpoint listens on (loopback unless told otherwise)",
          "the Prometheus endpoint is off");
  public static final Option<Integer> PROMETHEUS_TOP =
      new Option<>(
          "prometheus.top",
          ValueType.integer(1, 100_000),
          "500",
          "a whole number from 1 to 100000",
          "how many methods the Prometheus endpoint exports (by total time), to bound the number"
              + " of series",
          "the Prometheus endpoint is off");
  public static final Option<Duration> PROMETHEUS_WINDOW =
      new Option<>(
          "prometheus.window",
          ValueType.positiveDuration(Duration.ofSeconds(10), Duration.ofHours(1)),
          "5m",
          "a duration from 10s to 1h, such as 1m or 10m",
          "the recent period the exported latency quantiles cover",
          "the Prometheus endpoint is off");
  public static final Option<SecretReference> PROMETHEUS_TOKEN =
      new Option<>(
          "prometheus.token",
          ValueType.SECRET_REFERENCE,
          "",
          SecretReference.ACCEPTED,
          "scrapes must carry this bearer token (Authorization: Bearer <token>), read from the"
              + " file or environment variable when the endpoint starts and printed nowhere;"
              + " unset: no token needed",
          "the Prometheus endpoint is off");
  public static final Option<List<AddressRange>> PROMETHEUS_ALLOW =
      new Option<>(
          "prometheus.allow",
          ValueType.ADDRESS_RANGES,
          "",
          AddressRange.ACCEPTED,
          "only clients at these addresses may connect to the Prometheus endpoint, others are"
              + " refused; unset: every client that can reach it",
          "the Prometheus endpoint is off");
  public static final Option<Boolean> VERBOSE =
      new Option<>(
          "verbose",
          ValueType.BOOLEAN,
          "false",
          "true or false",
          "print diagnostic lines about the agent itself (instrumented classes, timings)",
          "verbose output is off");

  /** All options, in the order the README and the {@code options} command list them. */
  public static final List<Option<?>> ALL =
      List.of(
          ENABLED,
          CONFIG,
          TIMED,
          MEMOIZE,
          MEMOIZE_UNSAFE,
          MEMOIZE_SHOW_VALUES,
          OFFLOAD,
          OFFLOAD_TIMEOUT,
          OFFLOAD_CONCURRENCY,
          OFFLOAD_QUEUE_TIMEOUT,
          OFFLOAD_THREADS,
          OFFLOAD_EXECUTORS,
          OFFLOAD_EXECUTORS_MAX,
          INCLUDE,
          EXCLUDE,
          REPORT_DIR,
          REPORT_INTERVAL,
          SUMMARY,
          SUMMARY_TOP,
          CPU,
          CPU_EVERY,
          TIMING_EXACT,
          TIMING_SAMPLE_EVERY,
          JFR,
          JFR_SAMPLE_INTERVAL,
          JFR_THRESHOLD,
          JFR_SLOW_THRESHOLD,
          JFR_START_WAIT,
          AUTO,
          AUTO_WINDOW,
          AUTO_MIN_SHARE,
          AUTO_TOP,
          AUTO_MAX,
          OVERHEAD_BUDGET,
          OVERHEAD_FIRST_TIER,
          ATTACH_FULL_RECOMPILE,
          PROMETHEUS_PORT,
          PROMETHEUS_HOST,
          PROMETHEUS_TOP,
          PROMETHEUS_WINDOW,
          PROMETHEUS_TOKEN,
          PROMETHEUS_ALLOW,
          VERBOSE);

  private Options() {}

  /** The option with this key, if there is one. */
  public static Optional<Option<?>> byKey(String key) {
    for (Option<?> option : ALL) { // a loop: read for every option given, at the JVM's launch
      if (option.key().equals(key)) {
        return Optional.of(option);
      }
    }
    return Optional.empty();
  }

  /** The keys, comma-separated, for "known options: ..." messages. */
  public static String keys() {
    return String.join(", ", ALL.stream().map(Option::key).toList());
  }
}

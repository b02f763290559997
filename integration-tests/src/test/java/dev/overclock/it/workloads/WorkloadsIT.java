package dev.overclock.it.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The real workloads (HSQLDB over JDBC, Lucene search, Jetty under load) run with the agent in its
 * default mode on every installed JDK: each finishes its operations without an error, computes
 * exactly the checksum of a run without the agent with the same seed, and leaves the agent's
 * report. A smoke test of a few seconds per run; the long runs are the benchmark's
 * ({@code benchmarks/workloads/run.sh}).
 *
 * <p>Every run is a JVM of its own. The class runs alone (isolated): its figures and
 * decisions depend on the CPU it gets, so no other test runs beside it (see the pom's {@code
 * it.parallel}).
 */
@Isolated
class WorkloadsIT {

  private static final Path WORKLOADS_JAR = Path.of(System.getProperty("overclock.workloads.jar"));
  private static final String SECONDS = "3";
  private static final String SEED = "7";
  /** Long enough for several one-second detection windows after start-up. */
  private static final String STEADY_SECONDS = "12";
  private static final Pattern RESULT = Pattern.compile("^RESULT (.+)$", Pattern.MULTILINE);

  static List<Arguments> runs() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : Jdks.all()) {
      for (String workload : List.of("jdbc", "cpu", "http")) {
        runs.add(Arguments.of(jdk, workload));
      }
    }
    return runs;
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("runs")
  void workload_computesTheSameResultsWithTheAgent_andTheAgentReportsOnIt(Jdk jdk, String workload)
      throws IOException {
    // The two runs side by side (the suite's time): each lasts its fixed seconds and its
    // checksum depends on the seed only, so sharing the cores changes neither.
    RunResult baseline;
    RunResult withAgent;
    try (BackgroundProcess without = launcher(JvmLauncher.java(jdk), jdk, workload,
        "without-agent").start()) {
      withAgent = run(JvmLauncher.java(jdk).agent(null), jdk, workload, "agent");
      baseline = without.awaitExit(Duration.ofSeconds(180));
    }
    assertThat(baseline.exitCode()).as(baseline.describe()).isZero();

    Map<String, String> expected = result(baseline, workload);
    Map<String, String> actual = result(withAgent, workload);
    assertThat(actual.get("checksum")).as(withAgent.describe()).isEqualTo(expected.get("checksum"));

    JsonNode report = withAgent.reportJson();
    assertThat(report.get("agent").get("mode").asString()).isEqualTo("premain");
    assertThat(report.get("run").get("jvm").get("featureVersion").asInt()).isEqualTo(jdk.feature());
    assertThat(withAgent.agentLines()).as(withAgent.describe())
        .anyMatch(line -> line.matches("\\[overclock\\] \\S+ started \\(premain, .*"))
        .last().isEqualTo("[overclock] report: " + withAgent.reportDir().resolve("report.html"));
    // What the default mode chose to time on a real application: printed for the record (the
    // detector's quality is another test's subject), not asserted.
    System.out.println(workload + " on " + jdk + ": " + actual + "; timed: " + timed(report));
  }

  /**
   * The default mode on a real application, as issue 13 asks: after a steady run the timed
   * methods that completed calls explain at least half of the application's execution samples
   * ({@code jvm.coverage}, counted from the first window with such a method), and on the HTTP
   * workload, whose clients spend their time waiting for the JDK's HttpClient, the method that
   * waits ({@code StoreWorkload::get}, which calls {@code HttpClient.send}) is found among the
   * waiting methods and timed. Short windows, so that a run of seconds has several.
   */
  /**
   * The newest installed JDK only: detection is the agent's own logic on any JDK (both gave 76% to
   * 99% coverage when this test ran on both), and each run lasts seconds of steady load.
   */
  static List<Arguments> libraryRuns() {
    // one library per JDK: both JDKs' verifiers, both libraries, two runs
    return List.of(Arguments.of(Jdks.newest().get(0), "jdbc", "org.hsqldb.*"),
        Arguments.of(Jdks.all().isEmpty() ? Jdks.current() : Jdks.all().get(0), "http",
            "org.eclipse.jetty.*"));
  }

  /**
   * Timing woven into every method of a real library (HSQLDB under jdbc, Jetty under http:
   * thousands of methods not written here, of every shape their builds produce), all with ASM
   * alone: no class goes to Byte Buddy or fails, no advice fails, and the workload computes what
   * it computes without the agent.
   */
  @ParameterizedTest(name = "{1} ({2}) on {0}")
  @MethodSource("libraryRuns")
  void everyMethodOfARealLibrary_isTimedByTheDirectWeave_andTheResultsStayTheSame(Jdk jdk,
      String workload, String library) throws IOException {
    RunResult baseline;
    RunResult withAgent;
    try (BackgroundProcess without = JvmLauncher.java(jdk).args("-jar", WORKLOADS_JAR.toString(),
        "--workload", workload, "--duration", "2", "--seed", SEED)
        .named(workload + "-library-plain-" + jdk.feature()).timeoutSeconds(180).start()) {
      withAgent = JvmLauncher.java(jdk)
          .agent("summary=false,auto=off,verbose=true,timed=" + library)
          .args("-jar", WORKLOADS_JAR.toString(), "--workload", workload, "--duration", "2",
              "--seed", SEED)
          .named(workload + "-library-timed-" + jdk.feature()).timeoutSeconds(180).run();
      baseline = without.awaitExit(Duration.ofSeconds(180));
    }
    assertThat(baseline.exitCode()).as(baseline.describe()).isZero();
    assertThat(withAgent.exitCode()).as(withAgent.describe()).isZero();
    assertThat(result(withAgent, workload).get("checksum"))
        .isEqualTo(result(baseline, workload).get("checksum"));
    assertThat(withAgent.agentLines()).as(withAgent.describe())
        .noneMatch(line -> line.contains("goes through Byte Buddy"));
    JsonNode health = withAgent.reportJson().get("health");
    assertThat(health.get("instrumentedClasses").asLong()).as(health.toString())
        .isGreaterThan(100);
    assertThat(health.get("failedClasses").asLong()).as(health.toString()).isZero();
    assertThat(health.get("suppressedAdviceErrors").asLong()).as(health.toString()).isZero();
  }

  static List<Arguments> newestJdkRuns() {
    Jdk newest = Jdks.all().stream().max(java.util.Comparator.comparingInt(Jdk::feature))
        .orElse(Jdks.current());
    List<Arguments> runs = new ArrayList<>();
    for (String workload : List.of("jdbc", "cpu", "http")) {
      runs.add(Arguments.of(newest, workload));
    }
    return runs;
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("newestJdkRuns")
  void workload_timedMethodsCoverHalfTheApplicationSamples_andTheWaitingMethodIsTimed(Jdk jdk,
      String workload) throws IOException {
    // Sampling every 10 ms: on a loaded machine JFR takes few samples, and the share needs some.
    // No overhead budget: beside other test JVMs the governor may shed automatic timing before
    // the clients start (its job, checked by OverheadBudgetIT), and coverage is what is checked.
    RunResult run = JvmLauncher.java(jdk).fullJit()
        // The stream from the start (jfr.startwait=0): with 1 s windows the default wait for the
        // application's start hides the http handler's first seconds, and it was then timed in 1 of
        // 3 runs against 3 of 3 (with the default 5 s windows, no difference: 0 of 2 either way).
        .agent("auto.window=1s,jfr.sampleinterval=10ms,overhead.budget=off,jfr.startwait=0")
        .args("-jar", WORKLOADS_JAR.toString(), "--workload", workload, "--duration",
            STEADY_SECONDS, "--seed", SEED)
        .named(workload + "-coverage-" + jdk.feature())
        .timeoutSeconds(180)
        .run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    result(run, workload);
    JsonNode report = run.reportJson();
    JsonNode coverage = report.get("jvm").get("coverage");
    Map<String, Long> timed = timed(report);
    System.out.println(workload + " on " + jdk + " under load: coverage " + coverage
        + "; timed: " + timed);
    assertThat(coverage).as(run.describe() + "\ntimed: " + timed).isNotNull();
    assertThat(coverage.isNull()).as(run.describe() + "\ntimed: " + timed).isFalse();
    // The application's own code is a thin layer over the libraries: a run of seconds gives tens
    // of its samples (14 to 759 seen), too few for a share to be read to the percent. So the
    // check is that the samples do not show less than half (one-sided binomial test at 1%): a
    // detector that timed nothing relevant (a few of 40 samples covered) still fails, and a
    // share of 5 in 14 (seen once in CI, when the handler was timed a window late) does not.
    long samples = coverage.get("applicationSamples").asLong();
    long covered = coverage.get("coveredSamples").asLong();
    String explained = run.describe() + "\ntimed: " + timed + "\ncoverage: " + coverage
        + "\nhot methods: " + report.get("jvm").get("hotMethods");
    assertThat(samples).as("too few application samples to judge the coverage\n" + explained)
        .isGreaterThanOrEqualTo(MIN_APPLICATION_SAMPLES);
    assertThat(atMostByChance(covered, samples)).as("P(at most " + covered + " of " + samples
        + " samples covered | half covered)\n" + explained).isGreaterThanOrEqualTo(0.01);
    if (workload.equals("http")) {
      String get = "org.example.workloads.http.StoreWorkload::get";
      List<String> waiting = new ArrayList<>();
      for (JsonNode method : report.get("jvm").get("waitingMethods")) {
        waiting.add(method.get("name").asString());
      }
      assertThat(waiting).as(run.describe()).contains(get);
      assertThat(timed).as(run.describe()).containsKey(get + " (auto)");
      assertThat(timed.get(get + " (auto)")).as(run.describe()).isPositive();
    }
  }

  /** Fewest samples from which the binomial test can tell a share of half from none at 1%. */
  private static final long MIN_APPLICATION_SAMPLES = 10;

  /**
   * The chance of at most {@code covered} of {@code samples} samples in timed methods if each is
   * so with chance one half: the binomial distribution's lower tail.
   */
  static double atMostByChance(long covered, long samples) {
    // each term in logarithms: 0.5^n underflows past about a thousand samples
    double tail = 0;
    double logTerm = samples * Math.log(0.5); // P(X = 0)
    for (long k = 0; k <= covered; k++) {
      tail += Math.exp(logTerm);
      logTerm += Math.log(samples - k) - Math.log(k + 1);
    }
    return Math.min(1.0, tail);
  }

  private static JvmLauncher launcher(JvmLauncher launcher, Jdk jdk, String workload,
      String side) {
    return launcher.args("-jar", WORKLOADS_JAR.toString(), "--workload", workload,
            "--duration", SECONDS, "--seed", SEED)
        .named(workload + "-" + side + "-" + jdk.feature())
        .timeoutSeconds(180);
  }

  private static RunResult run(JvmLauncher launcher, Jdk jdk, String workload, String side) {
    RunResult run = launcher(launcher, jdk, workload, side).run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    return run;
  }

  /** The workload's RESULT line as name=value pairs, checked for a sane run. */
  private static Map<String, String> result(RunResult run, String workload) {
    Matcher line = RESULT.matcher(run.stdout());
    assertThat(line.find()).as(run.describe()).isTrue();
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : line.group(1).trim().split("\\s+")) {
      String[] parts = pair.split("=", 2);
      fields.put(parts[0], parts[1]);
    }
    assertThat(fields).as(run.describe()).containsEntry("workload", workload)
        .containsEntry("errors", "0").containsKeys("throughput", "p50_us", "p99_us")
        // what benchmarks/overhead/run.sh reads besides
        .containsKeys("p50_ns", "p99_ns", "cpu_us_per_op", "ready_epoch_ms");
    assertThat(Long.parseLong(fields.get("ops"))).as(run.describe()).isPositive();
    assertThat(fields.get("checksum")).matches("[0-9a-f]{16}");
    return fields;
  }

  private static Map<String, Long> timed(JsonNode report) {
    Map<String, Long> calls = new LinkedHashMap<>();
    for (JsonNode method : report.get("methods")) {
      calls.put(method.get("name").asString() + " (" + method.get("selectedBy").asString() + ")",
          method.get("calls").asLong());
    }
    return calls;
  }
}

package dev.overclock.it.memo;

import static dev.overclock.it.support.ReportAssertions.methodsByName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.memo.MemoApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code @Memoize} in real JVMs with the packaged agent, on every installed JDK: the fixture
 * program {@link MemoApp} prints what it computed ({@code result} lines, identical with and
 * without the agent) and how often memoized bodies ran ({@code runs} lines).
 *
 * <p>Every run is a JVM of its own (the semantics runs shared through {@code CACHE}): the tests run
 * concurrently (up to {@code it.parallelism}), with time limits that allow for it.
 */
@Execution(ExecutionMode.CONCURRENT)
class MemoizeIT {

  private static final Pattern RESULT = Pattern.compile("^result (\\S+) (.*)$", Pattern.MULTILINE);
  private static final Pattern RUNS = Pattern.compile("^runs (\\S+) (\\d+)$", Pattern.MULTILINE);
  private static final Map<String, RunResult> CACHE = new ConcurrentHashMap<>();

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  /** The semantics run, with the agent: a filter, an unsafe type and per-method options. */
  private static RunResult semanticsWithAgent(Jdk jdk) {
    return CACHE.computeIfAbsent("agent-" + jdk.feature(), k -> {
      Path config = writeConfig(jdk);
      return JvmLauncher.java(jdk)
          .agent("memoize=fixtureapp.memo.Pure::plainTriple,memoize.unsafe=fixtureapp.memo.Matrix,"
              + "config=" + config)
          .args("-cp", JvmLauncher.TEST_CLASSES.toString(), MemoApp.class.getName(), "semantics")
          .named("memo-semantics-" + jdk.feature()).run();
    });
  }

  private static RunResult semanticsWithoutAgent(Jdk jdk) {
    return CACHE.computeIfAbsent("plain-" + jdk.feature(), k -> JvmLauncher.java(jdk)
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), MemoApp.class.getName(), "semantics")
        .named("memo-semantics-plain-" + jdk.feature()).run());
  }

  private static Path writeConfig(Jdk jdk) {
    try {
      Path file = Files.createTempFile("overclock-memo-" + jdk.feature(), ".properties");
      // The colons of the method need no escaping: the agent reads such keys as written.
      Files.writeString(file, "memoize.fixtureapp.memo.Pure::plainTriple.verify=0\n"
          + "memoize.fixtureapp.memo.Pure::plainTriple.maxSize=50\n");
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void programResults_areIdenticalWithAndWithoutTheAgent(Jdk jdk) {
    RunResult plain = semanticsWithoutAgent(jdk);
    RunResult run = semanticsWithAgent(jdk);

    assertThat(plain.exitCode()).as(plain.describe()).isZero();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(results(run)).isEqualTo(results(plain)).hasSizeGreaterThan(25);
    assertThat(results(run)).containsEntry("lookup-empty-2", "null")
        .containsEntry("failing-same-instance-1", "true")
        .containsEntry("sum-2", "115").containsEntry("sum-3", "16")
        .containsEntry("scale-two-1", "10").containsEntry("scale-three-1", "15")
        .containsEntry("receiver-collected", "true")
        .containsEntry("price-1", "15").containsEntry("price-3", "16");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void memoizedBodies_runOncePerDistinctArguments_andUnmemoizedOnesEveryTime(Jdk jdk) {
    Map<String, Long> runs = runs(semanticsWithAgent(jdk));
    Map<String, Long> plain = runs(semanticsWithoutAgent(jdk));

    assertThat(plain).containsEntry("lookup", 4L).containsEntry("failing", 4L)
        .containsEntry("sum", 4L).containsEntry("square", 10L).containsEntry("scale", 4L)
        .containsEntry("triple", 3L);
    assertThat(runs).containsEntry("lookup", 2L) // null is cached
        .containsEntry("failing", 3L) // both throwing calls ran; then one miss, one hit
        .containsEntry("sum", 2L) // equal content hits; the changed array is a new key
        .containsEntry("square", 2L)
        .containsEntry("scale", 2L) // one per receiver
        .containsEntry("triple", 1L) // selected by the filter, verify=0 from the config file
        .containsEntry("log", 2L).containsEntry("cursor", 2L).containsEntry("matrix", 2L);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void impureMethod_isCaught_reportedUnsafe_withOneLine_showingNoValue(Jdk jdk)
      throws IOException {
    RunResult run = semanticsWithAgent(jdk);

    // The evidence names types and salted hashes, never the values (10, 15): a memoized method
    // may take or return secrets. memoize.showvalues=true would show them.
    String hash = "#[0-9a-f]{8}";
    String evidence = "arguments \\(Integer" + hash + "\\): cached Integer" + hash
        + ", computed again Integer" + hash
        + " \\(order: (cache read, then computed again|computed again, then cache read)\\)";
    assertThat(run.agentLines()).filteredOn(line -> line.contains("Pure::price")).satisfiesExactly(
        line -> assertThat(line).matches("\\Q[overclock] memoize: fixtureapp.memo.Pure::price(int)"
            + " returned a different result for the same \\E" + evidence
            + "; it is not memoized from now on \\(unsafe\\)"),
        line -> assertThat(line).matches("\\Q[overclock] memoization of fixtureapp.memo.Pure::price"
            + " stopped (unsafe): \\E" + evidence));
    assertThat(run.stderr()).doesNotContain("cached 10").doesNotContain("again 15");
    JsonNode price = memoized(run).get("fixtureapp.memo.Pure::price");
    assertThat(price.get("state").asString()).isEqualTo("unsafe");
    assertThat(price.get("verifyFailures").asLong()).isEqualTo(1);
    assertThat(price.get("evidence").asString()).matches(evidence);
    assertThat(price.get("size").asLong()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void voidMethods_constructors_andUnsafeTypes_getOneWarningEach_andAreSkipped(Jdk jdk)
      throws IOException {
    RunResult run = semanticsWithAgent(jdk);

    assertThat(run.agentLines()).filteredOn(line -> line.contains("is not memoized:")).containsExactly(
        "[overclock] memoize: fixtureapp.memo.Pure::log(String) is not memoized: it returns void,"
            + " so there is no result to cache",
        "[overclock] memoize: fixtureapp.memo.Pure::cursor(String) is not memoized: its return type"
            + " java.util.Iterator is marked unsafe to memoize (single-use or mutable JDK type)",
        "[overclock] memoize: fixtureapp.memo.Pure::matrix(int) is not memoized: its return type"
            + " fixtureapp.memo.Matrix is marked unsafe to memoize"
            + " (memoize.unsafe=fixtureapp.memo.Matrix)",
        "[overclock] memoize: fixtureapp.memo.Scaler::<init>(long) is not memoized: it is a"
            + " constructor, which must return a new object on every call");
    Map<String, JsonNode> memoized = memoized(run);
    for (String skipped : List.of("fixtureapp.memo.Pure::log", "fixtureapp.memo.Pure::cursor",
        "fixtureapp.memo.Pure::matrix", "fixtureapp.memo.Scaler::<init>")) {
      assertThat(memoized.get(skipped).get("state").asString()).as(skipped).isEqualTo("skipped");
      assertThat(memoized.get(skipped).get("settings").isNull()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void report_showsHitsMisses_andTimingStillCountsEveryCall(Jdk jdk) throws IOException {
    RunResult run = semanticsWithAgent(jdk);
    JsonNode report = run.reportJson();
    Map<String, JsonNode> memoized = memoized(run);

    assertThat(report.get("health").get("suppressedAdviceErrors").asLong()).isZero();
    assertThat(report.get("health").get("failedClasses").asLong()).isZero();
    assertThat(report.get("agent").get("features").get("memoization").asString()).isEqualTo("on");
    JsonNode square = memoized.get("fixtureapp.memo.Pure::square");
    assertThat(square.get("state").asString()).isEqualTo("active");
    assertThat(square.get("hits").asLong()).isEqualTo(8);
    assertThat(square.get("misses").asLong()).isEqualTo(2);
    assertThat(square.get("hitRatio").asDouble()).isEqualTo(0.8);
    assertThat(square.get("size").asLong()).isEqualTo(2);
    assertThat(square.get("savedNanos").asLong()).isPositive();
    assertThat(methodsByName(report).get("fixtureapp.memo.Pure::square").get("calls").asLong())
        .isEqualTo(10);
    JsonNode triple = memoized.get("fixtureapp.memo.Pure::plainTriple");
    assertThat(triple.get("selectedBy").asString()).isEqualTo("filter");
    assertThat(triple.get("settings").get("maxSize").asLong()).isEqualTo(50);
    assertThat(triple.get("settings").get("verify").asLong()).isZero();
    assertThat(memoized.get("fixtureapp.memo.Pure::lookup").get("hits").asLong()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void plainRecursiveFib90_returnsAtOnce(Jdk jdk) throws IOException {
    RunResult run = JvmLauncher.java(jdk).agent("summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), MemoApp.class.getName(), "fib")
        .named("memo-fib-" + jdk.feature()).timeoutSeconds(120).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(results(run)).containsEntry("fib90", "2880067194370816120");
    JsonNode fib = memoized(run).get("fixtureapp.memo.Pure::fib");
    assertThat(fib.get("misses").asLong()).isEqualTo(91);
    assertThat(fib.get("state").asString()).isEqualTo("active");
    assertThat(run.stderr()).doesNotContain("Recursive update", "Exception");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void concurrentCallers_shareOneComputation_andRecursionAcrossThreadsDoesNotDeadlock(Jdk jdk)
      throws IOException {
    List<String> parts = jdk.feature() >= 21 ? List.of("concurrent", "virtual") : List.of("concurrent");
    RunResult run = JvmLauncher.java(jdk).agent("summary=false")
        // One carrier thread: a virtual thread that pinned it while waiting would stall the rest.
        .args("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
            "-cp", JvmLauncher.TEST_CLASSES.toString(), MemoApp.class.getName())
        .args(parts.toArray(String[]::new))
        .named("memo-concurrent-" + jdk.feature()).timeoutSeconds(180).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    Map<String, String> results = results(run);
    for (int t = 0; t < 8; t++) {
      int n = 60 + 4 * t;
      assertThat(results).containsEntry("parallel-fib-" + n, String.valueOf(fib(n)));
    }
    assertThat(runs(run)).containsEntry("slow-7", 1L);
    assertThat(results).containsEntry("slow-7-total", String.valueOf(8 * 49));
    JsonNode slow = memoized(run).get("fixtureapp.memo.Pure::slow");
    if (jdk.feature() >= 21) {
      assertThat(runs(run)).containsEntry("slow-9", 1L);
      assertThat(results).containsEntry("slow-9-total", String.valueOf(200 * 63));
      assertThat(slow.get("misses").asLong()).isEqualTo(2);
    }
    assertThat(slow.get("waits").asLong()).isPositive();
    assertThat(memoized(run).get("fixtureapp.memo.Pure::fib").get("verifyFailures").asLong()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aMillionDistinctKeys_stayWithinMaxSize_andBoundedHeap(Jdk jdk) throws IOException {
    RunResult run = JvmLauncher.java(jdk).agent("summary=false")
        .args("-Xmx256m", "-cp", JvmLauncher.TEST_CLASSES.toString(), MemoApp.class.getName(), "bounded")
        .named("memo-bounded-" + jdk.feature()).timeoutSeconds(240).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode spread = memoized(run).get("fixtureapp.memo.Pure::spread");
    assertThat(spread.get("misses").asLong()).isEqualTo(1_000_000);
    assertThat(spread.get("size").asLong()).isLessThanOrEqualTo(1000);
    assertThat(spread.get("evictions").asLong()).isGreaterThanOrEqualTo(999_000);
    Matcher growth = Pattern.compile("^heap-growth-kb (\\d+)$", Pattern.MULTILINE).matcher(run.stdout());
    assertThat(growth.find()).as(run.describe()).isTrue();
    // A million cached entries would take about 100 MB; a thousand, well under 1 MB.
    assertThat(Long.parseLong(growth.group(1))).isLessThan(16 * 1024);
  }

  private static long fib(int n) {
    long a = 0;
    long b = 1;
    for (int i = 0; i < n; i++) {
      long next = a + b;
      a = b;
      b = next;
    }
    return a;
  }

  private static Map<String, String> results(RunResult run) {
    Map<String, String> results = new LinkedHashMap<>();
    Matcher matcher = RESULT.matcher(run.stdout());
    while (matcher.find()) {
      results.put(matcher.group(1), matcher.group(2));
    }
    return results;
  }

  private static Map<String, Long> runs(RunResult run) {
    Map<String, Long> runs = new LinkedHashMap<>();
    Matcher matcher = RUNS.matcher(run.stdout());
    while (matcher.find()) {
      runs.put(matcher.group(1), Long.parseLong(matcher.group(2)));
    }
    return runs;
  }

  private static Map<String, JsonNode> memoized(RunResult run) throws IOException {
    Map<String, JsonNode> memoized = new HashMap<>();
    for (JsonNode method : run.reportJson().get("memoized")) {
      memoized.put(method.get("name").asString(), method);
    }
    return memoized;
  }
}

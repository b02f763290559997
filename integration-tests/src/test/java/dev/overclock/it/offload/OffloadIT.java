package dev.overclock.it.offload;

import static dev.overclock.it.support.ReportAssertions.methodsByName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Chromium;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.offload.OffloadApp;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code @Offload} in real JVMs with the packaged agent, on every installed JDK: the fixture
 * program {@link OffloadApp} prints what it computed ({@code result} lines, identical with and
 * without the agent) and what it saw of offloading ({@code offload} lines). The class path holds
 * the test classes only: the annotations jar is not there, as in a program that only compiled
 * against it.
 *
 * <p>Every run is a JVM of its own (shared through {@code CACHE}). The class runs alone (isolated):
 * its figures and decisions depend on the CPU it gets, so no other test runs beside it (see the
 * pom's {@code it.parallel}).
 */
@Isolated
class OffloadIT {

  private static final Pattern RESULT = Pattern.compile("^result (\\S+) (.*)$", Pattern.MULTILINE);
  private static final Pattern OFFLOAD = Pattern.compile("^offload (\\S+) (.*)$", Pattern.MULTILINE);
  private static final Map<String, RunResult> CACHE = new ConcurrentHashMap<>();

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  /** Every annotated semantic, with the agent; on JDK 21+ also a body that pins its carrier. */
  private static RunResult withAgent(Jdk jdk) {
    return CACHE.computeIfAbsent("agent-" + jdk.feature(), k -> {
      List<String> parts = jdk.feature() >= 21
          ? List.of("semantics", "agent", "pin") : List.of("semantics", "agent");
      return JvmLauncher.java(jdk).agent("")
          .args("-cp", JvmLauncher.TEST_CLASSES.toString(), OffloadApp.class.getName())
          .args(parts.toArray(String[]::new))
          .named("offload-" + jdk.feature()).timeoutSeconds(120).run();
    });
  }

  private static RunResult withoutAgent(Jdk jdk) {
    return CACHE.computeIfAbsent("plain-" + jdk.feature(), k -> JvmLauncher.java(jdk)
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), OffloadApp.class.getName(), "semantics")
        .named("offload-plain-" + jdk.feature()).run());
  }

  /** A method without annotation, selected by a filter, with the timeout from the options. */
  private static RunResult configSelected(Jdk jdk) {
    return CACHE.computeIfAbsent("config-" + jdk.feature(), k -> JvmLauncher.java(jdk)
        .agent("offload=fixtureapp.offload.Plain::slowLookup,offload.timeout=150ms,summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), OffloadApp.class.getName(), "config")
        .named("offload-config-" + jdk.feature()).run());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void programResults_areIdenticalWithAndWithoutTheAgent(Jdk jdk) {
    RunResult plain = withoutAgent(jdk);
    RunResult run = withAgent(jdk);

    assertThat(plain.exitCode()).as(plain.describe()).isZero();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    Map<String, String> results = results(run);
    results.remove("pinner");
    assertThat(results).isEqualTo(results(plain)).hasSize(12);
    assertThat(results).containsEntry("future-value", "value-a")
        .containsEntry("future-same-exception", "true").containsEntry("nested", "42")
        .containsEntry("plain-future", "HELLO").containsEntry("square", "49")
        .containsEntry("checked-same-instance", "true")
        .containsEntry("unchecked-same-instance", "true")
        .containsEntry("reentrant-same-thread", "true").containsEntry("void-ran", "true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void bodiesRunOnAnotherThread_virtualWhereTheJdkHasThem_andTheStartLineSaysWhich(Jdk jdk)
      throws IOException {
    RunResult run = withAgent(jdk);
    Map<String, String> seen = offload(run);
    boolean virtual = jdk.feature() >= 21;

    assertThat(seen).containsEntry("future-other-thread", "true")
        .containsEntry("square-other-thread", "true")
        .containsEntry("future-virtual", String.valueOf(virtual))
        .containsEntry("void-failures-reached-caller", "0");
    String startLine = run.agentLines().stream().filter(line -> line.contains(" started ("))
        .findFirst().orElseThrow();
    JsonNode report = run.reportJson();
    String feature = report.get("agent").get("features").get("offload").asString();
    if (virtual) {
      assertThat(seen.get("square-thread")).isEqualTo("overclock-offload");
      assertThat(startLine).contains("offload on virtual threads (pinning watched with JFR)");
      assertThat(feature).isEqualTo("on, virtual threads");
    } else {
      assertThat(seen.get("square-thread")).startsWith("overclock-offload-");
      assertThat(startLine).contains("offload on a pool of 256 platform threads (JDK "
          + jdk.feature() + " has no virtual threads)");
      assertThat(feature).isEqualTo("on, a pool of 256 platform threads (JDK " + jdk.feature()
          + " has no virtual threads)");
    }
    for (JsonNode method : report.get("offloaded")) {
      assertThat(method.get("carrier").asString()).isEqualTo(virtual ? "virtual" : "platform");
    }
    assertThat(report.get("health").get("suppressedAdviceErrors").asLong()).isZero();
    assertThat(report.get("health").get("failedClasses").asLong()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void report_countsCallsAndFailures_perMethodAndMode(Jdk jdk) throws IOException {
    Map<String, JsonNode> offloaded = offloaded(withAgent(jdk));

    JsonNode square = offloaded.get("fixtureapp.offload.Blocking::square");
    assertThat(square.get("mode").asString()).isEqualTo("wait");
    assertThat(square.get("selectedBy").asString()).isEqualTo("annotation");
    assertThat(square.get("calls").asLong()).isEqualTo(1);
    assertThat(square.get("inFlight").asLong()).isZero();
    assertThat(square.get("latencyNanos").get("max").asLong()).isPositive();
    assertThat(square.get("settings").get("timeoutNanos").isNull()).isTrue();
    assertThat(offloaded.get("fixtureapp.offload.Blocking::fetch").get("mode").asString())
        .isEqualTo("future");
    assertThat(offloaded.get("fixtureapp.offload.Blocking::readChecked").get("failures").asLong())
        .isEqualTo(1);
    JsonNode failingVoid = offloaded.get("fixtureapp.offload.Blocking::failingVoid");
    assertThat(failingVoid.get("mode").asString()).isEqualTo("fire-and-forget");
    assertThat(failingVoid.get("calls").asLong()).isEqualTo(3);
    assertThat(failingVoid.get("failures").asLong()).isEqualTo(3);
    // timed and offloaded: offload is outermost, so the call is timed once, on the worker
    assertThat(offloaded.get("fixtureapp.offload.Blocking::timedSquare").get("calls").asLong())
        .isEqualTo(1);
    assertThat(methodsByName(withAgent(jdk).reportJson())
        .get("fixtureapp.offload.Blocking::timedSquare").get("calls").asLong()).isEqualTo(1);
    // reentrant calls are not offloaded again: one call, not four
    assertThat(offloaded.get("fixtureapp.offload.Blocking::sameThreadDown").get("calls").asLong())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void voidFailures_areNeverLostSilently_butLoggedOncePerMinute(Jdk jdk) {
    RunResult run = withAgent(jdk);

    // One line for the three failures; the three bodies run at once, so the count it gives is
    // that of the failures counted when the first of them printed it: 1, 2 or 3.
    assertThat(run.agentLines()).filteredOn(line -> line.contains("failingVoid")
        && line.contains("threw")).singleElement().asString().matches(Pattern.quote(
        "[overclock] offload: fixtureapp.offload.Blocking::failingVoid(CountDownLatch) threw"
            + " java.lang.IllegalStateException: void body failed on its offloaded thread; ")
        + "[123]" + Pattern.quote(" failure(s) and 0 rejection(s) so far (see the report; this"
            + " line is printed at most once a minute per method)"));
    assertThat(run.agentLines()).anyMatch(line -> line.startsWith(
        "[overclock] offloaded fixtureapp.offload.Blocking::failingVoid: 3 calls on ")
        && line.contains("3 failures"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void timeouts_interruptTheBody_andReachTheCallerAsOffloadTimeoutException(Jdk jdk)
      throws IOException {
    RunResult run = withAgent(jdk);
    Map<String, String> seen = offload(run);

    assertThat(seen).containsEntry("timeout-caught", "true")
        .containsEntry("timeout-interrupted", "true")
        .containsEntry("timeout-message", "fixtureapp.offload.Blocking::hang(CountDownLatch) did"
            + " not finish within its offload timeout of 200ms; its thread was interrupted")
        .containsEntry("future-timeout", "true")
        .containsEntry("future-timeout-interrupted", "true");
    Map<String, JsonNode> offloaded = offloaded(run);
    JsonNode hang = offloaded.get("fixtureapp.offload.Blocking::hang");
    assertThat(hang.get("timeouts").asLong()).isEqualTo(1);
    assertThat(hang.get("settings").get("timeoutNanos").asLong()).isEqualTo(200_000_000L);
    assertThat(offloaded.get("fixtureapp.offload.Blocking::hangFuture").get("timeouts").asLong())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void maxConcurrency_boundsBodiesInFlight_andQueueTimeoutRejects(Jdk jdk) throws IOException {
    RunResult run = withAgent(jdk);
    Map<String, String> seen = offload(run);

    assertThat(seen).containsEntry("limited-three-started", "true")
        .containsEntry("limited-total", "45")
        .containsEntry("limited-max-running", "3")
        .containsEntry("rejected", "true")
        .containsEntry("rejected-message", "fixtureapp.offload.Blocking::single(CountDownLatch,"
            + " CountDownLatch) rejected the call: its limit of 1 running call(s)"
            + " (maxConcurrency) was reached and none finished within its queueTimeout of 0");
    Map<String, JsonNode> offloaded = offloaded(run);
    JsonNode limited = offloaded.get("fixtureapp.offload.Blocking::limited");
    assertThat(limited.get("calls").asLong()).isEqualTo(10);
    assertThat(limited.get("maxInFlight").asLong()).isEqualTo(3);
    assertThat(limited.get("queueWaits").asLong()).isBetween(0L, 7L);
    assertThat(limited.get("settings").get("maxConcurrency").asLong()).isEqualTo(3);
    JsonNode single = offloaded.get("fixtureapp.offload.Blocking::single");
    assertThat(single.get("rejections").asLong()).isEqualTo(1);
    assertThat(single.get("queueWaits").asLong()).isEqualTo(1);
    assertThat(single.get("settings").get("queueTimeoutNanos").asLong()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void configSelectedMethod_inAProgramWithoutTheAnnotationsJar_timesOutCatchablyByType(Jdk jdk)
      throws IOException {
    RunResult run = configSelected(jdk);
    Map<String, String> seen = offload(run);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(seen).containsEntry("config-annotations-on-class-path", "false")
        .containsEntry("config-timeout-caught", "true")
        .containsEntry("config-timeout-loader", "null") // the bootstrap loader
        .containsEntry("config-timeout-method", "fixtureapp.offload.Plain::slowLookup(String)")
        .containsEntry("config-timeout-message", "fixtureapp.offload.Plain::slowLookup(String)"
            + " did not finish within its offload timeout of 150ms; its thread was interrupted")
        .containsEntry("config-interrupted", "true");
    JsonNode lookup = offloaded(run).get("fixtureapp.offload.Plain::slowLookup");
    assertThat(lookup.get("selectedBy").asString()).isEqualTo("filter");
    assertThat(lookup.get("timeouts").asLong()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void pinning_isReportedWithItsStackAndFix_whereTheJdkReportsIt(Jdk jdk) throws IOException {
    RunResult run = withAgent(jdk);
    Map<String, JsonNode> offloaded = offloaded(run);

    if (jdk.feature() < 21) {
      // no virtual threads: nothing can pin, and no JFR stream is started
      assertThat(offloaded.values()).allSatisfy(m -> assertThat(m.get("pinning").isNull()).isTrue());
      assertThat(run.agentLines()).noneMatch(line -> line.contains("pinning"));
      return;
    }
    assertThat(offload(run)).containsEntry("pinning-recording-started", "true");
    JsonNode pinning = offloaded.get("fixtureapp.offload.Pinner::initSlowly").get("pinning");
    assertThat(pinning.get("events").asLong()).isEqualTo(1);
    assertThat(pinning.get("maxNanos").asLong()).isGreaterThanOrEqualTo(20_000_000L);
    assertThat(pinning.get("stack").asString())
        .contains("at fixtureapp.offload.Pinner$SlowInit.<clinit>")
        .endsWith("at fixtureapp.offload.Pinner.initSlowly:10");
    assertThat(pinning.get("fix").asString())
        .startsWith("a static initializer of fixtureapp.offload.Pinner$SlowInit blocked")
        .endsWith("move the blocking work out of it, or initialize the class before offloading");
    assertThat(run.agentLines()).anyMatch(line -> line.startsWith(
        "[overclock] offloaded fixtureapp.offload.Pinner::initSlowly: 1 calls")
        && line.endsWith("pinned 1 times (see the report)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void reportHtml_drawsARowPerOffloadedMethod_andThePinning(Jdk jdk) throws IOException {
    RunResult run = withAgent(jdk);

    String dom = Chromium.dumpDom(run.reportDir().resolve("report.html"))
        .replaceAll("(?s)<script\\b[^>]*>.*?</script>", "");

    assertThat(dom).containsPattern("<tr[^>]*class=\"offload-row[^\"]*\"[^>]*"
        + "data-method=\"fixtureapp.offload.Blocking::failingVoid\"[^>]*"
        + "data-mode=\"fire-and-forget\"[^>]*data-calls=\"3\"[^>]*data-failures=\"3\"");
    assertThat(dom).containsPattern("<tr[^>]*class=\"offload-row[^\"]*\"[^>]*"
        + "data-method=\"fixtureapp.offload.Blocking::fetch\"[^>]*data-mode=\"future\"");
    if (jdk.feature() >= 21) {
      assertThat(dom).containsPattern("<tr[^>]*class=\"offload-pin\"[^>]*"
          + "data-method=\"fixtureapp.offload.Pinner::initSlowly\"");
    } else {
      assertThat(dom).doesNotContainPattern("<tr[^>]*class=\"offload-pin\"");
    }
  }

  private static Map<String, String> results(RunResult run) {
    return lines(RESULT, run);
  }

  private static Map<String, String> offload(RunResult run) {
    return lines(OFFLOAD, run);
  }

  private static Map<String, String> lines(Pattern pattern, RunResult run) {
    Map<String, String> lines = new LinkedHashMap<>();
    Matcher matcher = pattern.matcher(run.stdout());
    while (matcher.find()) {
      lines.put(matcher.group(1), matcher.group(2));
    }
    return lines;
  }

  private static Map<String, JsonNode> offloaded(RunResult run) throws IOException {
    Map<String, JsonNode> offloaded = new HashMap<>();
    for (JsonNode method : run.reportJson().get("offloaded")) {
      offloaded.put(method.get("name").asString(), method);
    }
    return offloaded;
  }
}

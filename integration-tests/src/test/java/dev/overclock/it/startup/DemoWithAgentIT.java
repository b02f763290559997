package dev.overclock.it.startup;

import static dev.overclock.it.support.ReportAssertions.methodsByName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Baselines;
import dev.overclock.it.support.Chromium;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.nio.file.Files;
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
 * The quickstart, checked: the demo app under {@code -javaagent} on every installed JDK computes
 * exactly what it computes without the agent, and the report counts exactly the calls the demo
 * counted itself.
 *
 * <p>Every run is a JVM of its own (shared through {@code RUNS}): the tests run concurrently (up to
 * {@code it.parallelism}).
 */
@Execution(ExecutionMode.CONCURRENT)
class DemoWithAgentIT {

  private static final Map<Integer, RunResult> RUNS = new ConcurrentHashMap<>();

  /** One run per JDK with CPU measurement on, shared by the tests of this class. */
  private static RunResult runWithAgent(Jdk jdk) {
    return RUNS.computeIfAbsent(jdk.feature(), feature ->
        JvmLauncher.java(jdk).agent("cpu=true").demoQuick().named("agent-" + feature).run());
  }

  static List<Jdk> jdks() {
    return dev.overclock.it.support.Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void results_areIdenticalToARunWithoutTheAgent(Jdk jdk) {
    RunResult baseline = Baselines.demoWithoutAgent(jdk);
    RunResult run = runWithAgent(jdk);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(baseline.checksums()).containsKey("all");
    assertThat(run.calls()).isEqualTo(baseline.calls());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void report_countsExactlyTheCallsTheDemoMade(Jdk jdk) throws IOException {
    RunResult run = runWithAgent(jdk);

    ReportAssertions.assertDemoFiguresExact(run);
    JsonNode report = run.reportJson();
    assertThat(report.get("run").get("jvm").get("featureVersion").asInt()).isEqualTo(jdk.feature());
    assertThat(report.get("agent").get("mode").asString()).isEqualTo("premain");
    // Exactly the annotated methods are timed by annotation; hot methods found by sampling may
    // join them (auto=timing is on by default), never replace them.
    long annotated = 0;
    for (JsonNode method : report.get("methods")) {
      if (method.get("selectedBy").asString().equals("annotation")) {
        annotated++;
      } else {
        assertThat(method.get("selectedBy").asString()).isEqualTo("auto");
      }
    }
    assertThat(annotated).isEqualTo(run.calls().size());
    assertThat(report.get("health").get("instrumentedMethods").asInt())
        .isGreaterThanOrEqualTo(run.calls().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void memoizedQuote_hitsMostly_savesTime_andPassesEveryVerification(Jdk jdk) throws IOException {
    RunResult run = runWithAgent(jdk);
    JsonNode report = run.reportJson();

    JsonNode quote = report.get("memoized").get(0);
    assertThat(report.get("memoized")).hasSize(1);
    assertThat(quote.get("name").asString()).isEqualTo("com.acme.shop.PricingEngine::quote");
    assertThat(quote.get("state").asString()).isEqualTo("active");
    assertThat(quote.get("hits").asLong() + quote.get("misses").asLong()
        + quote.get("verifyChecks").asLong()).isEqualTo(run.calls().get(quote.get("name").asString()));
    assertThat(quote.get("hitRatio").asDouble()).isGreaterThan(0.5);
    assertThat(quote.get("verifyChecks").asLong()).isGreaterThanOrEqualTo(100);
    assertThat(quote.get("verifyFailures").asLong()).isZero();
    assertThat(quote.get("savedNanos").asLong()).isPositive();
    assertThat(run.agentLines()).anyMatch(line -> line.startsWith(
        "[overclock] memoized com.acme.shop.PricingEngine::quote: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void cpuSampling_classifiesTheSleepingMethodAsBlocking(Jdk jdk) throws IOException {
    Map<String, JsonNode> methods = methodsByName(runWithAgent(jdk).reportJson());

    JsonNode reserveSlot = methods.get("com.acme.shop.ShippingService::reserveSlot");
    assertThat(reserveSlot.get("classification").asString()).isEqualTo("blocking");
    assertThat(reserveSlot.get("recommendation").asString()).contains("@Offload");
    JsonNode quote = methods.get("com.acme.shop.PricingEngine::quote");
    assertThat(quote.get("cpu").get("cpuShare").asDouble())
        .isGreaterThan(reserveSlot.get("cpu").get("cpuShare").asDouble());
    assertThat(methods.get("com.acme.shop.InvoiceRenderer::render").get("cpu")
        .get("allocatedBytesPerCall").asDouble()).isGreaterThan(10_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void stderr_hasTheStartLine_theSummaryTable_andTheReportPath(Jdk jdk) {
    RunResult run = runWithAgent(jdk);
    List<String> lines = run.agentLines();

    assertThat(lines.get(0)).matches("\\[overclock\\] \\S+ started \\(premain, JDK " + jdk.feature()
        + ".*\\): timing @Timed methods and hot methods \\(auto\\), CPU sampled 1 in 16, JFR stream,"
        + " offload on (virtual threads \\(pinning watched with JFR\\)|a pool of 256 platform"
        + " threads \\(JDK 1\\d has no virtual threads\\)); report every 10s and at exit in .*");
    assertThat(lines).anyMatch(line -> line.matches("\\[overclock\\] top \\d+ of \\d+ timed methods by thread time"
        + " \\(summed over threads\\) in a [0-9.]+ (ms|s|min) run"));
    assertThat(lines).anyMatch(line -> line.startsWith("[overclock] com.acme.shop.OrderService::process "));
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("[overclock] report: " + run.reportDir().resolve("report.html"));
    assertThat(run.stderr()).doesNotContain("WARNING", "warning:", "Exception");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void htmlReport_rendersARowPerMethod_inHeadlessChromium(Jdk jdk) throws IOException {
    RunResult run = runWithAgent(jdk);
    assertThat(run.reportDir().resolve("report.html")).isRegularFile();
    String html = Files.readString(run.reportDir().resolve("report.html"));
    // Self-contained: nothing that would make a browser fetch from the network.
    assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
        .doesNotContainPattern("url\\(\\s*[\"']?(https?:)?//")
        .doesNotContain("@import", "fetch(", "XMLHttpRequest", "<link");

    // The rendered DOM, without the page's own script source (which mentions row markup).
    String dom = Chromium.dumpDom(run.reportDir().resolve("report.html"))
        .replaceAll("(?s)<script\\b[^>]*>.*?</script>", "");

    Pattern row = Pattern.compile("<tr[^>]*class=\"method-row[^\"]*\"[^>]*>");
    Matcher rows = row.matcher(dom);
    Map<String, Long> rendered = new java.util.HashMap<>();
    while (rows.find()) {
      String tag = rows.group();
      Matcher name = Pattern.compile("data-method=\"([^\"]+)\"").matcher(tag);
      Matcher calls = Pattern.compile("data-calls=\"(\\d+)\"").matcher(tag);
      assertThat(name.find() && calls.find()).as(tag).isTrue();
      rendered.put(name.group(1), Long.parseLong(calls.group(1)));
    }
    assertThat(rendered).containsAllEntriesOf(run.calls());
    // Summed thread time is never presented as if it were the run's wall time.
    assertThat(dom).contains("Top method by thread time", ">Thread time<")
        .containsPattern("of thread time in a [0-9.]+ (ms|s|min)[^<]* run")
        .doesNotContain("of total time");
    assertThat(dom).containsPattern("<tr[^>]*class=\"memo-row[^\"]*\"[^>]*"
        + "data-method=\"com.acme.shop.PricingEngine::quote\"[^>]*data-state=\"active\"");
  }
}

package dev.overclock.it.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Await;
import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Chromium;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import fixtureapp.hot.HotApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Hot-method detection in a real JVM: an application's hot method that nobody annotated is found
 * by JFR sampling and timed while the application runs, its results unchanged; the JDK's hot
 * methods are never touched; the flame graph of report.html shows the hot frame.
 */
@Isolated
class HotMethodIT {

  private static final String HOT = "fixtureapp.hot.HotApp::countPrimes";

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void hotUnannotatedMethod_isTimedWhileItRuns_withUnchangedResults_andNoJdkMethodIs(Jdk jdk)
      throws IOException {
    Path stop = Files.createTempDirectory("overclock-hot-").resolve("stop");
    RunResult run;
    try (BackgroundProcess app = JvmLauncher.java(jdk).fullJit()
        .agent("auto.window=2s,jfr.sampleinterval=10ms,report.interval=500ms,summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), HotApp.class.getName(), stop.toString())
        .named("hot-" + jdk.feature())
        .start()) {
      JsonNode timedWhileRunning = Await.until(Duration.ofSeconds(150),
          HOT + " timed automatically with calls in the live report",
          () -> autoTimedWithCalls(app.workDir()), app::describe);
      assertThat(app.isAlive()).isTrue();
      assertThat(timedWhileRunning.get("latencyNanos").get("p50").asLong()).isPositive();
      Files.createFile(stop);
      run = app.awaitExit(Duration.ofSeconds(60));
    }

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("mismatches 0").containsPattern("rounds [1-9]");
    JsonNode report = run.reportJson();
    assertThat(report.get("health").get("suppressedAdviceErrors").asLong()).isZero();
    assertThat(report.get("health").get("failedClasses").asLong()).isZero();

    JsonNode hot = ReportAssertions.methodsByName(report).get(HOT);
    assertThat(hot.get("selectedBy").asString()).isEqualTo("auto");
    JsonNode auto = hot.get("auto");
    assertThat(auto.get("state").asString()).isEqualTo("timed");
    assertThat(auto.get("selfShare").asDouble()).isGreaterThanOrEqualTo(0.02);
    assertThat(auto.get("samples").asLong()).isGreaterThanOrEqualTo(10);
    assertThat(Instant.parse(auto.get("addedAt").asString()))
        .isAfter(Instant.parse(report.get("agent").get("startedAt").asString()));
    JsonNode latency = hot.get("latencyNanos");
    assertThat(hot.get("calls").asLong()).isPositive();
    assertThat(latency.get("min").asLong()).isPositive();
    assertThat(latency.get("p50").asLong()).isLessThanOrEqualTo(latency.get("p99").asLong());
    assertThat(latency.get("p99").asLong()).isLessThanOrEqualTo(latency.get("max").asLong());
    assertThat(hot.get("distribution")).hasSize(20);
    assertThat(run.agentLines()).anyMatch(line -> line.startsWith("[overclock] timing " + HOT
        + " from now on: "));

    // The JDK's sort was hot too (it is in the flame graph), yet no JDK method was timed.
    for (JsonNode method : report.get("methods")) {
      assertThat(method.get("className").asString()).doesNotStartWith("java.")
          .doesNotStartWith("jdk.").doesNotStartWith("sun.");
    }
    List<String> frames = new ArrayList<>();
    collectFrames(report.get("jvm").get("flameGraph").get("root"), frames);
    assertThat(frames).anyMatch(frame -> frame.startsWith("java.util.DualPivotQuicksort::"));
    assertThat(frames).contains(HOT);
    assertThat(report.get("jvm").get("hotMethods")).anySatisfy(method -> {
      assertThat(method.get("name").asString()).isEqualTo(HOT);
      assertThat(method.get("timed").asString()).isEqualTo("auto");
    });

    // The flame graph draws itself in a browser and shows the hot frame.
    String dom = Chromium.dumpDom(run.reportDir().resolve("report.html"))
        .replaceAll("(?s)<script\\b[^>]*>.*?</script>", "");
    assertThat(dom).contains("class=\"flame-graph\"")
        .containsPattern("<g class=\"frame[^\"]*\" data-name=\"" + HOT.replace(".", "\\.") + "\"");
  }

  /** The hot method's entry in the live report once it is timed automatically and was called. */
  private static JsonNode autoTimedWithCalls(Path workDir) {
    Path json = workDir.resolve("overclock-report").resolve("report.json");
    if (!Files.isRegularFile(json)) {
      return null;
    }
    try {
      Map<String, JsonNode> methods =
          ReportAssertions.methodsByName(new ObjectMapper().readTree(Files.readString(json)));
      JsonNode method = methods.get(HOT);
      return method != null && method.get("selectedBy").asString().equals("auto")
          && method.get("calls").asLong() > 0 ? method : null;
    } catch (IOException | RuntimeException e) {
      return null; // not written yet, or replaced while read: look again
    }
  }

  private static void collectFrames(JsonNode node, List<String> frames) {
    frames.add(node.get("name").asString());
    for (JsonNode child : node.get("children")) {
      collectFrames(child, frames);
    }
  }
}

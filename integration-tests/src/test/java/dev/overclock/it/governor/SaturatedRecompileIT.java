package dev.overclock.it.governor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Await;
import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import fixtureapp.saturated.SaturatedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 20, item 3: a hot compiled method timed automatically while every core is busy. A
 * retransformation throws the method's compiled code away, and on a saturated machine the JIT's
 * queue is slow to make it again, so the agent holds the change back for a few windows, then
 * makes it (paced, one method at a time) and watches it. The test checks what a user would: the
 * agent says it held the change back, the change was made and shows in the report, the method
 * was compiled again after the change ({@code -XX:+PrintCompilation}: a compile of the method
 * stamped after the change's time), and the results are unchanged. No duration is asserted: the
 * compile line's time stamp is only compared with the change's.
 *
 * <p>The newest installed JDK only: the pacing is the agent's own logic on any JDK.
 */
class SaturatedRecompileIT {

  private static final String MIX = "fixtureapp.saturated.SaturatedApp::mix";
  /** A compile of {@code mix} (not a "made not entrant" line), with its uptime in ms. */
  private static final Pattern COMPILED = Pattern.compile(
      "^\\s*(\\d+)\\s+\\d+\\s.*SaturatedApp::mix (@ \\d+ )?\\(\\d+ bytes\\)\\s*$");

  @Test
  void hotMethodOnASaturatedMachine_isChangedOnlyAfterAWait_andCompiledAgainAfterTheChange()
      throws IOException {
    Jdk jdk = Jdks.all().stream().max(Comparator.comparingInt(Jdk::feature))
        .orElse(Jdks.current());
    Path stop = Files.createTempDirectory("overclock-saturated-").resolve("stop");
    RunResult run;
    long changedAtUptimeMillis;
    try (BackgroundProcess app = JvmLauncher.java(jdk)
        // No budget: on a machine saturated on purpose the governor would shed automatic
        // timing (its third step) and no change would be due; 3 s windows: a loaded machine's
        // JFR sampler delivers too few samples in 1 s.
        .agent("auto.window=3s,jfr.sampleinterval=10ms,overhead.budget=off,"
            + "report.interval=500ms,summary=false")
        .args("-XX:+PrintCompilation", "-cp", JvmLauncher.TEST_CLASSES.toString(),
            SaturatedApp.class.getName(), stop.toString())
        .named("saturated-" + jdk.feature())
        .start()) {
      long jvmStartedMillis = Long.parseLong(app.awaitLine(
          Pattern.compile("jvm started at (\\d+)$"), Duration.ofSeconds(60)).group(1));
      app.awaitLine(Pattern.compile("^\\[overclock\\] holding back code changes: the machine's"
          + " CPU is \\d+% busy"), Duration.ofSeconds(90));
      app.awaitLine(Pattern.compile("^\\[overclock\\] timing " + Pattern.quote(MIX)
          + " from now on"), Duration.ofSeconds(60));
      JsonNode live = Await.until(Duration.ofSeconds(30), MIX + " in the live report with the"
          + " time it was changed", () -> autoTimed(app.workDir()), app::describe);
      changedAtUptimeMillis = Instant.parse(ReportAssertions.methodsByName(live).get(MIX)
          .get("auto").get("addedAt").asString()).toEpochMilli() - jvmStartedMillis;
      awaitCompiledAfter(app, changedAtUptimeMillis);
      Files.createFile(stop);
      run = app.awaitExit(Duration.ofSeconds(60));
    }

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("mismatches 0").containsPattern("calls [1-9]");
    JsonNode report = run.reportJson();
    assertThat(report.get("agent").get("features").get("auto").asString())
        .containsPattern("[1-9]\\d* code changes watched")
        .containsPattern("[1-9]\\d* windows held back");
    JsonNode mix = ReportAssertions.methodsByName(report).get(MIX);
    assertThat(mix.get("selectedBy").asString()).isEqualTo("auto");
    assertThat(mix.get("calls").asLong()).as("calls timed after the change").isPositive();
  }

  /** Waits for a compile of {@code mix} stamped after the change (the JIT made it again). */
  private static void awaitCompiledAfter(BackgroundProcess app, long changedAtUptimeMillis) {
    for (int count = 1; ; count++) {
      Matcher compiled = app.awaitLines(COMPILED, count, Duration.ofSeconds(60));
      if (Long.parseLong(compiled.group(1)) > changedAtUptimeMillis) {
        return;
      }
    }
  }

  private static JsonNode autoTimed(Path workDir) {
    Path json = workDir.resolve("overclock-report").resolve("report.json");
    try {
      JsonNode report = new ObjectMapper().readTree(Files.readString(json));
      JsonNode method = ReportAssertions.methodsByName(report).get(MIX);
      return method != null && method.get("auto") != null
          && method.get("auto").get("addedAt") != null ? report : null;
    } catch (IOException | RuntimeException notYet) {
      return null; // not written yet, or written half-way
    }
  }
}

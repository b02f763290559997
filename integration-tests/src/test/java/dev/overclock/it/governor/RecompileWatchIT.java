package dev.overclock.it.governor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import fixtureapp.recompile.HugeMethodApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20, item 3: a hot compiled method retransformed on a saturated machine, whose compiled
 * code is then not made again. {@link HugeMethodApp}'s busy threads (twice the cores) all call
 * {@code price}, 7,987 bytes of bytecode: once the agent times it, it is over the JIT's 8,000-byte
 * limit and runs interpreted for as long as the change stays, the case of a method whose
 * recompilation never comes. The test checks what a user would: the agent says it noticed (its
 * line names the interpreted samples and that the change was taken back), the method is compiled
 * again after that ({@code -XX:+PrintCompilation}), its calls, timed by the application itself,
 * are back near their speed before the change, and the results are unchanged.
 *
 * <p>The newest installed JDK only: the watch is the agent's own logic on any JDK.
 */
@Isolated
class RecompileWatchIT {

  private static final String PRICE = "fixtureapp.recompile.HugeMethodApp::price";
  /** A compile of {@code price} (not a "made not entrant" line): uptime in ms, tier, OSR mark. */
  private static final Pattern COMPILED = Pattern.compile(
      "^\\s*(\\d+)\\s+\\d+\\s+([%sbn! ]*)\\s(\\d)\\s+" + Pattern.quote(PRICE)
          + " (@ \\d+ )?\\((\\d+) bytes\\)\\s*$");
  private static final Pattern INTERVAL =
      Pattern.compile("^interval (\\d+) ms: (\\d+) calls, mean (\\d+) ns of CPU$");

  @Test
  void hotMethodLeftInterpretedByItsChange_isNoticed_restored_andFastAgain() throws IOException {
    Jdk jdk = Jdks.all().stream().max(Comparator.comparingInt(Jdk::feature))
        .orElse(Jdks.current());
    Path stop = Files.createTempDirectory("overclock-recompile-").resolve("stop");
    RunResult run;
    try (BackgroundProcess app = JvmLauncher.java(jdk).fullJit()
        // No budget: on a machine saturated on purpose the governor would shed automatic
        // timing before the change this test is about.
        .agent("auto.window=1s,jfr.sampleinterval=10ms,overhead.budget=off,summary=false")
        .args("-XX:+PrintCompilation", "-cp", JvmLauncher.TEST_CLASSES.toString(),
            HugeMethodApp.class.getName(), stop.toString())
        .named("recompile-" + jdk.feature())
        .start()) {
      Duration patience = Duration.ofSeconds(60);
      Matcher first = app.awaitLine(COMPILED, patience);
      assertThat(Integer.parseInt(first.group(5))).as("price is compiled before any change,"
          + " just under the JIT's 8,000-byte limit").isLessThanOrEqualTo(8_000);
      app.awaitLine(Pattern.compile("^\\[overclock\\] timing " + Pattern.quote(PRICE)
          + " from now on"), patience);
      int intervalsBeforeChange = count(app, INTERVAL);
      app.awaitLine(Pattern.compile("^\\[overclock\\] stopped timing " + Pattern.quote(PRICE)
          + ": after its code was changed it ran interpreted in \\d+% of its samples .*the"
          + " change was taken back"), patience);
      // An uptime stamped after the undo was seen, less a second: no compile of the changed
      // code is possible (it is over the limit), so a compile stamped later is of the original.
      long afterUndo = intervalUptime(app.awaitLines(INTERVAL, count(app, INTERVAL) + 1,
          patience)) - 1_000;
      long compiledAt = awaitFullCompileAfter(app, afterUndo, patience);
      int recovered = count(app, INTERVAL);
      app.awaitLines(INTERVAL, recovered + 4, patience);
      List<Long> means = means(app);
      long before = means.subList(0, intervalsBeforeChange).stream().filter(mean -> mean > 0)
          .min(Long::compare).orElseThrow();
      List<Long> after = new ArrayList<>(means.subList(recovered + 1, recovered + 4));
      after.sort(null);
      long afterMedian = after.get(1);
      System.out.println("price: mean call " + before + " ns before the change (best interval),"
          + " " + afterMedian + " ns after its recompile at " + compiledAt + " ms (median of"
          + " three intervals); all intervals: " + means);
      assertThat(afterMedian).as("calls back near their speed before the change (the change"
          + " left them interpreted, several times slower)\n" + app.describe())
          .isLessThanOrEqualTo(3 * before);
      Files.createFile(stop);
      run = app.awaitExit(Duration.ofSeconds(60));
    }

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("mismatches 0").containsPattern("calls [1-9]");
    JsonNode report = run.reportJson();
    assertThat(report.get("agent").get("features").get("auto").asString())
        .containsPattern("[1-9]\\d* code changes watched, [1-9]\\d* taken back");
    JsonNode price = ReportAssertions.methodsByName(report).get(PRICE);
    assertThat(price.get("auto").get("state").asString()).isEqualTo("removed");
    assertThat(price.get("auto").get("note").asString()).contains("ran interpreted");
  }

  /** Waits for a full (tier 4, not on-stack) compile of {@code price} stamped after the time. */
  private static long awaitFullCompileAfter(BackgroundProcess app, long uptimeMillis,
      Duration patience) {
    for (int count = 1; ; count++) {
      Matcher compiled = app.awaitLines(COMPILED, count, patience);
      long at = Long.parseLong(compiled.group(1));
      if (at > uptimeMillis && compiled.group(3).equals("4") && compiled.group(4) == null) {
        return at;
      }
    }
  }

  private static int count(BackgroundProcess app, Pattern pattern) {
    return app.lines().stream().mapToInt(line -> pattern.matcher(line).find() ? 1 : 0).sum();
  }

  private static long intervalUptime(Matcher interval) {
    return Long.parseLong(interval.group(1));
  }

  /** Every interval's mean call time so far, in order. */
  private static List<Long> means(BackgroundProcess app) {
    List<Long> means = new ArrayList<>();
    for (String line : app.lines()) {
      Matcher interval = INTERVAL.matcher(line);
      if (interval.find()) {
        means.add(Long.parseLong(interval.group(3)));
      }
    }
    return means;
  }
}

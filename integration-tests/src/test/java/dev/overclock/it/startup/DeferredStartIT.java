package dev.overclock.it.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.exit.EndsSoon;
import fixtureapp.exit.LongStart;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A program without Overclock's annotations (the test classes run without the annotations' jar)
 * gets the agent's start after its own: premain only reads the options. The two moments that
 * fall before that start: the program's end, and a command that attaches. An annotated program
 * (the demo) gets its classes woven as they load, and only its JFR stream waits.
 */
@Isolated
class DeferredStartIT {

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void programEndingBeforeTheAgentsStart_stillGetsItsReport(Jdk jdk) throws IOException {
    RunResult run = JvmLauncher.java(jdk).agent("summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), EndsSoon.class.getName(), "0")
        .named("deferred-ends-" + jdk.feature()).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("ends-soon: done after 0 ms");
    assertThat(run.agentLines()).as(run.describe())
        .anyMatch(line -> line.contains(" started (premain, JDK "))
        .anyMatch(line -> line.startsWith("[overclock] report: "))
        .noneMatch(line -> line.contains("WARN") || line.contains("not started"));
    var features = run.reportJson().get("agent").get("features");
    assertThat(features.get("jfr").asString()).as(run.describe())
        .startsWith("not started: the program ended during its start-up");
    assertThat(features.get("timing").asString()).isEqualTo("on");
    assertThat(run.reportJson().get("methods")).isEmpty();
  }

  /**
   * The demo's annotated classes need advice as they load, so the agent starts at once, on a
   * thread of its own beside the demo's main, and its first annotated class (CatalogStore, which
   * loads while that start runs) waits for the transformer and is woven as it loads, never
   * retransformed; JFR's own start (a few hundred milliseconds of CPU) still waits for the
   * application's start to end, as in a program without annotations, instead of running inside
   * it once the advice is built.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void annotatedApplication_isWovenAsItLoads_andItsStreamWaitsForTheApplicationsStart(Jdk jdk)
      throws IOException {
    RunResult run = JvmLauncher.java(jdk).agent("verbose=true,summary=false").demoFor("3s")
        .named("deferred-annotated-" + jdk.feature()).timeoutSeconds(120).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.agentLines()).as(run.describe())
        .anyMatch(line -> line.contains(" started (premain, JDK "))
        .anyMatch(line -> line.startsWith("[overclock] starting on a thread of its own, beside"
            + " the application's main thread"))
        .anyMatch(line -> line.startsWith("[overclock] instrumented com.acme.shop.CatalogStore in "))
        .anyMatch(line -> line.matches("\\[overclock\\] the JFR stream starts after waiting \\d+"
            + " ms for the application's start"))
        .noneMatch(line -> line.contains("(retransformed)"));
    assertThat(run.reportJson().get("agent").get("features").get("jfr").asString())
        .as(run.describe()).startsWith("on: live stream");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void statusWhileTheAgentWaitsForTheApplicationsStart_startsItAndAnswers(Jdk jdk) {
    // The main thread computes for a minute: a start that never ends, within a wait of 2 min.
    try (BackgroundProcess target = JvmLauncher.java(jdk).agent("jfr.startwait=2m,summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), LongStart.class.getName(), "60")
        .named("deferred-status-" + jdk.feature()).start()) {
      target.awaitLine(Pattern.compile("long-start: computing"), Duration.ofSeconds(60));
      assertThat(target.describe()).doesNotContain(" started (premain"); // still waiting

      RunResult status = JvmLauncher.java(jdk).args("-jar", JvmLauncher.AGENT_JAR.toString())
          .args("status", Long.toString(target.pid())).env("COLUMNS", "200")
          .named("deferred-status-cli-" + jdk.feature()).timeoutSeconds(120).run();

      assertThat(status.exitCode()).as(status.describe()).isZero();
      assertThat(status.stdout()).contains("pid " + target.pid() + "  ", "(premain)");
      target.awaitLine(Pattern.compile("\\[overclock\\] .* started \\(premain, JDK "),
          Duration.ofSeconds(10));
      assertThat(target.isAlive()).isTrue();
    }
  }
}

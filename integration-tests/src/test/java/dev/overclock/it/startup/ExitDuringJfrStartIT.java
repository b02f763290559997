package dev.overclock.it.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.exit.EndsSoon;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A program that ends while the agent's JFR stream starts exits as cleanly as without the agent.
 *
 * <p>Seen once on JDK 25 in CI: a short program printed its last line and the JVM crashed (exit
 * 134, {@code SIGSEGV} in {@code JfrJvmtiAgent::retransform_classes} under the stream's start),
 * because JFR's start retransformed its event classes while the exiting JVM tore JFR down. The
 * runs below end at spread moments across the stream's start (the main thread sleeps, the agent
 * sees its start over after about 0.4 s and starts JFR, which takes a few hundred milliseconds),
 * two at a time, so that some fall into it on a loaded machine too. None of them waits at its
 * exit for more than JFR's own start.
 */
@Isolated
class ExitDuringJfrStartIT {

  /** When the program ends, in milliseconds after its main method starts. */
  private static final List<Integer> ENDS = List.of(350, 450, 550, 650, 750, 900, 1100, 1400);

  static List<Jdk> jdks() {
    return dev.overclock.it.support.Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void programEndingDuringTheStreamsStart_exitsCleanly_withItsReport(Jdk jdk) throws IOException {
    Map<Integer, RunResult> runs = new LinkedHashMap<>();
    for (int first = 0; first < ENDS.size(); first += 2) { // two at a time
      Map<Integer, BackgroundProcess> pair = new LinkedHashMap<>();
      try {
        for (int end : ENDS.subList(first, Math.min(first + 2, ENDS.size()))) {
          pair.put(end, JvmLauncher.java(jdk).agent("summary=false,verbose=true")
              .args("-cp", JvmLauncher.TEST_CLASSES.toString(), EndsSoon.class.getName(),
                  Integer.toString(end))
              .named("ends-" + end).start());
        }
        for (Map.Entry<Integer, BackgroundProcess> started : pair.entrySet()) {
          runs.put(started.getKey(), started.getValue().awaitExit(Duration.ofSeconds(120)));
        }
      } finally {
        pair.values().forEach(BackgroundProcess::close);
      }
    }
    for (Map.Entry<Integer, RunResult> ended : runs.entrySet()) {
      int end = ended.getKey();
      RunResult run = ended.getValue();
      assertExitedCleanly(run, end);
      // The start put off until the application's may be running when the program ends: it
      // hands the report to the exit hook, never says the agent did not start.
      assertThat(run.agentLines()).as(run.describe()).noneMatch(line -> line.contains("WARN")
          || line.contains("could not") || line.contains("not started"));
      assertThat(run.reportDir().resolve("report.json")).as(run.describe()).exists();
      // "starting" is the state from the end of the wait for the application's start until the
      // stream runs: JFR's start in progress. The exit waits for it, so the final report never
      // sees it (it did before the fix, in 4 of 6 such runs on JDK 25).
      assertThat(run.reportJson().get("agent").get("features").get("jfr").asString())
          .as(run.describe()).isNotEqualTo("starting");
      // ... but only for JFR's own start: once the recording runs (or when the exit came before
      // it began), the exit goes on. It used to wait for the stream's first flush, which JFR's
      // shutdown hook had made impossible, up to the guard's 3 s bound (1 of 16 such runs on an
      // idle machine, 2 of 3 runs of the demo's --quick).
      assertThat(run.agentLines()).as(run.describe())
          .noneMatch(line -> line.contains("a JFR start was still running after"));
    }
  }

  /** When the program ends, in milliseconds after its main method starts (see below). */
  private static final List<Integer> ENDS_BESIDE = List.of(0, 10, 30, 60, 100, 200);

  /**
   * A filter names the program's main class, so the agent's start runs beside its main thread
   * (not in premain) and the class waits as it loads only until the agent's transformer is in
   * place: the program then ends while the rest of that start (the exit hook, the reporter, the
   * threads) is still running, or just after. It exits cleanly all the same, with its report.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void programEndingDuringTheStartBesideItsMain_exitsCleanly_withItsReport(Jdk jdk)
      throws IOException {
    for (int end : ENDS_BESIDE) {
      RunResult run = JvmLauncher.java(jdk)
          .agent("summary=false,verbose=true,timed=" + EndsSoon.class.getName() + "::main")
          .args("-cp", JvmLauncher.TEST_CLASSES.toString(), EndsSoon.class.getName(),
              Integer.toString(end))
          .named("ends-beside-" + end).run();

      assertExitedCleanly(run, end);
      assertThat(run.agentLines()).as(run.describe())
          .anyMatch(line -> line.startsWith("[overclock] starting on a thread of its own"))
          .anyMatch(line -> line.startsWith("[overclock] instrumented " + EndsSoon.class.getName()))
          .noneMatch(line -> line.contains("WARN") || line.contains("could not")
              || line.contains("not started"));
      assertThat(run.reportDir().resolve("report.json")).as(run.describe()).exists();
      assertThat(run.reportJson().get("agent").get("features").get("timing").asString())
          .as(run.describe()).isEqualTo("on");
    }
  }

  /** The program ran to its end and exited with 0, the JVM without a crash. */
  private static void assertExitedCleanly(RunResult run, int end) {
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("ends-soon: done after " + end + " ms");
    assertThat(run.stdout() + run.stderr()).as(run.describe())
        .doesNotContain("A fatal error has been detected");
  }
}

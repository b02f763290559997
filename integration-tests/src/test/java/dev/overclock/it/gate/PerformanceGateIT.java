package dev.overclock.it.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.gate.GateApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code compare} as a CI gate on real runs and this machine's noise as it is: {@link GateApp}
 * run {@value #RUNS} times unchanged (A) and {@value #SLOWER_RUNS} times with {@code quote} made
 * twice as slow (B), about 2 s each, on one JDK, A and B interleaved (a0 b0 a1 b1 ...) so that a
 * busy stretch of the machine falls on both sides rather than on one.
 *
 * <ul>
 *   <li>A/A: every pair of A runs, one run per side, compared with the budgets of the README's
 *       pipeline, passes (GitHub Scientist's advice: learn the false-alarm rate by comparing
 *       control with control): with one run per side and no {@code --noise-floor} measured
 *       for this machine, the median and the p95 are inconclusive, not failed (here the same
 *       build's median moved 4x between two runs under load, past the 100% floor that used to be
 *       the default). The test prints how many pairs were tried and how many failed.
 *   <li>A/B: the A runs against the B runs, several per side as the README advises: the doubled
 *       {@code quote} is never within budget (exceeded, or inconclusive when the drift is too
 *       wide to prove it), so with {@code --inconclusive fail} the gate always fails, naming it.
 *   <li>The A runs pooled two against two pass.
 * </ul>
 *
 * <p>One run per side against a 2x slowdown is not asserted (it cannot be told from this
 * machine's drift); {@code benchmarks/gate/aa-ab.sh} measures it, with the false-alarm rate over
 * more runs (docs/performance.md).
 *
 * <p>Isolated: it compares latencies, so no other test class runs beside it (the classes marked
 * {@code @Execution(CONCURRENT)} run beside one another).
 */
@Isolated
class PerformanceGateIT {

  static final int RUNS = 4;
  static final int SLOWER_RUNS = 3;
  /**
   * The budgets of the README's pipeline. A method made twice as slow moves its p50 reliably
   * (+97%, run-to-run spread 1% on a quiet machine); its tail does not: between two runs of the
   * same build, one run per side, a 10 µs method's p99 rose 186% on a quiet machine and its p95
   * 134% while another build shared the cores. So the p95 is judged only with 3 runs per side
   * and is inconclusive (not failed) in the one-run pairs.
   */
  static final String[] BUDGETS = {"--fail-on", "p50=+10%", "--fail-on", "p95=+10%",
      "--fail-on", "errors=+0"};

  private static Jdk jdk;
  private static final List<Path> baseline = new ArrayList<>();
  private static final List<Path> slower = new ArrayList<>();

  @BeforeAll
  static void runTheFixture() {
    jdk = Jdks.current();
    for (int i = 0; i < Math.max(RUNS, SLOWER_RUNS); i++) {
      if (i < RUNS) {
        baseline.add(run("gate-a" + i, 1));
      }
      if (i < SLOWER_RUNS) {
        slower.add(run("gate-b" + i, 2));
      }
    }
  }

  private static Path run(String name, int slowdown) {
    RunResult run = JvmLauncher.java(jdk).fullJit().agent("summary=false")
        .args("-Dgate.seconds=2", "-Dgate.slowdown=" + slowdown,
            "-cp", JvmLauncher.TEST_CLASSES.toString(), GateApp.class.getName())
        .named(name).timeoutSeconds(90).run();
    assertThat(run.exitCode()).as(run.describe()).isZero();
    Path report = run.reportDir().resolve("report.json");
    assertThat(report).as(run.describe()).isRegularFile();
    return report;
  }

  private static RunResult compare(Object... args) {
    List<String> all = new ArrayList<>(List.of("-jar", JvmLauncher.AGENT_JAR.toString(),
        "compare"));
    for (Object arg : args) {
      all.add(arg.toString());
    }
    return JvmLauncher.java(jdk).args(all.toArray(String[]::new)).named("gate-compare")
        .timeoutSeconds(60).run();
  }

  private static Object[] with(Object[] files, String... budgets) {
    Object[] all = new Object[files.length + budgets.length];
    System.arraycopy(files, 0, all, 0, files.length);
    System.arraycopy(budgets, 0, all, files.length, budgets.length);
    return all;
  }

  @Test
  void sameBuild_everyPair_neverFails() {
    int pairs = 0;
    List<String> falseAlarms = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      for (int j = i + 1; j < RUNS; j++) {
        RunResult result = compare(with(new Object[] {baseline.get(i), baseline.get(j)},
            BUDGETS));
        pairs++;
        assertThat(result.exitCode()).as(result.describe()).isIn(0, 1);
        if (result.exitCode() != 0) {
          falseAlarms.add("a" + i + " vs a" + j + ":\n" + result.stdout());
        }
        assertThat(result.stdout()).as(result.describe())
            .contains("inconclusive: fixtureapp.gate.GateApp::quote: p95 ",
                "p95 needs 3 runs per side to be told from run-to-run drift");
        System.out.println("A/A a" + i + " vs a" + j + ":\n" + result.stdout());
      }
    }
    System.out.println("A/A: " + pairs + " pairs of runs of the same build, " + falseAlarms.size()
        + " failed: false-alarm rate " + falseAlarms.size() + "/" + pairs);
    assertThat(falseAlarms).as("false alarms in %d pairs", pairs).isEmpty();
  }

  /**
   * The gate never calls the doubled method within its budget: its median is either a regression
   * beyond +10% (exceeded) or, when the machine's drift between runs is too wide for four runs
   * against three to prove it (under a load average of 30 here the interval was -4% to +280%
   * around +91%), inconclusive, beyond the budget but not proven. {@code --inconclusive fail}, the
   * setting for pipelines that must not let a possible regression through, therefore always
   * fails it, naming {@code quote}.
   */
  @Test
  void methodMadeTwiceAsSlow_alwaysFails_namingThatMethod() {
    List<Object> args = new ArrayList<>(List.of("--baseline"));
    args.addAll(baseline);
    args.add("--candidate");
    args.addAll(slower);
    args.addAll(List.of("--inconclusive", "fail"));
    RunResult result = compare(with(args.toArray(), BUDGETS));
    System.out.println("A/B " + RUNS + " vs " + SLOWER_RUNS + " runs:\n" + result.stdout());

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stdout()).as(result.describe()).contains("FAIL: ");
    // a held budget gets no line; an exceeded or an inconclusive one does
    assertThat(result.stdout().lines()
        .filter(line -> line.contains("GateApp::quote: p50 ")))
        .as(result.describe())
        .singleElement().asString()
        .matches(line -> line.contains(" exceeds --fail-on p50=+10%")
            || line.startsWith("  inconclusive: ") && line.contains("cannot tell if within"));
  }

  @Test
  void severalRunsPerSide_pooled_sameBuildPasses() {
    RunResult result = compare(with(new Object[] {"--baseline", baseline.get(0),
        baseline.get(1), "--candidate", baseline.get(2), baseline.get(3)}, BUDGETS));
    System.out.println("A/A pooled:\n" + result.stdout());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).contains("2 baseline runs, 2 candidate runs; noise from the"
        + " runs' own spread; tail percentiles need 3 runs per side", "PASS");
  }
}

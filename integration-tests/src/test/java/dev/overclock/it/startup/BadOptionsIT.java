package dev.overclock.it.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Baselines;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad option never hurts the application: it starts, runs and computes exactly what it
 * computes without the agent; the agent prints one line naming the option, the bad value, what
 * is accepted and what it turned off (an unknown option: that Overclock is off, first, and the
 * option it most likely meant).
 *
 * <p>Every case is a JVM of its own: the cases run concurrently (up to {@code it.parallelism}).
 */
@Execution(ExecutionMode.CONCURRENT)
class BadOptionsIT {

  /**
   * Each case on one installed JDK, in turn (with two JDKs, three cases each): reading the
   * options is the agent's own code, the same on every JDK, while each JDK still runs the
   * application with bad options and must keep it unchanged. Every case on each JDK doubled the
   * class's time for nothing it could tell apart.
   */
  static List<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Jdk jdk : Jdks.all()) {
      all.addAll(casesOn(jdk));
    }
    int jdks = Jdks.all().size();
    int perJdk = all.size() / jdks;
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < perJdk; i++) {
      cases.add(all.get((i % jdks) * perJdk + i));
    }
    return cases;
  }

  private static List<Arguments> casesOn(Jdk jdk) {
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of(jdk, "timed=::",
        "[overclock] option timed='::' (agent argument): expected filters like"
            + " com.acme.Pricing::quote, com.acme.Pricing, ::quote, @com.acme.Hot or com.acme.*,"
            + " joined with ';' ('::': expected a method name after '::'); timing is off"));
    cases.add(Arguments.of(jdk, "report.interval=soon",
        "[overclock] option report.interval='soon' (agent argument): expected a duration from"
            + " 100ms to 1d, such as 500ms, 10s or 5m, or 0 for a report at exit only; the report"
            + " is written at exit only"));
    cases.add(Arguments.of(jdk, "nosuchkey=1",
        "[overclock] Overclock is off: unknown option 'nosuchkey' (agent argument). All options:"
            + " java -jar overclock-agent.jar options"));
    cases.add(Arguments.of(jdk, "repot.dir=r2",
        "[overclock] Overclock is off: unknown option 'repot.dir' (agent argument). Did you mean"
            + " report.dir? All options: java -jar overclock-agent.jar options"));
    cases.add(Arguments.of(jdk, "report.interval=1s,report.interval=2s",
        "[overclock] option report.interval is given twice, '1s' (agent argument) and '2s'"
            + " (agent argument): expected one value; the report is written at exit only"));
    cases.add(Arguments.of(jdk, "memoize.unsafe=9lives",
        "[overclock] option memoize.unsafe='9lives' (agent argument): expected class names or"
            + " packages (com.acme.*) joined with ';' ('9lives' is not a class or package name);"
            + " memoization is off"));
    return cases;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void badOption_printsOneClearLine_andTheApplicationRunsUnchanged(Jdk jdk, String option,
      String message) throws IOException {
    RunResult baseline = Baselines.demoWithoutAgent(jdk);

    RunResult run = JvmLauncher.java(jdk).agent(option).demoQuick().named("bad-" + option).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(baseline.checksums());
    assertThat(run.agentLines().get(0)).isEqualTo(message);
    assertThat(run.agentLines()).filteredOn(line -> line.contains("option")).hasSize(1);
    switch (option) {
      case "nosuchkey=1":
      case "repot.dir=r2":
        assertThat(run.agentLines()).hasSize(1);
        assertThat(run.reportDir()).doesNotExist();
        break;
      case "report.interval=soon":
      case "report.interval=1s,report.interval=2s":
        assertThat(run.agentLines().get(1)).contains("started").contains("report at exit in");
        ReportAssertions.assertDemoFiguresExact(run);
        break;
      case "memoize.unsafe=9lives":
        assertThat(run.agentLines().get(1)).contains("started").contains("timing @Timed methods");
        ReportAssertions.assertDemoFiguresExact(run);
        assertThat(run.reportJson().get("memoized")).isEmpty();
        assertThat(run.reportJson().get("agent").get("features").get("memoization").asString())
            .isEqualTo("off");
        break;
      case "timed=::":
        assertThat(run.agentLines().get(1)).contains("started").contains("timing off");
        assertThat(run.reportJson().get("methods")).isEmpty();
        assertThat(run.reportJson().get("health").get("problems").get(0).asString())
            .isEqualTo(message.substring("[overclock] ".length()));
        break;
      default:
        throw new AssertionError(option);
    }
  }
}

package dev.overclock.it.jfr;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Without JFR the agent still times what it was asked to, and says in one line and in the
 * report's features that its JFR part is off: JFR switched off ({@code -XX:-FlightRecorder}), or
 * missing from the runtime (the {@code jdk.jfr} module left out, as a jlinked image would).
 */
@Execution(ExecutionMode.CONCURRENT)
class JfrUnavailableIT {

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Jdk jdk : Jdks.all()) {
      cases.add(Arguments.of(jdk, "-XX:-FlightRecorder", "JFR is not available in this JVM"));
      cases.add(Arguments.of(jdk,
          "--limit-modules=java.base,java.instrument,java.management,jdk.management,"
              + "jdk.httpserver,java.logging,jdk.unsupported",
          "this Java runtime has no jdk.jfr module"));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void withoutJfr_annotatedMethodsAreStillTimed_andTheReportSaysTheStreamIsOff(
      Jdk jdk, String jvmOption, String reason) throws IOException {
    RunResult run = JvmLauncher.java(jdk).args(jvmOption).agent("").demoQuick()
        .named("no-jfr-" + jdk.feature()).run();
    Assumptions.assumeFalse(run.stderr().contains("Unrecognized VM option"),
        jvmOption + " is not an option of " + jdk);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(Baselines.demoWithoutAgent(jdk).checksums());
    ReportAssertions.assertDemoFiguresExact(run);
    assertThat(run.agentLines()).filteredOn(line -> line.contains(reason)).singleElement()
        .asString().endsWith("timing goes on");
    JsonNode report = run.reportJson();
    JsonNode features = report.get("agent").get("features");
    assertThat(features.get("jfr").asString()).startsWith("off: " + reason);
    assertThat(features.get("auto").asString()).isEqualTo("off (needs the JFR stream)");
    assertThat(report.get("jvm").isNull()).isTrue();
    for (JsonNode method : report.get("methods")) {
      assertThat(method.get("evidence").isNull()).isTrue();
      assertThat(method.get("selectedBy").asString()).isEqualTo("annotation");
    }
  }
}

package dev.overclock.it.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Baselines;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the agent starts, refuses to start, and fails safe, each in a real JVM.
 *
 * <p>Every run is a JVM of its own: the tests run concurrently (up to {@code it.parallelism}).
 */
@Execution(ExecutionMode.CONCURRENT)
class AgentLifecycleIT {

  static List<Jdk> jdks() {
    return dev.overclock.it.support.Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void enabledFalse_leavesNoTrace(Jdk jdk) {
    RunResult run = JvmLauncher.java(jdk).agent("enabled=false").demoQuick().named("disabled").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(Baselines.demoWithoutAgent(jdk).checksums());
    assertThat(run.agentLines()).isEmpty();
    assertThat(run.reportDir()).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void customClassLoader_thatDoesNotDelegateToTheSystemLoader_isTimed(Jdk jdk) throws IOException {
    // IsolatedLauncher loads the demo in a loader whose parent is the platform loader: the
    // inlined advice can reach the Dispatcher only through the bootstrap bridge.
    RunResult run = JvmLauncher.java(jdk).agent("")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), IsolatedLauncher.class.getName(),
            "isolated", JvmLauncher.DEMO_JAR.toString())
        .args(JvmLauncher.DEMO_QUICK)
        .named("isolated").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("isolated: demo loaded by isolated-app");
    assertThat(run.checksums()).isEqualTo(Baselines.demoWithoutAgent(jdk).checksums());
    ReportAssertions.assertDemoFiguresExact(run);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void classLoaderThatCannotSeeTheBridge_runsUninstrumented_andUnchanged(Jdk jdk) throws IOException {
    // Like OSGi's default boot delegation: only java.* reaches the parent. Advice there would
    // throw NoClassDefFoundError for the bridge, so the agent must leave those classes alone.
    RunResult run = JvmLauncher.java(jdk).agent("summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), IsolatedLauncher.class.getName(),
            "strict", JvmLauncher.DEMO_JAR.toString())
        .args(JvmLauncher.DEMO_QUICK)
        .named("strict").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("isolated: demo loaded by strict-app");
    assertThat(run.checksums()).isEqualTo(Baselines.demoWithoutAgent(jdk).checksums());
    assertThat(run.agentLines()).filteredOn(line -> line.contains("cannot see the package"))
        .singleElement().asString().contains("'strict-app'", "org.osgi.framework.bootdelegation");
    assertThat(run.reportJson().get("methods")).isEmpty();
    assertThat(run.reportJson().get("health").get("failedClasses").asLong()).isPositive();
    assertThat(run.reportJson().get("health").get("suppressedAdviceErrors").asLong()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void secondAgentStart_isRefusedWithOneLine_andNothingCountsTwice(Jdk jdk) throws IOException {
    RunResult run = JvmLauncher.java(jdk).agent("summary=false").agent("summary=false")
        .demoQuick().named("twice").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    // One refusal: "already running" once the first start claimed the JVM, "already starting"
    // while it is still on its own thread (which of the two depends on how fast that is).
    assertThat(run.agentLines()).filteredOn(line -> line.contains("this second start is ignored"))
        .singleElement().asString().matches("\\[overclock\\] (already running in this JVM"
            + " \\(premain of Overclock \\S+\\)|already starting in this JVM \\(another"
            + " -javaagent copy of Overclock\\)); this second start is ignored");
    assertThat(run.checksums()).isEqualTo(Baselines.demoWithoutAgent(jdk).checksums());
    ReportAssertions.assertDemoFiguresExact(run);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void unwritableReportDirectory_costsOneLine_andNothingElse(Jdk jdk) throws IOException {
    Path blocker = Files.createTempFile("overclock-not-a-dir", ".txt");
    RunResult run = JvmLauncher.java(jdk)
        .agent("report.dir=" + blocker.resolve("reports") + ",report.interval=200ms,summary=false")
        .demoQuick().named("unwritable").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(Baselines.demoWithoutAgent(jdk).checksums());
    // Written every 200 ms and at exit, but reported once.
    assertThat(run.agentLines()).filteredOn(line -> line.contains("could not write the report"))
        .singleElement().asString().contains(blocker.resolve("reports").toString())
        .endsWith("the application is unaffected, Overclock keeps trying every report.interval");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void jdkTools_inheritingJavaToolOptions_areNotInstrumented(Jdk jdk) {
    String options = "-javaagent:" + JvmLauncher.AGENT_JAR;

    RunResult tool = JvmLauncher.tool(jdk, "jps").args("-l").env("JAVA_TOOL_OPTIONS", options)
        .named("jps").run();
    RunResult app = JvmLauncher.java(jdk).demoQuick().env("JAVA_TOOL_OPTIONS", options + "=summary=false")
        .named("tool-options-app").run();

    assertThat(tool.exitCode()).as(tool.describe()).isZero();
    assertThat(tool.stderr()).contains("Picked up JAVA_TOOL_OPTIONS");
    assertThat(tool.agentLines()).isEmpty();
    assertThat(tool.reportDir()).doesNotExist();
    // The same variable does start the agent in an application.
    assertThat(app.agentLines()).anyMatch(line -> line.contains(" started (premain"));
    assertThat(app.reportDir().resolve("report.json")).isRegularFile();
  }
}

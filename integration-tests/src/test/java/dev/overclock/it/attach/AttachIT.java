package dev.overclock.it.attach;

import static dev.overclock.it.attach.AttachFixture.ACCEPT_FULL_RECOMPILE;
import static dev.overclock.it.attach.AttachFixture.cli;
import static dev.overclock.it.attach.AttachFixture.demoRun;
import static dev.overclock.it.attach.AttachFixture.probe;
import static dev.overclock.it.attach.AttachFixture.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overclock.it.support.Baselines;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.RunResult;
import dev.overclock.it.support.RunningJvm;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Attaching to a running JVM, as a user would: a target that runs the demo shop on command,
 * and the agent jar's command line in its own JVM, for every pair of installed JDKs (a JDK 17
 * command line attaching to a JDK 25 target and the reverse included).
 *
 * <p>Each test starts targets of its own and talks to them only by pid; the one that attaches by
 * main-class name runs when no other target could match the name. The class runs alone (isolated):
 * its figures and decisions depend on the CPU it gets, so no other test runs beside it (see the
 * pom's {@code it.parallel}).
 */
@Isolated
class AttachIT {

  /**
   * Held for reading by every test that starts a target (here and in {@link AttachFailuresIT});
   * for writing by one that attaches by name.
   */
  static final String TARGETS = "dev.overclock.it.attach.AttachIT.targets";

  private static final Pattern ROW = Pattern.compile("^(\\S+::\\S+)\\s+(\\d+)\\s+(\\d+)\\s.*$");

  private static final Pattern AUTO_BY = Pattern.compile("\\sauto(\\s+(all|1/\\d+))?$");

  private final AttachFixture fixture = new AttachFixture();

  @AfterEach
  void killTargets() {
    fixture.close();
  }

  /**
   * Every installed JDK once as the target and once as the command line, each attaching across
   * versions where two or more are installed (the same-version case is what this class's other
   * tests do): all four pairs of two JDKs cost the suite two more 13-second runs and covered no
   * other code path.
   */
  static List<Arguments> jdkPairs() {
    List<Jdk> jdks = Jdks.all();
    List<Arguments> pairs = new ArrayList<>();
    for (int i = 0; i < jdks.size(); i++) {
      pairs.add(Arguments.of(jdks.get(i), jdks.get((i + 1) % jdks.size())));
    }
    return pairs;
  }

  @ResourceLock(value = TARGETS, mode = ResourceAccessMode.READ)
  @ParameterizedTest(name = "target {0}, command line {1}")
  @MethodSource("jdkPairs")
  void attachStatusTopReportDetach_resultsStayIdentical_andNoAdviceIsLeft(Jdk targetJdk, Jdk cliJdk)
      throws IOException {
    Map<String, String> baseline = Baselines.demoWithoutAgent(targetJdk).checksums();
    RunningJvm target = fixture.target(targetJdk, "attach-target",
        "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());
    assertThat(demoRun(target).checksums()).isEqualTo(baseline);

    // Hot-method detection off: this test counts methods and classes exactly (see
    // hotMethods_foundBySampling_showInStatus_andDetachTakesThemOut for detection on attach).
    RunResult attach = cli(cliJdk, "attach", pid, "summary=false", "auto=off",
        ACCEPT_FULL_RECOMPILE);
    assertThat(attach.exitCode()).as(attach.describe()).isZero();
    assertThat(attach.stdout()).contains("Overclock started in pid " + pid + " (")
        .contains("JDK " + targetJdk.version().split("\\+")[0])
        .contains("health: 7 methods in 7 classes instrumented; no errors");
    assertThat(attach.stderr()).isEmpty(); // no JEP 451 note: the target allows dynamic agents

    RunResult during = demoRun(target);
    assertThat(during.checksums()).isEqualTo(baseline);

    RunResult status = cli(cliJdk, "status", pid);
    assertThat(status.exitCode()).as(status.describe()).isZero();
    assertThat(status.stdout()).contains("pid " + pid + "  ", "Overclock ", "(attach)",
        "timing on; cpu off; report every 10s and at exit in " + target.workDir().toRealPath()
            .resolve("overclock-report"), "health: 7 methods in 7 classes instrumented; no errors");
    Map<String, long[]> rows = rows(status.stdout());
    // Every @Timed method, with exactly the calls and errors the demo counted itself.
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(during.calls().keySet());
    during.calls().forEach((method, calls) -> {
      assertThat(rows.get(method)[0]).as(method).isEqualTo(calls);
      assertThat(rows.get(method)[1]).as(method).isEqualTo(during.errors().getOrDefault(method, 0L));
    });

    RunResult top = cli(cliJdk, "top", pid, "--iterations", "3");
    assertThat(top.exitCode()).as(top.describe()).isZero();
    assertThat(top.stdout().lines().filter(line -> line.startsWith("overclock top  pid " + pid)))
        .hasSize(3);
    assertThat(top.stdout()).contains("calls/s").doesNotContain("\u001b");
    assertThat(top.stdout().lines().filter(line -> line.startsWith("com.acme.shop.OrderService::process ")))
        .hasSize(3);

    RunResult list = cli(cliJdk, "list");
    assertThat(list.exitCode()).as(list.describe()).isZero();
    assertThat(list.stdout().lines().filter(line -> line.startsWith(pid + " ")).findFirst())
        .hasValueSatisfying(line -> assertThat(line).contains(targetJdk.version().split("\\+")[0])
            .contains(" attach ").contains(AttachFixture.TARGET));

    RunResult report = cli(cliJdk, "report", pid);
    assertThat(report.exitCode()).as(report.describe()).isZero();
    Path html = Path.of(report.stdout().lines().findFirst().orElseThrow());
    assertThat(html).isRegularFile().hasFileName("report.html");
    JsonNode json = new ObjectMapper().readTree(html.resolveSibling("report.json").toFile());
    assertThat(json.get("agent").get("mode").asString()).isEqualTo("attach");
    assertThat(json.get("complete").asBoolean()).isFalse();
    assertThat(json.get("methods")).hasSize(7);

    RunResult detach = cli(cliJdk, "detach", pid);
    assertThat(detach.exitCode()).as(detach.describe()).isZero();
    assertThat(detach.stdout()).contains("Overclock detached from pid " + pid
        + ": original bytecode of 7 classes restored, its threads stopped");
    assertThat(detach.stdout()).contains("final report: " + html);
    JsonNode last = new ObjectMapper().readTree(html.resolveSibling("report.json").toFile());
    assertThat(last.get("complete").asBoolean()).isTrue();
    assertThat(last.get("health").get("suppressedAdviceErrors").asLong()).isZero();

    // As if never attached: same results, nothing recorded, no advice in any class, no thread.
    assertThat(demoRun(target).checksums()).isEqualTo(baseline);
    RunResult after = cli(cliJdk, "status", pid);
    assertThat(after.exitCode()).isEqualTo(1);
    assertThat(after.stderr()).isEqualTo("overclock: Overclock is not running in pid " + pid
        + " ('attach " + pid + "' starts it)\n");
    assertThat(probe(target)).isZero();
    assertThat(threads(target)[1]).isZero();
    RunResult properties = dev.overclock.it.support.JvmLauncher.tool(targetJdk, "jcmd")
        .args(pid, "VM.system_properties").named("jcmd-properties").run();
    assertThat(properties.exitCode()).as(properties.describe()).isZero();
    assertThat(properties.stdout()).contains("java.version").doesNotContain("overclock");
    target.awaitStderrLine(line -> line.equals("[overclock] detached; final report: " + html), 30);
    assertThat(target.stderr()).doesNotContain("WARNING", "Exception", "Sharing is only supported");
  }

  @ResourceLock(value = TARGETS, mode = ResourceAccessMode.READ)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void hotMethods_foundBySampling_showInStatus_andDetachTakesThemOut(Jdk jdk) {
    Map<String, String> baseline = Baselines.demoWithoutAgent(jdk).checksums();
    RunningJvm target = fixture.targetWithFullJit(jdk, "attach-auto",
        "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());
    // Hot-method detection is on by default; looking every 3 s, methods found by sampling join
    // the table while the demo runs. (A 1 s window holds too few samples: a quick demo run keeps
    // two threads on the CPU for under a second, and a method needs 10 samples of its own.) The
    // JFR stream of an attached agent starts a few seconds after the attach: the demo runs again
    // and again until the first windows have passed, for 120 s at most (generous: other tests of
    // this class run beside it).
    // The fixture's main class lives in the test classes and runs the demo from its jar on the
    // class path: to the agent, which takes the main class's code source and the class path's
    // directories for the application, the demo is a dependency. include= says what the
    // application is, as a user whose code sits in a jar beside a launcher would.
    RunResult attach = cli(jdk, "attach", pid, "summary=false", "auto.window=3s",
        "include=com.acme", ACCEPT_FULL_RECOMPILE);
    assertThat(attach.exitCode()).as(attach.describe()).isZero();
    String status = "";
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && autoRows(status) == 0) {
      assertThat(demoRun(target).checksums()).isEqualTo(baseline);
      status = cli(jdk, "status", pid).stdout();
    }
    assertThat(autoRows(status)).as(status).isPositive();
    assertThat(status).contains("   @Timed"); // annotated methods beside the ones found

    RunResult detach = cli(jdk, "detach", pid);
    assertThat(detach.exitCode()).as(detach.describe()).isZero();
    assertThat(demoRun(target).checksums()).isEqualTo(baseline);
    assertThat(probe(target)).isZero();
    assertThat(threads(target)[1]).isZero();
  }

  /** Rows of a status table whose method was found by sampling ("by" column: auto). */
  private static long autoRows(String status) {
    // "auto" is the last column, or the one before "timed" (shown once a method is timed on one
    // call in N, as the demo's OrderValidator::validate is after the governor sheds its clock).
    return status.lines().filter(line -> ROW.matcher(line).matches()
        && AUTO_BY.matcher(line).find()).count();
  }

  @ResourceLock(value = TARGETS, mode = ResourceAccessMode.READ_WRITE) // attaches by name
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void attachingAgain_updatesTheOptions_insteadOfLoadingTwice(Jdk jdk) {
    RunningJvm target = fixture.target(jdk, "attach-again", "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());
    assertThat(cli(jdk, "attach", "AttachTarget", "auto=off", ACCEPT_FULL_RECOMPILE)
        .exitCode()).isZero();

    // The hot method that is not annotated, named by a filter: the selection changes in place.
    RunResult again = cli(jdk, "attach", pid, "timed=com.acme.shop.RoutePlanner::shortestPath",
        "auto=off");
    assertThat(again.exitCode()).as(again.describe()).isZero();
    // No demo class is loaded yet: they get their advice as they load.
    assertThat(again.stdout()).contains("Overclock options updated in pid " + pid)
        .contains("health: 0 methods in 0 classes instrumented; no errors");
    RunResult during = demoRun(target);
    RunResult status = cli(jdk, "status", pid);
    assertThat(status.stdout()).contains("health: 8 methods in 8 classes instrumented; no errors");
    Map<String, long[]> rows = rows(status.stdout());
    assertThat(rows.get("com.acme.shop.RoutePlanner::shortestPath")[0])
        .isEqualTo(Long.parseLong(during.stdout().lines()
            .filter(line -> line.startsWith("calls-unannotated com.acme.shop.RoutePlanner::shortestPath "))
            .findFirst().orElseThrow().split(" ")[2]));
    assertThat(status.stdout()).contains("options: timed=com.acme.shop.RoutePlanner::shortestPath");
    target.awaitStderrLine(
        line -> line.startsWith("[overclock] options updated: timing @Timed methods, 1 filter"), 30);
    assertThat(target.stderr().lines().filter(line -> line.contains(" started (attach")))
        .hasSize(1);
    assertThat(target.stderr()).doesNotContain("already running");

    // The probe sees the advice while it is there (and takes the agent's sink away), then none.
    assertThat(probe(target)).isPositive();
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
    assertThat(probe(target)).isZero();
  }

  @ResourceLock(value = TARGETS, mode = ResourceAccessMode.READ)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void prometheusAndMemoization_changeWhenAttachingAgain_andDetachStopsBoth(Jdk jdk)
      throws IOException {
    Map<String, String> baseline = Baselines.demoWithoutAgent(jdk).checksums();
    RunningJvm target = fixture.target(jdk, "attach-prometheus", "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());
    int first = freePort();
    RunResult attach = cli(jdk, "attach", pid, "summary=false", "prometheus.port=" + first,
        ACCEPT_FULL_RECOMPILE);
    assertThat(attach.exitCode()).as(attach.describe()).isZero();
    target.awaitStderrLine(line -> line.equals(
        "[overclock] Prometheus endpoint: http://127.0.0.1:" + first + "/metrics"), 30);
    assertThat(demoRun(target).checksums()).isEqualTo(baseline);
    assertThat(scrape(first)).contains("overclock_instrumented_methods ");
    assertThat(cli(jdk, "status", pid).stdout()).contains(
        "memoization on", "prometheus http://127.0.0.1:" + first + "/metrics");
    long[] probed = AttachFixture.probeCalls(target); // takes the agent's sinks away for a run
    assertThat(probed[0]).isPositive();
    assertThat(probed[1]).as("memoized calls reaching the bridge").isPositive();
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();

    // Again, then with other options: another port, a one-result cache for the memoized method.
    assertThat(cli(jdk, "attach", pid, "summary=false", "prometheus.port=" + first).exitCode())
        .isZero();
    int second = freePort();
    RunResult again = cli(jdk, "attach", pid, "summary=false", "prometheus.port=" + second,
        "memoize.com.acme.shop.PricingEngine::quote.maxSize=1");
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(again.stdout()).contains("Overclock options updated in pid " + pid);
    target.awaitStderrLine(line -> line.equals(
        "[overclock] Prometheus endpoint: http://127.0.0.1:" + second + "/metrics"), 30);
    assertPortReleased(first);
    assertThat(demoRun(target).checksums()).isEqualTo(baseline);
    assertThat(scrape(second)).contains("overclock_instrumented_methods ");
    RunResult report = cli(jdk, "report", pid);
    assertThat(report.exitCode()).as(report.describe()).isZero();
    JsonNode json = new ObjectMapper().readTree(Path.of(report.stdout().lines().findFirst()
        .orElseThrow()).resolveSibling("report.json").toFile());
    JsonNode quote = null;
    for (JsonNode memoized : json.get("memoized")) {
      if (memoized.get("name").asString().equals("com.acme.shop.PricingEngine::quote")) {
        quote = memoized;
      }
    }
    assertThat(quote).as(json.toString()).isNotNull();
    assertThat(quote.get("settings").get("maxSize").asLong()).isEqualTo(1);
    assertThat(quote.get("size").asLong()).isLessThanOrEqualTo(1);

    RunResult detach = cli(jdk, "detach", pid);
    assertThat(detach.exitCode()).as(detach.describe()).isZero();
    // As if never attached: the port is free, no thread, no advice, no cached result alive.
    assertPortReleased(second);
    assertThat(threads(target)[1]).isZero();
    assertThat(demoRun(target).checksums()).isEqualTo(baseline);
    assertThat(AttachFixture.probeCalls(target)).containsExactly(0, 0);
    RunResult histogram = dev.overclock.it.support.JvmLauncher.tool(jdk, "jcmd")
        .args(pid, "GC.class_histogram").named("jcmd-histogram").run();
    assertThat(histogram.exitCode()).as(histogram.describe()).isZero();
    assertThat(histogram.stdout().lines().map(line -> line.strip().split("\\s+"))
        .filter(fields -> fields.length >= 4).map(fields -> fields[3]))
        .doesNotContain("dev.overclock.bootstrap.MemoHit", "dev.overclock.memo.MemoMethod",
            "dev.overclock.memo.MemoRecorders", "dev.overclock.prometheus.PrometheusEndpoint");
    assertThat(target.stderr()).doesNotContain("WARNING", "Exception", "Sharing is only supported");
  }

  @ResourceLock(value = TARGETS, mode = ResourceAccessMode.READ)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void top_underAPseudoTerminal_redrawsInPlace_fittedToTheTerminal(Jdk jdk) {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(Files.isExecutable(script), "needs util-linux script(1) for a pseudo-terminal");
    RunningJvm target = fixture.target(jdk, "top-pty", "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());
    assertThat(cli(jdk, "attach", pid, "summary=false", "auto=off", ACCEPT_FULL_RECOMPILE)
        .exitCode()).isZero();
    demoRun(target);

    // A 60x12 terminal: the size comes from the terminal itself (stty), not from COLUMNS/LINES.
    String command = "stty cols 60 rows 12 && exec " + jdk.java() + " -jar "
        + dev.overclock.it.support.JvmLauncher.AGENT_JAR + " top " + pid + " --iterations 3";
    RunResult top = dev.overclock.it.support.JvmLauncher.program(script)
        .args("-q", "-e", "-c", command, "/dev/null")
        .env("COLUMNS", "").env("LINES", "").named("cli-top-pty").timeoutSeconds(120).run();

    assertThat(top.exitCode()).as(top.describe()).isZero();
    String[] frames = top.stdout().split("\u001b\\[H\u001b\\[2J", -1);
    assertThat(frames).as(top.describe()).hasSize(4); // nothing before the first clear, 3 frames
    assertThat(frames[0].strip()).isEmpty();
    for (int i = 1; i < frames.length; i++) {
      List<String> lines = frames[i].lines().map(line -> line.replace("\r", ""))
          .filter(line -> !line.isEmpty()).toList();
      assertThat(lines.get(0)).startsWith("overclock top  pid " + pid);
      assertThat(lines).as(frames[i]).hasSizeLessThanOrEqualTo(12)
          .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(60));
      // 7 timed methods, 6 rows fit under the header lines
      assertThat(lines.get(lines.size() - 1)).isEqualTo("... 1 more");
    }
    assertThat(frames[3]).contains("calls/s");
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
  }

  /** A port nothing listens on now. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Nothing answers on the port, and it can be bound again. */
  private static void assertPortReleased(int port) throws IOException {
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("connecting to port " + port).isInstanceOf(ConnectException.class);
    try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  /** The body of {@code GET /metrics}. */
  private static String scrape(int port) throws IOException {
    HttpURLConnection connection = (HttpURLConnection)
        URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
    connection.setConnectTimeout(30_000);
    connection.setReadTimeout(60_000);
    try (InputStream body = connection.getInputStream()) {
      assertThat(connection.getResponseCode()).isEqualTo(200);
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  @ResourceLock(value = TARGETS, mode = ResourceAccessMode.READ)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void agentStartedWithJavaagent_opensItsChannelOnRequest_andDetaches(Jdk jdk) {
    RunningJvm target = fixture.target(jdk, "premain", "-XX:+EnableDynamicAgentLoading",
        "-javaagent:" + dev.overclock.it.support.JvmLauncher.AGENT_JAR + "=summary=false,auto=off");
    String pid = Long.toString(target.pid());
    RunResult during = demoRun(target);

    RunResult status = cli(jdk, "status", pid);
    assertThat(status.exitCode()).as(status.describe()).isZero();
    assertThat(status.stdout()).contains("(premain)", "health: 7 methods in 7 classes instrumented");
    assertThat(rows(status.stdout()).get("com.acme.shop.PricingEngine::quote")[0])
        .isEqualTo(during.calls().get("com.acme.shop.PricingEngine::quote"));

    // overhead.firsttier: once the live stream runs, its compiler directives are on the JVM's
    // stack (as jcmd lists them); detach takes them out with the stream
    assertThat(directives(jdk, pid, true)).contains("dev/overclock/jvm/*.*", "jdk/jfr/consumer/*.*",
        "jdk/jfr/internal/LongMap.*");

    RunResult detach = cli(jdk, "detach", pid);
    assertThat(detach.exitCode()).as(detach.describe()).isZero();
    assertThat(probe(target)).isZero();
    assertThat(threads(target)[1]).isZero();
    assertThat(directives(jdk, pid, false)).doesNotContain("dev/overclock/", "LongMap");
    // A later attach starts afresh, in the JVM the -javaagent start has left.
    RunResult attach = cli(jdk, "attach", pid);
    assertThat(attach.stdout()).contains("Overclock started in pid " + pid);
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
  }

  // On the newest JDK only (20 s a JDK): what the cycles check, the agent's own threads, classes
  // and recorders after detach, is the agent's logic; attach and detach themselves run on every
  // JDK in the other tests of this class.
  @ResourceLock(value = TARGETS, mode = ResourceAccessMode.READ)
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#newest")
  void tenAttachDetachCycles_leaveNoThreadsClassesOrRecordersBehind(Jdk jdk) {
    RunningJvm target = fixture.target(jdk, "cycles", "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());
    Map<String, String> baseline = Baselines.demoWithoutAgent(jdk).checksums();
    int[] threadsAfterFirst = null;
    Map<String, Long> agentAfterFive = null;
    // Ten cycles, footprint after five and after ten: an attach that loaded the agent again would
    // add its ~1,200 classes each time, so five more cycles show any such growth many times over.
    for (int cycle = 1; cycle <= 10; cycle++) {
      // Every feature that starts something: report thread, memoization, Prometheus endpoint.
      RunResult attach = cli(jdk, "attach", pid,
          "summary=false,report.interval=100ms,prometheus.port=0", ACCEPT_FULL_RECOMPILE);
      assertThat(attach.exitCode()).as("cycle " + cycle + "\n" + attach.describe()).isZero();
      if (cycle == 1 || cycle % 5 == 0) {
        assertThat(demoRun(target).checksums()).as("cycle " + cycle).isEqualTo(baseline);
      }
      RunResult detach = cli(jdk, "detach", pid);
      assertThat(detach.exitCode()).as("cycle " + cycle + "\n" + detach.describe()).isZero();
      assertThat(threads(target)[1]).as("overclock threads after cycle " + cycle).isZero();
      if (cycle == 1) {
        threadsAfterFirst = threads(target);
      }
      if (cycle == 5) {
        // Not after the first cycle: which of the agent's classes load depends on what a cycle
        // got to do (a JFR stream that had not started by the detach loads none of its ~30).
        agentAfterFive = agentFootprint(jdk, pid);
      }
    }
    assertThat(target.isAlive()).isTrue();
    assertThat(demoRun(target).checksums()).isEqualTo(baseline);
    assertThat(probe(target)).isZero();
    assertThat(threads(target)[0]).isLessThanOrEqualTo(threadsAfterFirst[0]);
    Map<String, Long> agentAfterLast = agentFootprint(jdk, pid);
    System.out.println("agent footprint in " + jdk + " after 5 cycles " + agentAfterFive
        + ", after 10 " + agentAfterLast);
    // No growth with the cycles: each attach that loaded the agent again would add its ~1,200
    // classes, and each that kept its parts alive hundreds of objects; a path taken late may
    // still load a few classes, and live objects vary a little with what was last running.
    long classes = agentAfterFive.get("classes");
    assertThat(agentAfterLast.get("classes")).isLessThanOrEqualTo(classes + classes / 20);
    long instances = agentAfterFive.get("instances");
    assertThat(agentAfterLast.get("instances")).isLessThanOrEqualTo(instances + instances / 10);
    assertThat(target.stderr().lines().filter(line -> line.contains(" started (attach")))
        .hasSize(10);
  }

  /**
   * The JVM's compiler directives as {@code jcmd Compiler.directives_print} lists them; with
   * {@code untilOurs}, asked again (up to 60 s) until the agent's is among them: it is added when
   * the live stream starts, after the application's start.
   */
  private static String directives(Jdk jdk, String pid, boolean untilOurs) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (true) {
      RunResult print = dev.overclock.it.support.JvmLauncher.tool(jdk, "jcmd")
          .args(pid, "Compiler.directives_print").named("jcmd-directives").run();
      assertThat(print.exitCode()).as(print.describe()).isZero();
      if (!untilOurs || print.stdout().contains("dev/overclock/")
          || System.nanoTime() - deadline > 0) {
        return print.stdout();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return print.stdout();
      }
    }
  }

  /**
   * The agent's classes loaded in the target ({@code jcmd VM.class_hierarchy}) and its live
   * objects after a full collection ({@code jcmd GC.class_histogram}).
   */
  private static Map<String, Long> agentFootprint(Jdk jdk, String pid) {
    RunResult hierarchy = dev.overclock.it.support.JvmLauncher.tool(jdk, "jcmd")
        .args(pid, "VM.class_hierarchy").named("jcmd-classes").run();
    assertThat(hierarchy.exitCode()).as(hierarchy.describe()).isZero();
    RunResult histogram = dev.overclock.it.support.JvmLauncher.tool(jdk, "jcmd")
        .args(pid, "GC.class_histogram").named("jcmd-histogram").run();
    assertThat(histogram.exitCode()).as(histogram.describe()).isZero();
    long classes = hierarchy.stdout().lines().filter(line -> line.contains("dev.overclock.")).count();
    long instances = 0;
    Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+).*$");
    for (String line : histogram.stdout().lines().toList()) {
      Matcher matcher = row.matcher(line);
      if (matcher.matches() && matcher.group(2).startsWith("dev.overclock.")
          && !matcher.group(2).startsWith("dev.overclock.bootstrap.")) {
        instances += Long.parseLong(matcher.group(1));
      }
    }
    assertThat(classes).isPositive();
    Map<String, Long> footprint = new HashMap<>();
    footprint.put("classes", classes);
    footprint.put("instances", instances);
    return footprint;
  }

  /** The rows of a status table by method: calls and errors. */
  static Map<String, long[]> rows(String stdout) {
    Map<String, long[]> rows = new HashMap<>();
    for (String line : stdout.lines().toList()) {
      Matcher matcher = ROW.matcher(line);
      if (matcher.matches()) {
        rows.put(matcher.group(1),
            new long[] {Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))});
      }
    }
    return rows;
  }
}

package dev.overclock.it.executors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Chromium;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.executors.PoolsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code offload.executors=virtual} in real JVMs: the fixture {@link PoolsApp} makes pools as
 * applications do and prints its results (identical with and without the agent) and where its
 * tasks ran. On JDK 21+ waiting pools move to virtual threads and the rest stay; on JDK 17 nothing
 * changes and one line says so. No wall-clock time is asserted (the build machine is shared).
 *
 * <p>Every run is a JVM of its own (shared through {@code CACHE}). The class runs alone (isolated):
 * its figures and decisions depend on the CPU it gets, so no other test runs beside it (see the
 * pom's {@code it.parallel}).
 */
@Isolated
class VirtualExecutorsIT {

  private static final Pattern RESULT = Pattern.compile("^result (\\S+) (.*)$", Pattern.MULTILINE);
  private static final Pattern POOL =
      Pattern.compile("^pool (\\S+) virtual=(\\S+)(.*)$", Pattern.MULTILINE);
  private static final List<String> SCENARIOS =
      List.of("blocking", "shared", "cpu", "single", "rejection", "uncaught", "exit");
  private static final Map<String, RunResult> CACHE = new ConcurrentHashMap<>();

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  private static RunResult run(Jdk jdk, boolean agent) {
    return CACHE.computeIfAbsent((agent ? "agent-" : "plain-") + jdk.feature(), k -> {
      JvmLauncher launcher = JvmLauncher.java(jdk);
      if (agent) {
        launcher = launcher.agent("offload.executors=virtual,jfr=false,summary=false");
      }
      return launcher
          .args("-cp", JvmLauncher.TEST_CLASSES.toString(), PoolsApp.class.getName())
          .args(SCENARIOS.toArray(String[]::new))
          .named("executors-" + k).timeoutSeconds(180).run();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void results_areIdenticalWithAndWithoutTheAgent(Jdk jdk) {
    RunResult plain = run(jdk, false);
    RunResult agent = run(jdk, true);

    assertThat(plain.exitCode()).as(plain.describe()).isZero();
    assertThat(agent.exitCode()).as(agent.describe()).isZero();
    Map<String, String> results = results(agent);
    assertThat(results).as(agent.describe()).isEqualTo(results(plain));
    assertThat(results)
        .containsEntry("blocking-terminated", "true")
        .containsEntry("single-ordered", "true")
        .containsEntry("rejection-accepted", "4")
        .containsEntry("rejection-first-rejected", "5")
        .containsEntry("rejection-after-shutdown", "rejected")
        .containsEntry("rejection-terminated", "true")
        .containsEntry("uncaught", "boom on orders-thread true")
        .containsEntry("shared-core-size", "8")
        // main returned while these ran: the JVM waited for them, as for platform threads
        .containsEntry("exit-late-tasks-done", "4");
    assertThat(Integer.parseInt(results.get("shared-most-inside"))).isLessThanOrEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void waitingPools_moveToVirtualThreads_andTheOthersStay(Jdk jdk) throws Exception {
    RunResult agent = run(jdk, true);
    Map<String, String> pools = pools(agent);
    String feature =
        agent.reportJson().path("agent").path("features").path("offload.executors").asText();
    if (jdk.feature() < 21) {
      assertThat(feature).isEqualTo("off (JDK " + jdk.feature() + " has no virtual threads)");
      assertThat(pools.values()).as(agent.describe()).containsOnly("false");
      assertThat(agent.stderr()).contains("offload.executors=virtual: JDK " + jdk.feature()
          + " has no virtual threads");
      return;
    }
    // blocking, shared, rejection, uncaught, exit; cpu; single
    assertThat(feature).isEqualTo("virtual, 7 pools: 5 moved to virtual threads, 1 CPU-bound,"
        + " 1 one task at a time");
    assertThat(pools).as(agent.describe())
        .containsEntry("blocking", "true")
        .containsEntry("shared", "true")
        .containsEntry("rejection", "true")
        .containsEntry("uncaught", "true")
        .containsEntry("exit", "true")
        .containsEntry("cpu", "false")
        .containsEntry("single", "false");
    // the virtual threads carry the names the pool's own factory gives
    assertThat(agent.stdout()).containsPattern("pool blocking virtual=true name=pool-\\d+-thread-\\d+");
    assertThat(agent.stderr())
        .containsPattern("pool fixtureapp\\.executors\\.PoolsApp::blocking line \\d+"
            + " \\(Executors\\.newFixedThreadPool\\) runs new tasks on virtual threads: blocking")
        .containsPattern("PoolsApp::cpu line \\d+ \\(Executors\\.newFixedThreadPool\\) runs new"
            + " tasks on platform threads: CPU-bound")
        .containsPattern("PoolsApp::single line \\d+ \\(Executors\\.newFixedThreadPool\\) stays on"
            + " platform threads: it runs one task at a time");
  }

  /**
   * The report's {@code pools} section: every pool with its creation site and configured size,
   * where its tasks ran and why, and what they did. On JDK 17 the pools are listed, nothing
   * changed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theReport_listsEachPool_withItsSiteModeAndFigures(Jdk jdk) throws Exception {
    RunResult agent = run(jdk, true);
    assertThat(agent.exitCode()).as(agent.describe()).isZero();
    Map<String, JsonNode> pools = new TreeMap<>();
    for (JsonNode pool : agent.reportJson().path("pools")) {
      pools.put(pool.path("methodName").asText(), pool);
    }
    assertThat(pools).as(agent.describe())
        .containsKeys("blocking", "shared", "cpu", "single", "rejection", "uncaught", "exit");
    JsonNode blocking = pools.get("blocking");
    assertThat(blocking.path("className").asText()).isEqualTo(PoolsApp.class.getName());
    assertThat(blocking.path("line").asInt()).isPositive();
    assertThat(blocking.path("factory").asText()).isEqualTo("Executors.newFixedThreadPool");
    assertThat(blocking.path("site").asText()).startsWith(PoolsApp.class.getName() + "::blocking line ");
    assertThat(blocking.path("configured").path("coreSize").asInt()).isEqualTo(8);
    assertThat(blocking.path("configured").path("queueCapacity").isNull()).isTrue();
    assertThat(blocking.path("taskNanos").path("count").asLong()).isPositive();
    // its tasks sleep: the sampled ones spent most of their time off the CPU
    assertThat(blocking.path("evidence").path("sampledTasks").asInt()).isPositive();
    assertThat(blocking.path("evidence").path("waitedTasks").asInt()).isPositive();
    assertThat(pools.get("shared").path("factory").asText()).isEqualTo("new ThreadPoolExecutor");
    JsonNode single = pools.get("single");
    assertThat(single.path("mode").asText()).isEqualTo("platform");
    assertThat(single.path("reason").asText())
        .isEqualTo("runs one task at a time: its order may be relied on");
    if (jdk.feature() < 21) {
      for (JsonNode pool : pools.values()) {
        assertThat(pool.path("mode").asText()).as(pool.toString()).isEqualTo("platform");
        assertThat(pool.path("virtualTasks").asLong()).as(pool.toString()).isZero();
      }
      assertThat(blocking.path("reason").asText()).isEqualTo(
          "JDK " + jdk.feature() + " has no virtual threads (21+): nothing changed");
      assertThat(blocking.path("platformTasks").asLong()).isPositive();
      return;
    }
    assertThat(blocking.path("mode").asText()).isEqualTo("virtual");
    assertThat(blocking.path("reason").asText()).startsWith("blocking: the first 4 tasks");
    assertThat(blocking.path("virtualTasks").asLong()).isPositive();
    assertThat(blocking.path("queueWaitNanos").path("count").asLong()).isPositive();
    assertThat(blocking.path("limit").path("lowest").asInt()).isEqualTo(8);
    assertThat(blocking.path("evidence").path("blockedShare").asDouble()).isGreaterThan(0.5);
    JsonNode cpu = pools.get("cpu");
    assertThat(cpu.path("mode").asText()).isEqualTo("platform");
    assertThat(cpu.path("reason").asText()).startsWith("CPU-bound");
    assertThat(cpu.path("virtualTasks").asLong()).isZero();
  }

  /**
   * {@code auto=optimize} without {@code offload.executors}: a pool moves only on evidence, its
   * tasks waiting and tasks queued for its threads (400 calls given at once to 8 threads); the
   * CPU-bound pool stays; results are those of the plain run.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("virtualJdks")
  @ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)
  void autoOptimize_movesAPoolOnEvidenceOnly(Jdk jdk) throws Exception {
    RunResult run = JvmLauncher.java(jdk).fullJit()
        .agent("auto=optimize,jfr=false,summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), PoolsApp.class.getName(), "blocking",
            "cpu")
        .named("executors-optimize-" + jdk.feature()).timeoutSeconds(120).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(results(run).get("blocking-sum")).isEqualTo(results(run(jdk, false)).get("blocking-sum"));
    assertThat(pools(run)).as(run.describe())
        .containsEntry("blocking", "true")
        .containsEntry("cpu", "false");
    assertThat(run.reportJson().path("agent").path("features").path("offload.executors").asText())
        .startsWith("virtual on evidence (auto=optimize), 2 pools: 1 moved to virtual threads,"
            + " 1 CPU-bound");
    Map<String, JsonNode> pools = new TreeMap<>();
    for (JsonNode pool : run.reportJson().path("pools")) {
      pools.put(pool.path("methodName").asText(), pool);
    }
    // "the first 4 tasks", or, when its own threads sufficed at first (a slow start on a loaded
    // machine) and the probe measured again, "N sampled tasks"; on a saturated machine the gain
    // check may have taken the move back, and the pool then says why (checked with the audit below).
    String blockingReason = pools.get("blocking").path("reason").asText();
    if (!blockingReason.startsWith("moved back: ")) {
      assertThat(blockingReason)
          .matches("blocking: (the first 4 tasks|\\d+ sampled tasks) spent .*")
          .endsWith("and tasks waited in its queue for a free thread");
    }
    assertThat(pools.get("cpu").path("reason").asText()).startsWith("CPU-bound");
    // A move its gain check found paid is written down to keep, and only then (on a saturated
    // machine the check may still be running at exit, or take the move back).
    Path permanent = run.reportDir().resolve("optimize.properties");
    boolean paid = pools.get("blocking").path("movePaid").asBoolean();
    assertThat(Files.exists(permanent) && Files.readString(permanent)
        .contains("\noffload.executors=virtual\n")).as(run.describe()).isEqualTo(paid);
    assertThat(pools.get("cpu").path("movePaid").asBoolean()).isFalse();

    // The move is audited in optimizations[] (the CPU-bound pool, never moved, is not): applied
    // with the gain its check measured, or, when the check found none, undone with the reason.
    List<JsonNode> moves = poolChanges(run);
    assertThat(moves).as(run.describe()).hasSize(1);
    JsonNode move = moves.get(0);
    assertThat(move.path("key").asText()).isEqualTo(pools.get("blocking").path("site").asText());
    assertThat(move.path("name").asText()).isEqualTo("fixtureapp.executors.PoolsApp::blocking");
    assertThat(move.path("pool").path("size").asInt()).isEqualTo(8);
    assertThat(move.path("pool").path("movedAt").asText()).isNotEmpty();
    assertThat(move.path("pool").path("platformPerSecond").asDouble()).isPositive();
    if (!move.path("state").asText().equals("undone")) {
      assertThat(blockingReason).doesNotStartWith("moved back: ");
    }
    if (paid) {
      assertThat(move.path("state").asText()).isEqualTo("applied");
      assertThat(move.path("pool").path("verdict").asText()).isEqualTo("proven");
      assertThat(move.path("reason").asText()).as(run.describe())
          .matches("moved to virtual threads: blocking: (the first 4 tasks|\\d+ sampled tasks)"
              + " spent .*").contains("; paid: ");
      JsonNode gain = move.path("pool").path("gain");
      assertThat(gain.isNull() || gain.asDouble() > 0).as(gain.toString()).isTrue();
      assertThat(move.path("undoneBecause").isNull()).isTrue();
      assertThat(Files.readString(permanent)).contains("PoolsApp::blocking:");
    } else if (move.path("state").asText().equals("applied")) { // check still running at exit
      assertThat(move.path("pool").path("verdict").asText()).isEqualTo("waiting");
    } else { // a saturated machine: the check found no gain
      assertThat(move.path("state").asText()).isEqualTo("undone");
      assertThat(blockingReason).startsWith("moved back: virtual threads did not pay (");
      assertThat(move.path("undoneBecause").asText()).isNotEmpty();
      assertThat(move.path("reason").asText())
          .isEqualTo(pools.get("blocking").path("reason").asText());
    }
    if (Chromium.find().isPresent()) { // report.html's Automatic optimization table shows it
      assertThat(Chromium.dumpDom(run.reportDir().resolve("report.html")))
          .contains("<section id=\"optimizations\"")
          .containsPattern("<tr class=\"opt-row\" data-method=\"fixtureapp\\.executors\\.PoolsApp"
              + "::blocking\" data-key=\"[^\"]*\" data-state=\"" + move.path("state").asText()
              + "\" data-change=\"pool\"");
    }
  }

  /** The report's {@code optimizations[]} entries of thread pools ({@code change} {@code pool}). */
  private static List<JsonNode> poolChanges(RunResult run) throws Exception {
    List<JsonNode> moves = new java.util.ArrayList<>();
    for (JsonNode change : run.reportJson().path("optimizations")) {
      if (change.path("change").asText().equals("pool")) {
        moves.add(change);
      }
    }
    return moves;
  }

  /**
   * {@code auto=optimize}: a pool whose tasks wait and queue moves, but they all queue on one
   * shared permit, so virtual threads end them no faster: the gain check puts the pool back on
   * platform threads, with the reason in the log, the pool's report section and the feature that
   * {@code status} shows; results are those of the plain run.
   *
   * <p>The fixture's first 4 calls come one after the other, slower than the permit's 20/s: the
   * gain check's baseline, the pool's rate while saturated, leaves them out (counted from the
   * pool's first task it read 16-17/s on a busy machine, and the move "paid" 1.17-1.30x). The
   * check's figures are not asserted beyond the move back they led to (no wall-clock time is
   * asserted). It runs alone (its class is {@code @Isolated}): it compares two throughputs.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("virtualJdks")
  @ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)
  void autoOptimize_movesAPoolBack_whenVirtualThreadsDoNotPay(Jdk jdk) throws Exception {
    RunResult run = JvmLauncher.java(jdk).fullJit()
        .agent("auto=optimize,jfr=false,summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), PoolsApp.class.getName(), "nogain")
        .named("executors-nogain-" + jdk.feature()).timeoutSeconds(120).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    // 0 + 1 + ... + 149, as without the agent
    assertThat(results(run)).as(run.describe()).containsEntry("nogain-sum", "11175");
    assertThat(pools(run)).as(run.describe())
        .containsEntry("nogain-moved", "true")
        .containsEntry("nogain-after", "false");
    assertThat(run.stderr())
        .containsPattern("PoolsApp::nogain line \\d+ \\(Executors\\.newFixedThreadPool\\) runs new"
            + " tasks on virtual threads: blocking")
        .containsPattern("PoolsApp::nogain line \\d+ \\(Executors\\.newFixedThreadPool\\) runs new"
            + " tasks on platform threads: moved back: virtual threads did not pay \\(");
    assertThat(run.reportJson().path("agent").path("features").path("offload.executors").asText())
        .isEqualTo("virtual on evidence (auto=optimize), 1 pool: 1 moved to virtual threads,"
            + " 0 CPU-bound, 0 one task at a time, 1 back on platform threads (no gain)");
    JsonNode pool = null;
    for (JsonNode each : run.reportJson().path("pools")) {
      if (each.path("methodName").asText().equals("nogain")) {
        pool = each;
      }
    }
    assertThat(pool).as(run.describe()).isNotNull();
    assertThat(pool.path("mode").asText()).isEqualTo("platform");
    assertThat(pool.path("reason").asText())
        .startsWith("moved back: virtual threads did not pay (")
        .contains(" tasks/s on virtual threads against ")
        .endsWith("); new tasks run on platform threads");
    assertThat(pool.path("virtualTasks").asLong()).isPositive();
    // the 8 calls after the batch ran on platform threads again
    assertThat(pool.path("platformTasks").asLong()).isGreaterThanOrEqualTo(8);
    assertThat(pool.path("movePaid").asBoolean()).isFalse();
    assertThat(run.reportDir().resolve("optimize.properties")).doesNotExist();

    // The move and the move back are audited in optimizations[]: undone, no gain, with the
    // reason and both rates of the check that found it.
    List<JsonNode> moves = poolChanges(run);
    assertThat(moves).as(run.describe()).hasSize(1);
    JsonNode move = moves.get(0);
    assertThat(move.path("key").asText()).isEqualTo(pool.path("site").asText());
    assertThat(move.path("name").asText()).isEqualTo("fixtureapp.executors.PoolsApp::nogain");
    assertThat(move.path("state").asText()).isEqualTo("undone");
    assertThat(move.path("undoneBecause").asText()).isEqualTo("no-gain");
    assertThat(move.path("reason").asText()).isEqualTo(pool.path("reason").asText());
    assertThat(move.path("pool").path("verdict").asText()).isEqualTo("refuted");
    assertThat(move.path("pool").path("size").asInt()).isEqualTo(4);
    assertThat(move.path("pool").path("platformPerSecond").asDouble()).isPositive();
    assertThat(move.path("pool").path("virtualPerSecond").isNumber()).isTrue();
    assertThat(move.path("pool").path("gain").asDouble()).isLessThan(1.2); // what refuted it
    assertThat(move.path("perCallNanosBefore").asDouble()).isPositive();
    assertThat(move.path("perCallNanosAfter").asDouble()).isPositive();
  }

  /** The HTML page draws the same section: one row per pool, with its site and mode. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("virtualJdks")
  void theHtmlPage_showsTheThreadPools(Jdk jdk) throws Exception {
    Chromium.require();
    RunResult agent = run(jdk, true);
    String dom = Chromium.dumpDom(agent.reportDir().resolve("report.html"));
    assertThat(dom).contains("<section id=\"pools\"", "Thread pools")
        .containsPattern("<tr class=\"pool-row has-note\" data-site=\"fixtureapp\\.executors"
            + "\\.PoolsApp::blocking line \\d+ \\(Executors\\.newFixedThreadPool\\)\" data-mode=\"virtual\"")
        .containsPattern("data-site=\"fixtureapp\\.executors\\.PoolsApp::cpu line \\d+ [^\"]*\""
            + " data-mode=\"platform\"");
  }

  static List<Jdk> virtualJdks() {
    return Jdks.all().stream().filter(jdk -> jdk.feature() >= 21).toList();
  }

  /**
   * A task that blocks in a class initializer pins its virtual thread (JDK 21 to 25 alike; before
   * JDK 24 {@code synchronized} did too): the pool goes back to platform threads for new tasks,
   * with the frame that pinned.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("virtualJdks")
  void aPinnedPool_goesBackToPlatformThreads(Jdk jdk) {
    RunResult run = JvmLauncher.java(jdk).agent("offload.executors=virtual,jfr=false,summary=false")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), PoolsApp.class.getName(), "pinning")
        .named("executors-pinning-" + jdk.feature()).timeoutSeconds(120).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(results(run)).containsEntry("pinning-value", "7");
    assertThat(pools(run)).as(run.describe())
        .containsEntry("pinning-before", "true")
        .containsEntry("pinning-after", "false");
    assertThat(run.stderr()).containsPattern("PoolsApp::pinning line \\d+"
        + " \\(Executors\\.newFixedThreadPool\\) runs new tasks on platform threads: pinned: a task"
        + " blocked [0-9.]+ ms on a virtual thread it could not leave, at"
        + " fixtureapp\\.executors\\.PoolsApp\\$SlowInit\\.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void withoutTheOption_nothingMoves(Jdk jdk) {
    RunResult plain = run(jdk, false);
    assertThat(pools(plain).values()).as(plain.describe()).containsOnly("false");
  }

  private static Map<String, String> results(RunResult run) {
    Map<String, String> results = new TreeMap<>();
    Matcher m = RESULT.matcher(run.stdout());
    while (m.find()) {
      results.put(m.group(1), m.group(2).trim());
    }
    return results;
  }

  private static Map<String, String> pools(RunResult run) {
    Map<String, String> pools = new TreeMap<>();
    Matcher m = POOL.matcher(run.stdout());
    while (m.find()) {
      pools.put(m.group(1), m.group(2));
    }
    return pools;
  }
}

package dev.overclock.it.optimize;

import static dev.overclock.it.support.LiveReports.named;
import static dev.overclock.it.support.LiveReports.readNow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Await;
import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.known.LoopCase;
import fixtureapp.known.MemoizeCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;

/**
 * {@code auto=optimize} memoizes on its own (issue 14), on two programs of the known-answer
 * corpus: {@link MemoizeCase}, whose pure hot method repeats 16 argument pairs, must be memoized
 * with its results unchanged (the checksum the program prints equals the one its rounds give
 * without any agent) and calls served from the cache; {@link LoopCase}, whose hot method never
 * sees the same argument twice, must never be memoized. The overhead budget is off: on a busy
 * machine the governor would otherwise shed the argument sampling the evidence comes from.
 *
 * <p>Once {@code MemoizeCase::quote}'s change is applied and its gain decided, the command line
 * detaches the agent from the running program (issue 14: {@code detach} removes every applied
 * change), and the program shows it: after the loop, every call of {@code quote} computes its
 * result even with a sink in the bridge that would answer each one from a "cache", and none
 * reaches it ({@link fixtureapp.known.AdviceProbe}).
 */
@Isolated
class AutoOptimizeIT {

  private static final Jdk JDK = Jdks.current();
  private static final String OPTIONS = "auto=optimize,auto.window=1s,jfr.sampleinterval=10ms,"
      + "report.interval=500ms,summary=false,overhead.budget=off";
  private static final int MAX_SECONDS = 60;
  private static final String QUOTE = "fixtureapp.known.MemoizeCase::quote";
  private static final Pattern DONE = Pattern.compile("done (\\d+) checksum (-?\\d+)");
  private static final Pattern DETACHED = Pattern.compile("Overclock detached from pid \\d+:"
      + " original bytecode of (\\d+) class(es)? restored, its threads stopped");
  private static final Map<String, BackgroundProcess> RUNNING = new ConcurrentHashMap<>();
  private static final Map<String, Path> STOPS = new ConcurrentHashMap<>();

  @Test
  void pureHotMethodWithRepeatingArguments_isMemoizedOnItsOwn_withResultsUnchanged()
      throws Exception {
    RunResult run = live(MemoizeCase.class, report -> {
      JsonNode change = named(report.path("optimizations"), QUOTE);
      JsonNode memo = named(report.path("memoized"), QUOTE);
      // served from the cache, and the gain test decided (proven, or refuted and undone)
      return change != null && memo != null && memo.path("hits").asLong() > 0
          && (change.path("state").asString().equals("undone")
              || change.path("gain").path("verdict").asString().equals("proven"));
    }, AutoOptimizeIT::detach);
    // The report as the detach wrote it, its last (the program ran on without the agent).
    JsonNode report = run.reportJson();
    assertThat(report.path("complete").asBoolean()).isTrue();

    JsonNode change = named(report.path("optimizations"), QUOTE);
    assertThat(change).as(report.path("optimizations").toString()).isNotNull();
    assertThat(change.path("change").asString()).isEqualTo("memoize");
    assertThat(change.path("state").asString()).isEqualTo("applied");
    assertThat(change.path("reason").asString()).contains("the purity gate passed it");
    JsonNode memo = named(report.path("memoized"), QUOTE);
    assertThat(memo.path("selectedBy").asString()).isEqualTo("auto");
    assertThat(memo.path("state").asString()).isEqualTo("active");
    assertThat(memo.path("hits").asLong()).as("calls served from the cache").isPositive();
    assertThat(memo.path("verifyChecks").asLong()).isGreaterThanOrEqualTo(32);
    assertThat(memo.path("verifyFailures").asLong()).isZero();
    // The gain proven by the rank test (about 4x here), so the change is written down to keep.
    assertThat(change.path("gain").path("verdict").asString()).as(change.toString())
        .isEqualTo("proven");
    assertThat(change.path("gain").path("pValue").asDouble()).isLessThan(0.01);
    Path permanent = run.workDir().resolve("overclock-report").resolve("optimize.properties");
    assertThat(Files.readString(permanent)).contains("\nmemoize=" + QUOTE + "\n",
        "memoize." + QUOTE + ".maxSize=");
    // main runs the loop: it is no candidate (no repeating arguments, nothing to cache).
    assertThat(named(report.path("memoized"), "fixtureapp.known.MemoizeCase::main")).isNull();

    // Results unchanged: the checksum of the rounds run, as the method computes them unmemoized.
    Matcher done = DONE.matcher(run.stdout());
    assertThat(done.find()).as(run.stdout()).isTrue();
    long rounds = Long.parseLong(done.group(1));
    assertThat(Long.parseLong(done.group(2))).isEqualTo(checksumWithoutAgent(rounds));

    // Detached: no advice left in quote's class, so every call computes its result again.
    assertThat(run.stdout()).contains("probe quote computed 16 of 16, bridge calls 0\n");
    assertThat(run.stderr()).contains("[overclock] detached; final report: ");
  }

  /**
   * {@code detach <pid>} with the command line, as a user would, while the program runs: the
   * class it memoized on its own is restored.
   */
  private static void detach(BackgroundProcess app) {
    RunResult detach = JvmLauncher.java(JDK).args("-jar", JvmLauncher.AGENT_JAR.toString(),
        "detach", Long.toString(app.pid())).named("cli-detach").timeoutSeconds(120).run();
    assertThat(detach.exitCode()).as(detach.describe()).isZero();
    Matcher restored = DETACHED.matcher(detach.stdout());
    assertThat(restored.find()).as(detach.describe()).isTrue();
    assertThat(Integer.parseInt(restored.group(1))).as("classes restored").isPositive();
  }

  @Test
  void hotMethodWhoseArgumentsNeverRepeat_isNeverMemoized() throws IOException {
    // Ready once the memoizer could have taken it: its arguments sampled (50 calls are enough
    // for a candidate), and a window after that.
    RunResult run = live(LoopCase.class, report -> {
      JsonNode digest = named(report.path("methods"), "fixtureapp.known.LoopCase::digest");
      return digest != null && digest.path("arguments").path("sampledCalls").asLong() >= 100;
    }, app -> { });
    JsonNode report = run.reportJson();

    assertThat(report.path("memoized").size()).as(report.path("memoized").toString()).isZero();
    for (JsonNode change : report.path("optimizations")) {
      assertThat(change.path("state").asString()).as(change.toString()).isEqualTo("refused");
    }
  }

  /** What MemoizeCase prints after {@code rounds} rounds, computed here by its own method. */
  private static long checksumWithoutAgent(long rounds) throws ReflectiveOperationException {
    Method quote = MemoizeCase.class.getDeclaredMethod("quote", int.class, int.class);
    quote.setAccessible(true);
    long[] values = new long[16];
    for (int round = 0; round < 16; round++) {
      values[round] = (long) quote.invoke(null, round % 8, round % 16 < 8 ? 3 : 5);
    }
    long checksum = 0;
    for (long round = 0; round < rounds; round++) {
      checksum += values[(int) (round % 16)];
    }
    return checksum;
  }

  /**
   * Both programs run at once, from the start: the test's time is the longer run, not both.
   * MemoizeCase allows the command line's detach (an agent started by {@code -javaagent} opens
   * its control channel on request, through the attach mechanism) and probes after its loop.
   */
  @BeforeAll
  static void startBoth() {
    for (Class<?> program : List.of(MemoizeCase.class, LoopCase.class)) {
      String name = program.getSimpleName();
      boolean detached = program == MemoizeCase.class;
      Path stop = JvmLauncher.newWorkDir("optimize-stop-" + name).resolve("stop");
      STOPS.put(name, stop);
      JvmLauncher java = JvmLauncher.java(JDK).fullJit().agent(OPTIONS);
      if (detached) {
        java.args("-XX:+EnableDynamicAgentLoading");
      }
      java.args("-cp", JvmLauncher.TEST_CLASSES.toString(), program.getName(), stop.toString(),
          Integer.toString(MAX_SECONDS));
      if (detached) {
        java.args("probe");
      }
      RUNNING.put(name, java.named("optimize-" + name).start());
    }
  }

  @AfterAll
  static void stopBoth() {
    RUNNING.values().forEach(BackgroundProcess::close);
  }

  /**
   * Waits until the program's live report shows {@code answered} or its time is up, then does
   * {@code then} with it (if it still runs), and stops it.
   */
  private static RunResult live(Class<?> program, Predicate<JsonNode> answered,
      Consumer<BackgroundProcess> then) {
    String name = program.getSimpleName();
    BackgroundProcess app = RUNNING.get(name);
    Path json = app.workDir().resolve("overclock-report").resolve("report.json");
    try {
      Await.until(Duration.ofSeconds(MAX_SECONDS + 30), "the answer in the live report",
          () -> !app.isAlive() || answered.test(readNow(json)) ? Boolean.TRUE : null,
          app::describe);
    } catch (RuntimeException | AssertionError e) {
      // the report at exit is asserted, with its contents in the message
    }
    if (app.isAlive()) {
      then.accept(app);
    }
    try {
      Files.createFile(STOPS.get(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RunResult run = app.awaitExit(Duration.ofSeconds(60));
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("done");
    return run;
  }


}

package dev.overclock.it.known;

import static dev.overclock.it.support.LiveReports.readNow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Await;
import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import fixtureapp.known.BusyServerCase;
import fixtureapp.known.FanOutCase;
import fixtureapp.known.LibraryCase;
import fixtureapp.known.LockCase;
import fixtureapp.known.LoopCase;
import fixtureapp.known.MemoizeCase;
import fixtureapp.known.SleepingMainCase;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The known-answer corpus (issue 13): small programs ({@code fixtureapp.known}), each with the
 * answer the report must give, checked twice: <b>live</b> (the agent in its default, automatic
 * mode, with short windows so that a program of a few seconds is enough) and <b>offline</b> (a
 * recording made without the agent, read by {@code analyze}). Each program runs once per mode;
 * the tests of one program share its runs.
 *
 * <p>A live run ends as soon as its report shows what the answer needs (the program watches a
 * stop file), or after {@link #LIVE_MAX_SECONDS}; the assertions read the report written at exit.
 * Only the JDK running the tests is used: nothing here needs a newer one.
 *
 * <p>Each program's runs are JVMs of their own, made once and shared ({@code LIVE}, {@code
 * OFFLINE}); a test whose run another test is making waits for it. The class runs alone (isolated):
 * its figures and decisions depend on the CPU it gets, so no other test runs beside it (see the
 * pom's {@code it.parallel}). The tests sharing a live run stop it on the same condition, so
 * whichever comes first, the run is the same.
 */
@Isolated
class KnownAnswersIT {

  private static final Jdk JDK = Jdks.current();
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The overhead budget is off: these runs check the detector's and the recommender's answers,
   * and on a machine shared with other test JVMs the governor sheds argument sampling and
   * automatic timing (its job, checked by OverheadBudgetIT), which takes their evidence away.
   */
  private static final String LIVE_OPTIONS = "auto.window=1s,jfr.sampleinterval=10ms,"
      + "report.interval=500ms,summary=false,overhead.budget=off";
  /** Generous: a live run ends as soon as it has the answer, and others run beside it. */
  private static final int LIVE_MAX_SECONDS = 90;
  private static final String RECORDING_SECONDS = "6";
  private static final Map<String, JsonNode> LIVE = new ConcurrentHashMap<>();
  private static final Map<String, JsonNode> OFFLINE = new ConcurrentHashMap<>();

  // ---- (a) a pure CPU-bound method with repeating arguments: memoize ----

  private static final String QUOTE = "fixtureapp.known.MemoizeCase::quote";

  @Test
  void pureMethodWithRepeatingArguments_live_isToBeMemoized() {
    // Ready once its arguments were sampled: the recommendation then has a line to apply.
    JsonNode report = live(MemoizeCase.class, r -> kind(r, QUOTE).equals("memoize")
        && recommendation(r, QUOTE).get("apply").isString());
    assertThat(kind(report, QUOTE)).as(recommendations(report)).isEqualTo("memoize");
    assertThat(recommendation(report, QUOTE).get("text").asString())
        .contains("repeated earlier arguments");
    assertThat(recommendation(report, QUOTE).get("apply").asString())
        .startsWith("@dev.overclock.annotations.Memoize on " + QUOTE);
    assertThat(kind(report, "fixtureapp.known.MemoizeCase::main")).isEmpty();
  }

  @Test
  void pureMethodWithRepeatingArguments_offline_isToBeMemoized() {
    JsonNode report = offline(MemoizeCase.class);
    assertThat(kind(report, QUOTE)).as(recommendations(report)).isEqualTo("memoize");
    assertThat(kind(report, "fixtureapp.known.MemoizeCase::main")).isEmpty();
  }

  // ---- (b) an unbounded fan-out of blocking calls from a small pool: the pool onto virtual
  // threads ----

  private static final String FETCH = "fixtureapp.known.FanOutCase::fetch";

  @Test
  void fanOutFromSmallPool_live_movesThePoolOntoVirtualThreads() {
    JsonNode report = live(FanOutCase.class, r -> poolAdvice(r) != null);
    assertPoolAdvice(report);
  }

  @Test
  void fanOutFromSmallPool_offline_movesThePoolOntoVirtualThreads() {
    JsonNode report = offline(FanOutCase.class);
    assertPoolAdvice(report);
    // ...and by the application frame that started its threads (jdk.ThreadStart). Live, the
    // program starts its pool before the agent's JFR stream is up, so no such event is seen.
    assertThat(poolAdvice(report).get("text").asString())
        .contains("started from fixtureapp.known.FanOutCase::fanOut");
  }

  private static void assertPoolAdvice(JsonNode report) {
    JsonNode pool = poolAdvice(report);
    assertThat(pool).as(recommendations(report)).isNotNull();
    assertThat(pool.get("method").asString()).isEqualTo(FETCH);
    // The pool is named by its threads.
    assertThat(pool.get("text").asString()).contains("pool-1-thread-");
    // fetch returns the value its caller waits for: no @Offload of it, no claimed saving.
    assertThat(kinds(report)).doesNotContainValue("offload");
    assertThat(kind(report, "fixtureapp.known.FanOutCase::fanOut")).isEmpty();
  }

  // ---- (c) a method whose time is lock waiting: investigate the lock, not offload ----

  private static final String RECORD = "fixtureapp.known.LockCase::record";

  @Test
  void lockWaiting_live_isNeverOffloaded() {
    JsonNode report = live(LockCase.class, r -> !kind(r, RECORD).isEmpty());
    assertThat(kinds(report)).doesNotContainValue("offload");
  }

  // record has hardly any execution samples (its threads wait all the time): live, the detector
  // finds it from the blocking events (waiting methods), times it, and recommends.
  @Test
  void lockWaiting_live_isInvestigatedNotOffloaded() {
    JsonNode report = live(LockCase.class, r -> !kind(r, RECORD).isEmpty());
    assertLockAdvice(report);
  }

  @Test
  void lockWaiting_offline_isInvestigatedNotOffloaded() {
    assertLockAdvice(offline(LockCase.class));
  }

  private static void assertLockAdvice(JsonNode report) {
    assertThat(kind(report, RECORD)).as(recommendations(report)).isEqualTo("investigate");
    assertThat(recommendation(report, RECORD).get("text").asString()).contains("lock");
    assertThat(kinds(report)).doesNotContainValue("offload");
  }

  // ---- (d) a long-running loop calling a hot method: the callee, not the loop ----

  private static final String DIGEST = "fixtureapp.known.LoopCase::digest";
  private static final String PUMP = "fixtureapp.known.LoopCase::pump";

  @Test
  void loopCallingHotMethod_live_timesTheCalleeNotTheLoop() {
    JsonNode report = live(LoopCase.class, r -> !kind(r, DIGEST).isEmpty());
    JsonNode digest = ReportAssertions.methodsByName(report).get(DIGEST);
    assertThat(digest).as(report.get("methods").toString()).isNotNull();
    assertThat(digest.get("selectedBy").asString()).isEqualTo("auto");
    assertThat(digest.get("calls").asLong()).isPositive();
    assertThat(kind(report, DIGEST)).as(recommendations(report)).isNotEmpty();
    assertThat(ReportAssertions.methodsByName(report)).doesNotContainKey(PUMP);
    assertThat(kind(report, PUMP)).isEmpty();
  }

  @Test
  void loopCallingHotMethod_offline_recommendsTheCalleeNotTheLoop() {
    JsonNode report = offline(LoopCase.class);
    assertThat(kind(report, DIGEST)).as(recommendations(report)).isNotEmpty();
    assertThat(kind(report, PUMP)).isEmpty();
  }

  // ---- (e) main sleeping while workers run: nothing for main ----

  private static final String CRUNCH = "fixtureapp.known.SleepingMainCase::crunch";
  private static final String SLEEPING_MAIN = "fixtureapp.known.SleepingMainCase::main";

  @Test
  void mainSleepingWhileWorkersRun_live_getsNothing() {
    JsonNode report = live(SleepingMainCase.class, r -> timedWithCalls(r, CRUNCH));
    assertThat(timedWithCalls(report, CRUNCH)).as(report.get("methods").toString()).isTrue();
    assertThat(ReportAssertions.methodsByName(report)).doesNotContainKey(SLEEPING_MAIN);
    assertThat(kind(report, SLEEPING_MAIN)).isEmpty();
  }

  @Test
  void mainSleepingWhileWorkersRun_offline_getsNothing() {
    JsonNode report = offline(SleepingMainCase.class);
    assertThat(kind(report, CRUNCH)).as(recommendations(report)).isNotEmpty();
    assertThat(kind(report, SLEEPING_MAIN)).isEmpty();
  }

  // ---- (f) a library-heavy application: library leaf methods listed, boundary call timed ----

  private static final String ROUND_TRIP = "fixtureapp.known.LibraryCase::roundTrip";

  @Test
  void libraryHeavyApplication_live_listsLibraryLeavesAndTimesTheBoundary() {
    JsonNode report = live(LibraryCase.class, r -> timedWithCalls(r, ROUND_TRIP));
    assertLibraryLeaves(report, true);
    assertThat(timedWithCalls(report, ROUND_TRIP)).as(report.get("methods").toString()).isTrue();
  }

  @Test
  void libraryHeavyApplication_offline_listsLibraryLeavesAndTimesTheBoundary() {
    JsonNode report = offline(LibraryCase.class);
    // Offline, what the application is comes from the recording's class path (the jars are
    // dependencies): Jackson's frames lead to the boundary method, as live.
    assertLibraryLeaves(report, true);
    assertThat(kind(report, ROUND_TRIP)).as(recommendations(report)).isNotEmpty();
  }

  /**
   * Jackson's own methods are listed in the hot-methods table (by samples as the top frame),
   * with the application frame that led there: the boundary method. (Jackson's deep stacks can
   * be cut short at the recording's stack depth, below the boundary method: such an entry names
   * the innermost frame there is instead, so not every entry need name it.)
   */
  private static void assertLibraryLeaves(JsonNode report, boolean ledByBoundaryMethod) {
    JsonNode top = report.get("jvm").get("topMethods");
    List<String> library = new ArrayList<>();
    List<String> ledByBoundary = new ArrayList<>();
    for (int i = 0; i < Math.min(8, top.size()); i++) {
      String name = top.get(i).get("name").asString();
      if (name.startsWith("tools.jackson.")) {
        library.add(name);
        JsonNode frame = top.get(i).get("applicationFrame");
        if (frame != null && frame.isString() && frame.asString().equals(ROUND_TRIP)) {
          ledByBoundary.add(name);
        }
      }
    }
    assertThat(library).as(top.toString()).isNotEmpty();
    if (ledByBoundaryMethod) {
      assertThat(ledByBoundary).as(top.toString()).isNotEmpty();
    }
  }

  // ---- (g) more busy request threads than cores: the CPU-bound handler reads as CPU-bound,
  // the slow remote call beside it is found as the waiting method ----

  private static final String PRICE = "fixtureapp.known.BusyServerCase::price";
  private static final String REMOTE = "fixtureapp.known.BusyServerCase::remoteStock";

  @Test
  void busyRequestThreads_live_cpuBoundHandlerStaysCpuBound() {
    JsonNode report = live(BusyServerCase.class, KnownAnswersIT::busyServerAnswered);
    assertThat(kind(report, PRICE)).as(recommendations(report)).isEqualTo("memoize");
    assertThat(recommendation(report, PRICE).get("apply").isString()).isTrue();
    assertThat(ReportAssertions.methodsByName(report).get(PRICE).get("classification")
        .asString()).isEqualTo("cpu-bound");
    assertThat(kinds(report)).doesNotContainValue("offload");
  }

  // remoteStock waits and is hardly ever in an execution sample: live, the detector finds it from
  // the blocking events (waiting methods) and times it.
  @Test
  void busyRequestThreads_live_remoteCallIsTheWaitingMethod() {
    JsonNode report = live(BusyServerCase.class, KnownAnswersIT::busyServerAnswered);
    assertThat(timedWithCalls(report, REMOTE)).as(report.get("methods").toString()).isTrue();
  }

  /** Both answers of the busy server's live run (its two tests share the run). */
  private static boolean busyServerAnswered(JsonNode report) {
    return kind(report, PRICE).equals("memoize")
        && recommendation(report, PRICE).get("apply").isString() && timedWithCalls(report, REMOTE);
  }

  @Test
  void busyRequestThreads_offline_cpuBoundHandlerStaysCpuBound_remoteCallIsTheWaitingMethod() {
    JsonNode report = offline(BusyServerCase.class);
    assertThat(kind(report, PRICE)).as(recommendations(report)).isEqualTo("memoize");
    assertThat(kind(report, REMOTE)).isEqualTo("investigate");
    assertThat(recommendation(report, REMOTE).get("text").asString()).contains("in sleeps");
    assertThat(kinds(report)).doesNotContainValue("offload");
  }

  // ---- runs ----

  /**
   * The report a live run of the program left at exit: the agent in its default mode; the
   * program stops once {@code answered} holds for its live report (or after {@link
   * #LIVE_MAX_SECONDS}).
   */
  private static JsonNode live(Class<?> program, Predicate<JsonNode> answered) {
    return LIVE.computeIfAbsent(program.getSimpleName(), name -> {
      Path stop = JvmLauncher.newWorkDir("known-stop-" + name).resolve("stop");
      try (BackgroundProcess app = JvmLauncher.java(JDK).fullJit().agent(LIVE_OPTIONS)
          .args("-cp", classPath(), program.getName(), stop.toString(),
              Integer.toString(LIVE_MAX_SECONDS))
          .named("known-live-" + name).start()) {
        Path json = app.workDir().resolve("overclock-report").resolve("report.json");
        try {
          Await.until(Duration.ofSeconds(LIVE_MAX_SECONDS + 30), "the answer in the live report",
              () -> !app.isAlive() || answered.test(readNow(json)) ? Boolean.TRUE : null,
              app::describe);
        } catch (RuntimeException | AssertionError e) {
          // the report at exit is asserted, with its contents in the message
        }
        Files.createFile(stop);
        RunResult run = app.awaitExit(Duration.ofSeconds(60));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("done");
        return run.reportJson();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The programs with an offline answer: their recordings are made together ({@link #offline}). */
  private static final List<Class<?>> RECORDED = List.of(MemoizeCase.class, FanOutCase.class,
      LockCase.class, LoopCase.class, SleepingMainCase.class, LibraryCase.class,
      BusyServerCase.class);

  /**
   * The report of {@code analyze} on a recording of the program made without the agent. The
   * recordings of every program are made on first use, side by side: each program runs {@link
   * #RECORDING_SECONDS} by the clock whatever share of the cores it gets, and JFR samples a thread
   * running Java code whether or not it is on a core at that moment, so what the recording holds
   * (which methods the samples fall in, which threads wait and where) is that program's. Seven
   * recordings for the time of about two.
   */
  private static JsonNode offline(Class<?> program) {
    synchronized (OFFLINE) {
      if (OFFLINE.isEmpty()) {
        recordAndAnalyzeAll();
      }
      JsonNode report = OFFLINE.get(program.getSimpleName());
      assertThat(report).as("no recording of " + program.getName()).isNotNull();
      return report;
    }
  }

  private static void recordAndAnalyzeAll() {
    Map<Class<?>, BackgroundProcess> recording = new LinkedHashMap<>();
    try {
      for (Class<?> program : RECORDED) {
        recording.put(program, JvmLauncher.java(JDK).fullJit()
            .args("-XX:StartFlightRecording:settings=profile,filename=rec.jfr", "-cp",
                classPath(), program.getName(), "-", RECORDING_SECONDS)
            .named("known-record-" + program.getSimpleName()).start());
      }
      for (Map.Entry<Class<?>, BackgroundProcess> entry : recording.entrySet()) {
        RunResult recorded = entry.getValue().awaitExit(Duration.ofSeconds(120));
        assertThat(recorded.exitCode()).as(recorded.describe()).isZero();
        OFFLINE.put(entry.getKey().getSimpleName(),
            analyze(entry.getKey().getSimpleName(), recorded.workDir().resolve("rec.jfr")));
      }
    } finally {
      recording.values().forEach(BackgroundProcess::close);
    }
  }

  private static JsonNode analyze(String name, Path recording) {
    RunResult analysis = JvmLauncher.java(JDK)
        .args("-jar", JvmLauncher.AGENT_JAR.toString(), "analyze", recording.toString(),
            "--json", "r.json", "--no-rules")
        .named("known-analyze-" + name).timeoutSeconds(120).run();
    assertThat(analysis.exitCode()).as(analysis.describe()).isZero();
    try {
      return JSON.readTree(analysis.workDir().resolve("r.json").toFile());
    } catch (RuntimeException e) {
      throw new AssertionError(analysis.describe(), e);
    }
  }

  /** The test classes, and Jackson for the library-heavy program (as dependency jars). */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    entries.add(JvmLauncher.TEST_CLASSES.toString());
    for (Class<?> library : List.of(ObjectMapper.class, tools.jackson.core.JsonParser.class,
        com.fasterxml.jackson.annotation.JsonProperty.class)) {
      try {
        entries.add(Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }


  // ---- reading a report ----

  private static Map<String, String> kinds(JsonNode report) {
    Map<String, String> kinds = new LinkedHashMap<>();
    JsonNode all = report.get("recommendations");
    if (all != null) {
      for (JsonNode recommendation : all) {
        kinds.putIfAbsent(recommendation.get("method").asString(),
            recommendation.get("kind").asString());
      }
    }
    return kinds;
  }

  /** The kind of the method's recommendation, or "" when it has none. */
  private static String kind(JsonNode report, String method) {
    return kinds(report).getOrDefault(method, "");
  }

  private static JsonNode recommendation(JsonNode report, String method) {
    JsonNode all = report.get("recommendations");
    for (JsonNode recommendation : all == null ? JSON.createArrayNode() : all) {
      if (recommendation.get("method").asString().equals(method)) {
        return recommendation;
      }
    }
    throw new AssertionError("no recommendation for " + method + ": " + recommendations(report));
  }

  /** The recommendation to run a pool on virtual threads, or {@code null}. */
  private static JsonNode poolAdvice(JsonNode report) {
    JsonNode all = report.get("recommendations");
    if (all != null) {
      for (JsonNode recommendation : all) {
        JsonNode config = recommendation.get("config");
        if (config != null && config.isString()
            && config.asString().equals("offload.executors=virtual")) {
          return recommendation;
        }
      }
    }
    return null;
  }

  private static boolean timedWithCalls(JsonNode report, String method) {
    JsonNode methods = report.get("methods");
    if (methods == null) {
      return false;
    }
    JsonNode timed = ReportAssertions.methodsByName(report).get(method);
    return timed != null && timed.get("calls").asLong() > 0;
  }

  private static String recommendations(JsonNode report) {
    JsonNode all = report.get("recommendations");
    return all == null ? "(no report)" : all.toPrettyString();
  }
}

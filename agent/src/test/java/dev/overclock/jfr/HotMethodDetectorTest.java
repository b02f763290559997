package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.JfrOptions;
import dev.overclock.instrument.FreshClassLoader;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.instrument.TimedInstrumentation;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.MethodReport;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.RuntimeSelection;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hot-method detection against real retransformation of fixture classes. */
class HotMethodDetectorTest {

  private static final Frame SUM = new Frame("fixture.Hot", "sum", "(I)J", 8);
  private static final Frame LEAF = new Frame("fixture.Hot", "leaf", "(I)I", 16);
  private static final Frame CALLER = new Frame("fixture.Hot", "caller", "(I)I", 21);
  private static final Frame SCAN = new Frame("fixture.Loops", "scan", "(I)I", 10);
  private static final Frame STEP = new Frame("fixture.Loops", "step", "(I)I", 19);
  private static final Frame ONCE = new Frame("fixture.Loops", "once", "(I)I", 26);
  private static final Frame JDK = new Frame("java.util.HashMap", "hash", "(Ljava/lang/Object;)I", 1);
  private static final Frame LIBRARY = new Frame("com.google.common.base.Joiner", "join", "()V", 1);

  private static Instrumentation instrumentation;

  private TimingRecorders recorders;
  private RuntimeSelection additions;
  private MethodSelector selector;
  private Instrumenter instrumenter;
  private Class<?> hot;

  @BeforeAll
  static void installAgent() {
    instrumentation = ByteBuddyAgent.install();
  }

  @BeforeEach
  void setUp() throws ClassNotFoundException {
    setUp(new TimingRecorders(null, 16));
  }

  private void setUp(TimingRecorders timing) throws ClassNotFoundException {
    recorders = timing;
    additions = new RuntimeSelection();
    selector = MethodSelector.timing(List.of(), List.of(), List.of(), additions);
    Dispatcher.setTiming(recorders);
    instrumenter = Instrumenter.install(instrumentation,
        List.of(TimedInstrumentation.weaving(selector, recorders)));
    hot = Class.forName("fixture.Hot", true,
        new FreshClassLoader("fixture."));
  }

  @AfterEach
  void tearDown() {
    instrumenter.reset();
    Dispatcher.setTiming(null);
  }

  private HotMethodDetector detector(int max) {
    JfrOptions options = new JfrOptions(true, Duration.ofMillis(20), Duration.ofMillis(10),
        Duration.ZERO, true, Duration.ofSeconds(5), 0.02, 20, max, Duration.ZERO);
    return new HotMethodDetector(options, selector, instrumenter, recorders, false);
  }

  /**
   * The same window twice: a method is timed once it was a candidate in the window before as
   * well (a phase of one window is not timed).
   */
  private static void hotInTwoWindows(HotMethodDetector detector, SampleWindow window) {
    detector.window(window, List.of());
    detector.window(window, List.of());
  }

  private static SampleWindow window(long samples, SampleWindow.Counted... methods) {
    return new SampleWindow(samples, List.of(methods));
  }

  private static SampleWindow.Counted counted(Frame frame, long self) {
    return new SampleWindow.Counted(frame, self, self + 1);
  }

  @Test
  void hotApplicationMethod_isTimedFromThenOn_andTheReportSaysWhyAndWhen() throws Exception {
    HotMethodDetector detector = detector(50);

    hotInTwoWindows(detector, window(200, counted(SUM, 80)));

    MethodReport.Auto auto = detector.auto(SUM.key());
    assertThat(auto).isNotNull();
    assertThat(auto.state()).isEqualTo("timed");
    assertThat(auto.selfShare()).isEqualTo(0.4);
    assertThat(auto.samples()).isEqualTo(80);
    assertThat(auto.windowSamples()).isEqualTo(200);
    assertThat(call("sum", 1_000)).isEqualTo(15_484_500L);
    MethodSnapshot sum = snapshot("fixture.Hot::sum").orElseThrow();
    assertThat(sum.calls()).isEqualTo(1);
    assertThat(sum.method().selectedBy()).isEqualTo("auto");
    assertThat(detector.added()).isEqualTo(1);
  }

  /**
   * A window where {@code STEP} has 100 of 200 samples as its own, {@code fromCaller} of them
   * through {@code caller}, which has {@code callerSelf} samples of its own.
   */
  private static SampleWindow stepCalledBy(Frame caller, long fromCaller, long callerSelf) {
    return window(200, new SampleWindow.Counted(STEP, 100, 100, 0, caller, fromCaller),
        new SampleWindow.Counted(caller, callerSelf, callerSelf + 100, 100));
  }

  @Test
  void shortMethodCalledFromALoop_isTimedThroughItsCaller_andTheReportSaysWhy() throws Exception {
    Class<?> loops = Class.forName("fixture.Loops", true, new FreshClassLoader("fixture."));
    HotMethodDetector detector = detector(50);

    hotInTwoWindows(detector, stepCalledBy(SCAN, 95, 10));

    MethodReport.Auto scan = detector.auto(SCAN.key());
    assertThat(scan).isNotNull();
    assertThat(scan.state()).isEqualTo("timed");
    assertThat(detector.auto(STEP.key())).isNull();
    assertThat(detector.refusalOf(STEP.key()))
        .contains("called from a loop in fixture.Loops::scan (95.0% of its samples came through it)")
        .contains("fixture.Loops::scan is timed in its place");
    assertThat(detector.added()).isEqualTo(1);
    assertThat(loops.getMethod("scan", int.class).invoke(null, 10)).isEqualTo(33);
    assertThat(snapshot("fixture.Loops::scan").orElseThrow().calls()).isEqualTo(1);
    assertThat(snapshot("fixture.Loops::step")).isEmpty();
  }

  @Test
  void methodCalledFromALoopWhoseStepsAreLong_orOutsideALoop_orFromManyCallers_isTimedItself()
      throws Exception {
    Class.forName("fixture.Loops", true, new FreshClassLoader("fixture."));

    // The caller's own samples, 4 against 100, say each call is long next to the loop's step.
    HotMethodDetector fewOwnSamples = detector(50);
    hotInTwoWindows(fewOwnSamples, stepCalledBy(SCAN, 95, 4));
    assertThat(fewOwnSamples.auto(STEP.key())).isNotNull();
    assertThat(fewOwnSamples.auto(SCAN.key())).isNull();
    tearDown();
    setUp();

    // once calls step outside any loop.
    HotMethodDetector outsideALoop = detector(50);
    hotInTwoWindows(outsideALoop, stepCalledBy(ONCE, 95, 10));
    assertThat(outsideALoop.auto(STEP.key())).isNotNull();
    assertThat(outsideALoop.auto(ONCE.key())).as("its own 10 samples are 5%, hot too").isNotNull();
    assertThat(outsideALoop.refusalOf(STEP.key())).isNull();
    tearDown();
    setUp();

    // Only 80 of step's 100 samples came through scan.
    HotMethodDetector manyCallers = detector(50);
    hotInTwoWindows(manyCallers, stepCalledBy(SCAN, 80, 10));
    assertThat(manyCallers.auto(STEP.key())).isNotNull();
    assertThat(manyCallers.refusalOf(STEP.key())).isNull();
  }

  @Test
  void jdkLibraryAndStraightLineMethods_areRefused_withTheirReasons() {
    HotMethodDetector detector = detector(50);

    detector.window(window(200, counted(JDK, 60), counted(LIBRARY, 50), counted(LEAF, 40)),
        List.of());

    assertThat(detector.refusalOf(JDK.key())).contains("JDK");
    assertThat(detector.refusalOf(LIBRARY.key())).contains("library package");
    assertThat(detector.refusalOf(LEAF.key())).contains("straight-line");
    assertThat(detector.added()).isZero();
    assertThat(additions.size()).isZero();
    assertThat(recorders.snapshot()).isEmpty();
  }

  @Test
  void methodThatWaits_isTimed_evenInAWindowWithoutExecutionSamples() throws Exception {
    HotMethodDetector detector = detector(50);
    // 12 waits of 50 ms: 600 ms of a 5 s window, 12% of one thread's time there
    SampleWindow.Waited waited = new SampleWindow.Waited(CALLER, 600_000_000L, 12, false);

    detector.window(new SampleWindow(3, List.of(), List.of(), java.util.Map.of(),
        List.of(waited)), List.of());

    MethodReport.Auto auto = detector.auto(CALLER.key());
    assertThat(auto).isNotNull();
    assertThat(auto.state()).isEqualTo("timed");
    assertThat(additions.reason("fixture.Hot", "caller", "(I)I"))
        .startsWith("auto: waited 600 ms in 12 blocking events");
    assertThat(call("caller", 1)).isEqualTo(39);
    assertThat(snapshot("fixture.Hot::caller").orElseThrow().calls()).isEqualTo(1);
  }

  private static final Frame LABEL = new Frame("fixture.Hot", "label",
      "(Ljava/lang/String;I)Ljava/lang/String;", 27);

  @Test
  void methodsThatWait_areAllChangedInTheirWindow_whileHotOnesAreChangedTwoAWindow() {
    // three methods waited 12% of a 5 s window each: one retransformation for all three
    HotMethodDetector waiting = detector(50);
    waiting.window(new SampleWindow(3, List.of(), List.of(), java.util.Map.of(),
        List.of(new SampleWindow.Waited(SUM, 600_000_000L, 12, false),
            new SampleWindow.Waited(CALLER, 600_000_000L, 12, false),
            new SampleWindow.Waited(LABEL, 600_000_000L, 12, false))), List.of());

    assertThat(waiting.added()).isEqualTo(3);
    for (Frame frame : List.of(SUM, CALLER, LABEL)) {
      assertThat(waiting.auto(frame.key()).state()).as(frame.name()).isEqualTo("timed");
    }
  }

  @Test
  void hotMethods_areChangedAtMostTwoAWindow_theThirdInTheNext() {
    HotMethodDetector hotOnes = detector(50);
    SampleWindow threeHot = window(300, counted(SUM, 80), counted(CALLER, 70),
        counted(LABEL, 60));

    hotInTwoWindows(hotOnes, threeHot);

    assertThat(hotOnes.added()).isEqualTo(2);
    assertThat(hotOnes.auto(LABEL.key())).as("held back to the next window").isNull();
    hotOnes.window(threeHot, List.of());
    assertThat(hotOnes.added()).isEqualTo(3);
  }

  @Test
  void callerOfHotCode_isTimedOnlyWhenAutoOptimizeAsks_withItsOwnReason() throws Exception {
    // LEAF has the samples but cannot be timed; CALLER, which calls it, has few of its own
    SampleWindow hotLeaf = window(200, counted(LEAF, 58),
        new SampleWindow.Counted(CALLER, 2, 60, 58));
    HotMethodDetector timingOnly = detector(50);

    timingOnly.window(hotLeaf, List.of());

    assertThat(timingOnly.auto(CALLER.key())).isNull();
    assertThat(additions.size()).isZero();

    HotMethodDetector optimizing = detector(50);
    optimizing.timeCallers(true);

    optimizing.window(hotLeaf, List.of());
    assertThat(optimizing.auto(CALLER.key())).isNull(); // its first hot window: no baseline yet
    optimizing.window(hotLeaf, List.of());

    assertThat(optimizing.auto(CALLER.key()).state()).isEqualTo("timed");
    assertThat(additions.reason("fixture.Hot", "caller", "(I)I"))
        .startsWith("auto: the caller of hot code (auto=optimize), 30.0% of 200 execution samples"
            + " in it or the methods it calls directly");
    assertThat(optimizing.refusalOf(LEAF.key())).contains("straight-line");
    assertThat(call("caller", 1)).isEqualTo(39);
    assertThat(snapshot("fixture.Hot::caller").orElseThrow().calls()).isEqualTo(1);
  }

  @Test
  void underAutoOptimize_aMethodIsTimedOnlyOnceItsShareStoppedRising() throws Exception {
    HotMethodDetector detector = detector(50);
    detector.timeCallers(true);

    detector.window(window(200, counted(SUM, 46)), List.of()); // 23%: the load begins
    detector.window(window(200, counted(SUM, 98)), List.of()); // 49%: more than twice
    assertThat(detector.auto(SUM.key())).isNull();
    assertThat(detector.refusalOf(SUM.key())).isNull();

    detector.window(window(200, counted(SUM, 120)), List.of()); // 60%: steady

    assertThat(detector.auto(SUM.key()).state()).isEqualTo("timed");
    assertThat(detector.auto(SUM.key()).selfShare()).isEqualTo(0.6);
  }

  @Test
  void callersUnderTheShare_orThatNeverReturn_areNotTimed() {
    HotMethodDetector detector = detector(50);
    detector.timeCallers(true);

    detector.window(window(1_000, new SampleWindow.Counted(CALLER, 2, 20, 15)), List.of());
    detector.window(new SampleWindow(200, List.of(new SampleWindow.Counted(SUM, 0, 200, 150)),
        List.of(), java.util.Map.of(SUM.key(), "never returned")), List.of());

    assertThat(detector.auto(CALLER.key())).isNull(); // 1.7%: below 2%
    assertThat(detector.auto(SUM.key())).isNull();
    assertThat(additions.size()).isZero();
  }

  @Test
  void shortOrRareWaits_andLibraryWaits_addNothing() {
    HotMethodDetector detector = detector(50);

    detector.window(new SampleWindow(0, List.of(), List.of(), java.util.Map.of(), List.of(
        new SampleWindow.Waited(LIBRARY, 4_000_000_000L, 40, false),
        new SampleWindow.Waited(CALLER, 4_000_000_000L, 3, false), // three long waits: main?
        new SampleWindow.Waited(SUM, 50_000_000L, 20, false))), // 1% of the window: below 2%
        List.of());

    assertThat(detector.auto(SUM.key())).isNull();
    assertThat(detector.auto(CALLER.key())).isNull();
    assertThat(detector.auto(LIBRARY.key())).isNull();
    assertThat(detector.refusalOf(LIBRARY.key())).contains("library package");
    assertThat(additions.size()).isZero();
  }

  @Test
  void fewSamplesOrASmallShare_addNothing() {
    HotMethodDetector detector = detector(50);

    detector.window(window(19, counted(SUM, 19)), List.of()); // too few samples in the window
    detector.window(window(1_000, counted(SUM, 9)), List.of()); // too few for the method
    detector.window(window(10_000, counted(SUM, 150)), List.of()); // 1.5%: below 2%

    assertThat(detector.auto(SUM.key())).isNull();
    assertThat(detector.refusalOf(SUM.key())).isNull();
  }

  @Test
  void methodHotForOneWindowOnly_isNotTimed_andOneHotInTwoWindowsInARow_is() {
    HotMethodDetector detector = detector(50);

    // A phase: SUM takes the first window (start-up work, say), then never comes back.
    detector.window(window(200, counted(SUM, 150), counted(CALLER, 30)), List.of());
    assertThat(detector.auto(SUM.key())).isNull();
    assertThat(detector.auto(CALLER.key())).isNull();
    detector.window(window(200, counted(CALLER, 120)), List.of());

    assertThat(detector.auto(SUM.key())).isNull();
    assertThat(detector.refusalOf(SUM.key())).isNull(); // not refused: timed if it comes back
    MethodReport.Auto auto = detector.auto(CALLER.key());
    assertThat(auto.state()).isEqualTo("timed");
    assertThat(auto.selfShare()).as("the share of the window it was timed in").isEqualTo(0.6);
    assertThat(detector.added()).isEqualTo(1);
  }

  @Test
  void methodJustBelowTheThresholdsInTheWindowBefore_isTimed_andOneWithNextToNothingIsNot() {
    HotMethodDetector detector = detector(50);

    // 6 and 4 samples of 200: both below the 10 a candidate needs; 6 is at least half of it.
    detector.window(window(200, counted(SUM, 6), counted(CALLER, 4)), List.of());
    detector.window(window(200, counted(SUM, 80), counted(CALLER, 80)), List.of());

    assertThat(detector.auto(SUM.key()).state()).isEqualTo("timed");
    assertThat(detector.auto(CALLER.key())).isNull();
  }

  @Test
  void overBudget_theLeastValuableHalfIsTakenOut_andTheOtherStaysTimed() throws Exception {
    HotMethodDetector detector = detector(50);
    hotInTwoWindows(detector, window(200, counted(SUM, 80), counted(CALLER, 40)));
    assertThat(detector.auto(SUM.key()).state()).isEqualTo("timed");
    assertThat(detector.auto(CALLER.key()).state()).isEqualTo("timed");
    call("sum", 1_000); // SUM has time; CALLER none: it is the less valuable

    detector.shedding(true);
    detector.window(window(200, counted(SUM, 80), counted(CALLER, 40)), recorders.snapshot());

    assertThat(detector.auto(SUM.key()).state()).isEqualTo("timed");
    assertThat(detector.auto(CALLER.key()).state()).isEqualTo("removed");
    assertThat(detector.auto(CALLER.key()).note()).contains("overhead budget");
    assertThat(detector.added()).isEqualTo(2);
  }

  @Test
  void autoMax_capsTheMethodsTimedInARun() {
    HotMethodDetector detector = detector(1);

    hotInTwoWindows(detector, window(200, counted(SUM, 80), counted(CALLER, 40)));

    assertThat(detector.auto(SUM.key())).isNotNull();
    assertThat(detector.auto(CALLER.key())).isNull();
    assertThat(detector.refusalOf(CALLER.key())).isEqualTo(
        "auto.max=1 methods were timed automatically already");
  }

  @Test
  void methodTooShortToTimeCheaply_isTakenOutAgain() throws Exception {
    HotMethodDetector detector = detector(50);
    hotInTwoWindows(detector, window(200, counted(CALLER, 80)));
    for (int i = 0; i < 1_000; i++) {
      call("caller", i);
    }
    // The guard judges the figures it is given: a mean of 100 ns stands for a method too short to
    // time cheaply, whatever this machine's speed and load made of the real calls.
    MethodSnapshot timed = snapshot("fixture.Hot::caller").orElseThrow();
    LatencySummary cheap = new LatencySummary(1_000, 50, 100, 100, 150, 200, 300, 400, List.of());
    MethodSnapshot figures = new MethodSnapshot(timed.method(), 1_000, 0, 100_000L, cheap, cheap,
        0, CpuSample.NONE);

    detector.window(window(0), List.of(figures));

    MethodReport.Auto auto = detector.auto(CALLER.key());
    assertThat(auto.state()).isEqualTo("removed");
    assertThat(auto.note()).startsWith("removed: calls took").contains("on average");
    long calls = snapshot("fixture.Hot::caller").orElseThrow().calls();
    assertThat(call("caller", 1)).isEqualTo(39);
    assertThat(snapshot("fixture.Hot::caller").orElseThrow().calls()).isEqualTo(calls);
  }

  /** Figures that make the cost guard take {@code fixture.Hot::caller} out: 100 ns a call. */
  private MethodSnapshot tooCheapToTime(long calls) {
    MethodSnapshot timed = snapshot("fixture.Hot::caller").orElseThrow();
    LatencySummary cheap = new LatencySummary(calls, 50, 100, 100, 150, 200, 300, 400, List.of());
    return new MethodSnapshot(timed.method(), calls, 0, 100L * calls, cheap, cheap, 0,
        CpuSample.NONE);
  }

  @Test
  void underAutoOptimize_aMethodTheCostGuardTookOut_isTimedAgainWhenHotLater_atMostThreeTimes()
      throws Exception {
    HotMethodDetector detector = detector(50);
    detector.timeCallers(true);
    SampleWindow hotWindow = window(200, counted(CALLER, 80));
    hotInTwoWindows(detector, hotWindow);
    call("caller", 1);
    long calls = 1_000;

    for (int time = 1; time <= HotMethodDetector.MAX_REQUALIFY; time++) {
      detector.window(window(0), List.of(tooCheapToTime(calls)));
      assertThat(detector.auto(CALLER.key()).state()).as("cut " + time).isEqualTo("removed");
      // hot in every window after, but not timed again before REQUALIFY_AFTER_WINDOWS
      for (int w = 1; w < HotMethodDetector.REQUALIFY_AFTER_WINDOWS; w++) {
        detector.window(hotWindow, List.of(tooCheapToTime(calls)));
        assertThat(detector.auto(CALLER.key()).state()).isEqualTo("removed");
      }
      detector.window(hotWindow, List.of(tooCheapToTime(calls)));
      MethodReport.Auto again = detector.auto(CALLER.key());
      assertThat(again.state()).as("timed again " + time).isEqualTo("timed");
      assertThat(again.note()).startsWith("timed again (" + time + " of 3) after the cost guard"
          + " took it out: removed: calls took");
      // judged on its calls since: 150 more are too few for the guard
      detector.window(hotWindow, List.of(tooCheapToTime(calls + 150)));
      assertThat(detector.auto(CALLER.key()).state()).isEqualTo("timed");
      calls += 1_000;
    }
    assertThat(call("caller", 1)).isEqualTo(39);

    detector.window(window(0), List.of(tooCheapToTime(calls)));
    for (int w = 0; w < 3 * HotMethodDetector.REQUALIFY_AFTER_WINDOWS; w++) {
      detector.window(hotWindow, List.of(tooCheapToTime(calls)));
    }
    assertThat(detector.auto(CALLER.key()).state()).as("a fourth time: stays out")
        .isEqualTo("removed");
    assertThat(detector.added()).isEqualTo(1 + HotMethodDetector.MAX_REQUALIFY);
  }

  @Test
  void withoutAutoOptimize_aMethodTheCostGuardTookOut_staysOut() throws Exception {
    HotMethodDetector detector = detector(50);
    SampleWindow hotWindow = window(200, counted(CALLER, 80));
    hotInTwoWindows(detector, hotWindow);
    detector.window(window(0), List.of(tooCheapToTime(1_000)));
    for (int w = 0; w < 2 * HotMethodDetector.REQUALIFY_AFTER_WINDOWS; w++) {
      detector.window(hotWindow, List.of(tooCheapToTime(1_000)));
    }
    assertThat(detector.auto(CALLER.key()).state()).isEqualTo("removed");
  }

  @Test
  void underAutoOptimize_aMethodTheGovernorsStepTookOut_staysOut() throws Exception {
    HotMethodDetector optimizing = detector(50);
    optimizing.timeCallers(true);
    SampleWindow both = window(200, counted(SUM, 80), counted(CALLER, 40));
    hotInTwoWindows(optimizing, both);
    call("sum", 1_000); // SUM has time; CALLER none: the governor's step takes CALLER out
    optimizing.shedding(true);
    optimizing.window(both, recorders.snapshot());
    optimizing.shedding(false);
    for (int w = 0; w < 2 * HotMethodDetector.REQUALIFY_AFTER_WINDOWS; w++) {
      optimizing.window(both, List.of());
    }
    assertThat(optimizing.auto(CALLER.key()).state()).isEqualTo("removed");
    assertThat(optimizing.auto(CALLER.key()).note()).contains("overhead budget");
  }

  @Test
  void methodTooShortToTimeExactly_isTimedOnOneCallInN_insteadOfTakenOut() throws Exception {
    tearDown();
    setUp(new TimingRecorders(null, 16, dev.overclock.metrics.TimingSampling.auto(64)));
    HotMethodDetector detector = detector(50);
    hotInTwoWindows(detector, window(200, counted(CALLER, 80)));
    for (int i = 0; i < 1_000; i++) {
      call("caller", i);
    }
    MethodSnapshot timed = snapshot("fixture.Hot::caller").orElseThrow();
    LatencySummary cheap = new LatencySummary(1_000, 50, 100, 100, 150, 200, 300, 400, List.of());
    MethodSnapshot figures = new MethodSnapshot(timed.method(), 1_000, 0, 100_000L, cheap, cheap,
        0, CpuSample.NONE);

    detector.window(window(0), List.of(figures));

    MethodReport.Auto auto = detector.auto(CALLER.key());
    assertThat(auto.state()).isEqualTo("timed");
    assertThat(auto.note()).startsWith("sampled: calls took").contains("one call in 64");
    long calls = snapshot("fixture.Hot::caller").orElseThrow().calls();
    assertThat(call("caller", 1)).isEqualTo(39);
    MethodSnapshot after = snapshot("fixture.Hot::caller").orElseThrow();
    assertThat(after.calls()).isEqualTo(calls + 1); // still counted
    assertThat(after.sampleEvery()).isEqualTo(64);
  }

  @Test
  void timedMethodThatCompletesNoCallWhileOnTheStack_isReplaced_andTheProfileHearsOfIt() {
    java.util.Map<String, String> heard = new java.util.HashMap<>();
    JfrOptions options = new JfrOptions(true, Duration.ofMillis(20), Duration.ofMillis(10),
        Duration.ZERO, true, Duration.ofSeconds(5), 0.02, 20, 50, Duration.ZERO);
    HotMethodDetector detector =
        new HotMethodDetector(options, selector, instrumenter, recorders, false, heard::put,
            dev.overclock.select.Libraries::isLibrary);
    hotInTwoWindows(detector, window(200, counted(CALLER, 80)));
    assertThat(detector.auto(CALLER.key()).state()).isEqualTo("timed");

    // CALLER never returns: no call completes while it stays on the stack
    detector.window(window(200, new SampleWindow.Counted(CALLER, 0, 200)), recorders.snapshot());
    assertThat(detector.auto(CALLER.key()).state()).isEqualTo("timed"); // one window says little
    detector.window(window(200, new SampleWindow.Counted(CALLER, 0, 200)), recorders.snapshot());

    MethodReport.Auto auto = detector.auto(CALLER.key());
    assertThat(auto.state()).isEqualTo("removed");
    assertThat(auto.note()).contains("no call completed in 2 windows")
        .contains("the methods it calls are timed instead");
    assertThat(heard).containsKey(CALLER.key());
    assertThat(additions.size()).isZero();
  }

  @Test
  void neverReturningMethod_isRefused_andALibraryCallItMakes_isNoLibraryRefusal() {
    HotMethodDetector detector = detector(50);

    detector.window(new SampleWindow(200, List.of(new SampleWindow.Counted(SUM, 0, 190)),
        List.of(counted(LIBRARY, 150)), java.util.Map.of(SUM.key(), "never returned: test")),
        List.of());

    assertThat(detector.auto(SUM.key())).isNull();
    assertThat(detector.refusalOf(SUM.key())).startsWith("never returned: test")
        .contains("the methods it calls are timed instead");
    // Joiner is not on this class path: refused, but not for being a library
    assertThat(detector.refusalOf(LIBRARY.key())).doesNotContain("library");
  }

  private Object call(String name, int argument) throws Exception {
    Method method = hot.getMethod(name, int.class);
    return method.invoke(null, argument);
  }

  private Optional<MethodSnapshot> snapshot(String name) {
    return recorders.snapshot().stream()
        .filter(snapshot -> snapshot.method().name().equals(name))
        .findFirst();
  }
}

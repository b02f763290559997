package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.JfrOptions;
import dev.overclock.governor.CodeChangeWatch;
import dev.overclock.instrument.FreshClassLoader;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.instrument.TimedInstrumentation;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.RuntimeSelection;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The case of a hot method whose compiled code is thrown away when the agent times it, and which
 * the JIT does not compile again in time (a saturated machine): after the grace, its larger share
 * of the execution samples makes the detector take the timing out again (real retransformation
 * of a fixture class), and hold back further changes. The clock and the sample windows are the
 * test's: no waiting, no wall-clock assertion.
 */
class CodeChangeUndoTest {

  private static final long S = 1_000_000_000L;
  private static final Frame SUM = new Frame("fixture.Hot", "sum", "(I)J", 8);
  private static final Frame LABEL =
      new Frame("fixture.Hot", "label", "(Ljava/lang/String;I)Ljava/lang/String;", 27);

  private static Instrumentation instrumentation;

  private TimingRecorders recorders;
  private Instrumenter instrumenter;
  private Class<?> hot;
  private HotMethodDetector detector;
  private final AtomicLong now = new AtomicLong();

  @BeforeAll
  static void installAgent() {
    instrumentation = ByteBuddyAgent.install();
  }

  @BeforeEach
  void setUp() throws ClassNotFoundException {
    recorders = new TimingRecorders(null, 16);
    MethodSelector selector =
        MethodSelector.timing(List.of(), List.of(), List.of(), new RuntimeSelection());
    Dispatcher.setTiming(recorders);
    instrumenter = Instrumenter.install(instrumentation,
        List.of(TimedInstrumentation.weaving(selector, recorders)));
    hot = Class.forName("fixture.Hot", true, new FreshClassLoader("fixture."));
    JfrOptions options = new JfrOptions(true, Duration.ofMillis(20), Duration.ofMillis(10),
        Duration.ZERO, true, Duration.ofSeconds(5), 0.02, 20, 50, Duration.ZERO);
    detector = new HotMethodDetector(options, selector, instrumenter, recorders, false);
    detector.watchWith(new CodeChangeWatch(CodeChangeWatch.Settings.DEFAULTS), now::get);
  }

  @AfterEach
  void tearDown() {
    instrumenter.reset();
    Dispatcher.setTiming(null);
  }

  @Test
  void methodLeftSlowerByItsChange_isRestored_andNoOtherMethodIsChangedMeanwhile()
      throws Exception {
    window(-S, SUM, 200); // hot in the window before too: timed at the next one
    window(0, SUM, 200); // 20% of the samples: timed from now on
    assertThat(detector.auto(SUM.key()).state()).isEqualTo("timed");
    assertThat(sumCalls(3)).isEqualTo(3);

    // Its compiled code is gone and the JIT does not catch up: 85% of the samples, for good, in
    // its own code (compiled again only at a slow tier, say: the share alone shows it).
    detector.compiledFrames().add(SUM.key(), 0, 800);
    window(2 * S, SUM, 850, LABEL, 100); // within the grace; and no new change while unsettled
    assertThat(detector.auto(LABEL.key())).isNull();
    detector.compiledFrames().add(SUM.key(), 0, 800);
    window(5 * S, SUM, 850, LABEL, 100);
    detector.compiledFrames().add(SUM.key(), 0, 800);
    window(10 * S, SUM, 850, LABEL, 100);

    assertThat(detector.auto(SUM.key()).state()).isEqualTo("removed");
    assertThat(detector.auto(SUM.key()).note()).contains("85%", "20%", "taken back");
    assertThat(sumCalls(3)).as("the original code runs again: no call is timed").isZero();
    assertThat(detector.watch().isUndone(SUM.key())).isTrue();

    window(20 * S, LABEL, 100); // the back-off: nothing new is changed
    assertThat(detector.auto(LABEL.key())).isNull();
    window(80 * S, LABEL, 100);
    assertThat(detector.auto(LABEL.key()).state()).isEqualTo("timed");
  }

  @Test
  void methodRecompiledInTime_staysTimed() throws Exception {
    // The method keeps completing calls (a method on the stack that completes none for two
    // windows would be taken out as never returning, which is not what this test is about).
    window(-S, SUM, 200); // hot in the window before too: timed at the next one
    window(0, SUM, 200);
    sumCalls(1);
    window(1 * S, SUM, 700); // interpreted for a moment
    sumCalls(1);
    window(5 * S, SUM, 220); // compiled again
    sumCalls(1);
    window(10 * S, SUM, 210);

    assertThat(detector.auto(SUM.key()).state()).isEqualTo("timed");
    assertThat(sumCalls(2)).isEqualTo(2);
  }

  @Test
  void dominantMethodLeftInterpreted_isRestored_andTheReportSaysWhy() throws Exception {
    window(-S, SUM, 900); // hot in the window before too: timed at the next one
    window(0, SUM, 900); // 90% of the samples: timed from now on
    assertThat(sumCalls(1)).isEqualTo(1);

    // Its share cannot double; its frames run interpreted (the JIT never compiles it again).
    for (long at = 1; at <= 5; at++) {
      detector.compiledFrames().add(SUM.key(), 600, 0);
      window(at * S, SUM, 900);
      sumCalls(1);
    }

    assertThat(detector.auto(SUM.key()).state()).isEqualTo("removed");
    assertThat(detector.auto(SUM.key()).note()).contains("ran interpreted in 100% of its"
        + " samples", "taken back");
    assertThat(sumCalls(2)).as("the original code runs again").isZero();
    assertThat(detector.changesState()).isEqualTo("1 code changes watched, 1 taken back");
  }

  @Test
  void recompilationSeenInTheFrames_isInTheReportsFeatures() throws Exception {
    window(-S, SUM, 900); // hot in the window before too: timed at the next one
    window(0, SUM, 900);
    sumCalls(1);
    detector.compiledFrames().add(SUM.key(), 60, 0);
    window(1 * S, SUM, 900);
    sumCalls(1);
    detector.compiledFrames().add(SUM.key(), 1, 59);
    window(2 * S, SUM, 900);

    assertThat(detector.auto(SUM.key()).state()).isEqualTo("timed");
    assertThat(detector.changesState())
        .isEqualTo("1 code changes watched, 0 taken back, 1 seen compiled again (within 2.0 s)");
  }

  private void window(long atNanos, Object... methodsAndSelfSamples) {
    now.set(atNanos);
    SampleWindow.Counted[] counted = new SampleWindow.Counted[methodsAndSelfSamples.length / 2];
    for (int i = 0; i < counted.length; i++) {
      long self = ((Number) methodsAndSelfSamples[2 * i + 1]).longValue();
      counted[i] = new SampleWindow.Counted((Frame) methodsAndSelfSamples[2 * i], self, self);
    }
    detector.window(new SampleWindow(1_000, List.of(counted)), recorders.snapshot());
  }

  /** Calls {@code sum} this many times; returns how many of the calls were timed. */
  private long sumCalls(int times) throws Exception {
    long before = calls();
    for (int i = 0; i < times; i++) {
      hot.getMethod("sum", int.class).invoke(null, 100);
    }
    return calls() - before;
  }

  private long calls() {
    return recorders.snapshot().stream()
        .filter(snapshot -> snapshot.method().key().equals(SUM.key()))
        .mapToLong(MethodSnapshot::calls)
        .findFirst().orElse(0);
  }
}

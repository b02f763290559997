package dev.overclock.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.TimedCall;
import dev.overclock.bootstrap.TimingSink;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.metrics.TimingSampling;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timing advice in a real JVM: installed with the same {@link Instrumenter} as the agent, on
 * fixture classes loaded fresh for each test. Checks that behaviour is unchanged (results,
 * exceptions) and that the figures appear.
 */
class TimedInstrumentationTest {

  private static Instrumentation instrumentation;

  private TimingRecorders recorders;
  private Instrumenter instrumenter;
  private long suppressedBefore;

  @BeforeAll
  static void installAgent() {
    instrumentation = ByteBuddyAgent.install();
  }

  @BeforeEach
  void setUp() {
    recorders = new TimingRecorders(null, 16);
    Dispatcher.setTiming(recorders);
    suppressedBefore = Dispatcher.suppressedFailures();
  }

  @AfterEach
  void tearDown() {
    if (instrumenter != null) {
      instrumenter.reset();
    }
    Dispatcher.setTiming(null);
    if (expectedSuppressed >= 0) {
      assertThat(Dispatcher.suppressedFailures() - suppressedBefore).isEqualTo(expectedSuppressed);
    }
  }

  private long expectedSuppressed;

  @Test
  void annotatedMethod_isTimed_andReturnsTheSameResult() throws Throwable {
    install(List.of());
    Class<?> fixtures = loadFresh("fixture.Fixtures");

    for (int i = 0; i < 3; i++) {
      assertThat(call(fixtures, "greet", "x")).isEqualTo("hello x");
    }

    MethodSnapshot greet = snapshot("fixture.Fixtures::greet").orElseThrow();
    assertThat(greet.calls()).isEqualTo(3);
    assertThat(greet.errors()).isZero();
    assertThat(greet.method().selectedBy()).isEqualTo("annotation");
    assertThat(greet.method().descriptor()).isEqualTo("(Ljava/lang/String;)Ljava/lang/String;");
    assertThat(greet.latency().p50Nanos()).isPositive();
    assertThat(instrumenter.stats().transformedClasses()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void thrownException_reachesTheCallerAsTheSameInstance_andCountsAsError() throws Throwable {
    install(List.of());
    Class<?> fixtures = loadFresh("fixture.Fixtures");
    Object expected = fixtures.getField("FAILURE").get(null);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> call(fixtures, "failing")).isSameAs(expected);
    }

    MethodSnapshot failing = snapshot("fixture.Fixtures::failing").orElseThrow();
    assertThat(failing.calls()).isEqualTo(2);
    assertThat(failing.errors()).isEqualTo(2);
  }

  @Test
  void checkedException_passesThroughUnchanged() throws Throwable {
    install(List.of());
    Class<?> fixtures = loadFresh("fixture.Fixtures");

    assertThat(call(fixtures, "checked", 21)).isEqualTo(42);
    assertThatThrownBy(() -> call(fixtures, "checked", -1))
        .isExactlyInstanceOf(Exception.class)
        .hasMessage("negative -1");

    MethodSnapshot checked = snapshot("fixture.Fixtures::checked").orElseThrow();
    assertThat(checked.calls()).isEqualTo(2);
    assertThat(checked.errors()).isEqualTo(1);
  }

  @Test
  void recursion_countsEveryCall_butTotalTimeOnlyOnce() throws Throwable {
    install(List.of());
    Class<?> fixtures = loadFresh("fixture.Fixtures");

    long start = System.nanoTime();
    Object result = call(fixtures, "fib", 15);
    long elapsed = System.nanoTime() - start;

    assertThat(result).isEqualTo(610L);
    MethodSnapshot fib = snapshot("fixture.Fixtures::fib").orElseThrow();
    assertThat(fib.calls()).isEqualTo(1973); // calls of naive fib(15): 2 * fib(16) - 1
    // Inclusive time of the one outermost call, not summed over 1973 nested calls.
    assertThat(fib.totalNanos()).isPositive().isLessThanOrEqualTo(elapsed);
  }

  @Test
  void stackOverflowInsideATimedMethod_doesNotBreakLaterTotals() throws Throwable {
    install(List.of());
    Class<?> recursion = loadFresh("fixture.Recursion");
    assertThat(call(recursion, "overflow", 50)).isEqualTo(50);
    long totalBefore = snapshot("fixture.Recursion::down").orElseThrow().totalNanos();
    long callsBefore = snapshot("fixture.Recursion::down").orElseThrow().calls();

    assertThat(call(recursion, "down", 0, 10)).isEqualTo(10);

    MethodSnapshot after = snapshot("fixture.Recursion::down").orElseThrow();
    assertThat(after.calls() - callsBefore).isEqualTo(11);
    // The call is outermost again: its time counts (exits lost in the overflow were repaired).
    assertThat(after.totalNanos()).isGreaterThan(totalBefore);
    expectedSuppressed = -1; // exits near the stack limit may fail; the count is not checked
  }

  @Test
  void instanceMethod_isTimed() throws Throwable {
    install(List.of());
    Class<?> fixtures = loadFresh("fixture.Fixtures");
    Object instance = fixtures.getConstructor().newInstance();
    Method work = fixtures.getMethod("instanceWork", long.class);

    assertThat(work.invoke(instance, 2L)).isEqualTo(69L);

    assertThat(snapshot("fixture.Fixtures::instanceWork").orElseThrow().calls()).isEqualTo(1);
  }

  @Test
  void filter_selectsAnUnannotatedMethod_andNothingElse() throws Throwable {
    install(MethodFilter.parseList("fixture.Fixtures::plain"));
    Class<?> fixtures = loadFresh("fixture.Fixtures");

    assertThat(call(fixtures, "plain", 1)).isEqualTo(2);
    assertThat(call(fixtures, "untouched", 1)).isEqualTo(0);

    MethodSnapshot plain = snapshot("fixture.Fixtures::plain").orElseThrow();
    assertThat(plain.calls()).isEqualTo(1);
    assertThat(plain.method().selectedBy()).isEqualTo("filter");
    assertThat(snapshot("fixture.Fixtures::untouched")).isEmpty();
  }

  @Test
  void annotationOnType_timesEveryConcreteMethod() throws Throwable {
    install(List.of());
    Class<?> type = loadFresh("fixture.TimedType");
    Object instance = type.getConstructor().newInstance();

    assertThat(type.getMethod("one").invoke(instance)).isEqualTo(1);
    assertThat(type.getMethod("two").invoke(instance)).isEqualTo(2);

    assertThat(snapshot("fixture.TimedType::one").orElseThrow().calls()).isEqualTo(1);
    assertThat(snapshot("fixture.TimedType::two").orElseThrow().calls()).isEqualTo(1);
  }

  @Test
  void classLoadedBeforeInstall_isRetransformed() throws Throwable {
    Class<?> fixtures = loadFresh("fixture.Fixtures");
    assertThat(call(fixtures, "greet", "early")).isEqualTo("hello early");

    install(List.of());
    assertThat(call(fixtures, "greet", "late")).isEqualTo("hello late");

    assertThat(snapshot("fixture.Fixtures::greet").orElseThrow().calls()).isEqualTo(1);
  }

  @Test
  void reset_restoresTheOriginalBytecode() throws Throwable {
    install(List.of());
    Class<?> fixtures = loadFresh("fixture.Fixtures");
    call(fixtures, "greet", "a");

    assertThat(instrumenter.reset()).isTrue();
    instrumenter = null;
    assertThat(call(fixtures, "greet", "b")).isEqualTo("hello b");

    assertThat(snapshot("fixture.Fixtures::greet").orElseThrow().calls()).isEqualTo(1);
  }

  @Test
  void installReplacing_swapsTheSelection_withoutLeavingTheOldAdvice() throws Throwable {
    install(List.of(MethodFilter.parse("fixture.Fixtures::plain")));
    Class<?> fixtures = loadFresh("fixture.Fixtures");
    call(fixtures, "plain", 1);
    Instrumenter previous = instrumenter;

    instrumenter = Instrumenter.create(instrumentation, List.of(TimedInstrumentation.weaving(
            MethodSelector.timing(List.of(MethodFilter.parse("fixture.Fixtures::untouched")),
                List.of(), List.of()), recorders)))
        .pausingBetweenBatches(1)
        .installReplacing(previous);
    assertThat(call(fixtures, "plain", 2)).isEqualTo(3);
    assertThat(call(fixtures, "untouched", 2)).isEqualTo(1);

    // plain lost its advice (one call, from before), untouched and @Timed greet gained theirs.
    assertThat(snapshot("fixture.Fixtures::plain").orElseThrow().calls()).isEqualTo(1);
    assertThat(snapshot("fixture.Fixtures::untouched").orElseThrow().calls()).isEqualTo(1);
    call(fixtures, "greet", "x");
    assertThat(snapshot("fixture.Fixtures::greet").orElseThrow().calls()).isEqualTo(1);
    assertThat(previous.reset()).isFalse(); // its transformer is already gone
    assertThat(instrumenter.instrumentedClassCount()).isPositive();
  }

  @Test
  void sameMethodInTwoClassLoaders_sharesOneId() throws Throwable {
    install(List.of());
    Class<?> first = loadFresh("fixture.Fixtures");
    Class<?> second = loadFresh("fixture.Fixtures");
    assertThat(first).isNotSameAs(second);

    call(first, "greet", "a");
    call(second, "greet", "b");

    assertThat(snapshot("fixture.Fixtures::greet").orElseThrow().calls()).isEqualTo(2);
    assertThat(recorders.snapshot().stream().filter(s -> s.method().name().equals(
        "fixture.Fixtures::greet"))).hasSize(1);
  }

  @Test
  void failingSink_isSuppressedAndCounted_andTheMethodStillRunsUnchanged() throws Throwable {
    install(List.of());
    Class<?> fixtures = loadFresh("fixture.Fixtures");
    Object expected = fixtures.getField("FAILURE").get(null);
    Dispatcher.setTiming(new TimingSink() {
      @Override
      public Object enter(int methodId) {
        throw new IllegalStateException("sink broken on enter");
      }

      @Override
      public void exit(int methodId, Object state, long start, Throwable thrown) {
        throw new IllegalStateException("sink broken on exit");
      }
    });

    assertThat(call(fixtures, "greet", "x")).isEqualTo("hello x");
    assertThatThrownBy(() -> call(fixtures, "failing")).isSameAs(expected);

    expectedSuppressed = 4; // enter and exit of two calls, checked in tearDown
  }

  @Test
  void shortMethods_areSampledWithExactCounts_unlessTimedExact() throws Throwable {
    // A threshold of 1 ms, not the default's ~2 us: a thrown exception's call can take longer
    // than 2 us on a loaded machine, and what is checked here is the sampling, not the threshold.
    recorders = new TimingRecorders(null, 16, new TimingSampling(8, 1_000_000));
    Dispatcher.setTiming(recorders);
    install(List.of());
    Class<?> shortCalls = loadFresh("fixture.ShortCalls");
    Class<?> allExact = loadFresh("fixture.ShortCalls$AllExact");
    int failures = 0;
    for (int round = 0; round < 2; round++) {
      // The first round is timed exactly; the snapshot in between decides to sample.
      for (int i = 0; i < 2_000; i++) {
        call(shortCalls, "tiny", i);
        call(shortCalls, "tinyExact", i);
        call(allExact, "tiny", i);
        try {
          call(shortCalls, "failsOnOdd", i);
        } catch (IllegalArgumentException expected) {
          failures++;
        }
      }
      recorders.snapshot();
    }

    MethodSnapshot tiny = snapshot("fixture.ShortCalls::tiny").orElseThrow();
    assertThat(tiny.calls()).isEqualTo(4_000);
    assertThat(tiny.sampleEvery()).isEqualTo(8);
    // 2,000 clocked in the first round, one in 8 of the second
    assertThat(tiny.latency().distribution()).isNotEmpty();
    MethodSnapshot failing = snapshot("fixture.ShortCalls::failsOnOdd").orElseThrow();
    assertThat(failing.sampled()).isTrue();
    assertThat(failing.calls()).isEqualTo(4_000);
    assertThat(failing.errors()).isEqualTo(failures).isEqualTo(2_000);
    assertThat(snapshot("fixture.ShortCalls::tinyExact").orElseThrow().sampleEvery()).isEqualTo(1);
    assertThat(snapshot("fixture.ShortCalls$AllExact::tiny").orElseThrow().sampleEvery())
        .isEqualTo(1);
  }

  @Test
  void methodsNeverSampled_readTheClockInTheirAdvice_othersAskTheState() throws Throwable {
    recorders = new TimingRecorders(null, 16, TimingSampling.auto(8));
    install(List.of());
    UnclockedSink sink = new UnclockedSink();
    Dispatcher.setTiming(sink);
    Class<?> shortCalls = loadFresh("fixture.ShortCalls");
    Class<?> allExact = loadFresh("fixture.ShortCalls$AllExact");

    // Every state says "not clocked": a method that asks it gets 0, one that reads the clock
    // itself gets the clock.
    call(shortCalls, "tinyExact", 1);
    call(allExact, "tiny", 1);
    assertThat(sink.starts).as("exact methods: the clock read inline").hasSize(2)
        .doesNotContain(0L);
    call(shortCalls, "tiny", 1);
    assertThat(sink.starts).as("a method that may be sampled asks the state").hasSize(3)
        .endsWith(0L);

    Dispatcher.setTiming(recorders);
    call(shortCalls, "tinyExact", 1);
    call(allExact, "tiny", 1);
    call(shortCalls, "tiny", 1);
    assertThat(snapshot("fixture.ShortCalls::tinyExact").orElseThrow().calls()).isEqualTo(1);
    assertThat(snapshot("fixture.ShortCalls$AllExact::tiny").orElseThrow().calls()).isEqualTo(1);
    assertThat(snapshot("fixture.ShortCalls::tiny").orElseThrow().calls()).isEqualTo(1);
    assertThat(snapshot("fixture.ShortCalls::tinyExact").orElseThrow().latency().p50Nanos())
        .isPositive();
  }

  @Test
  void withSamplingOff_everyMethodReadsTheClockInItsAdvice() throws Throwable {
    install(List.of());
    UnclockedSink sink = new UnclockedSink();
    Dispatcher.setTiming(sink);
    Class<?> shortCalls = loadFresh("fixture.ShortCalls");

    call(shortCalls, "tiny", 1);

    assertThat(sink.starts).hasSize(1).doesNotContain(0L);
    Dispatcher.setTiming(recorders);
    call(shortCalls, "tiny", 1);
    assertThat(snapshot("fixture.ShortCalls::tiny").orElseThrow().calls()).isEqualTo(1);
  }

  /**
   * A sink that counts no call clocked ({@link TimedCall.Unclocked}) and keeps the start time each
   * call's exit got: 0 where the advice asked the state, the clock where it read it itself.
   */
  private static final class UnclockedSink implements TimingSink {
    final List<Long> starts = new ArrayList<>();

    @Override
    public Object enter(int methodId) {
      return new TimedCall.Unclocked() {
        @Override
        public void exit(long startNanos, Throwable thrown) {
          starts.add(startNanos);
        }
      };
    }

    @Override
    public void exit(int methodId, Object threadState, long startNanos, Throwable thrown) {
      throw new AssertionError("a TimedCall state finishes its call itself");
    }
  }

  private void install(List<MethodFilter> filters) {
    instrumenter =
        Instrumenter.install(instrumentation, List.of(TimedInstrumentation.weaving(
            MethodSelector.timing(filters, List.of(), List.of()), recorders)));
  }

  private static Class<?> loadFresh(String name) throws ClassNotFoundException {
    return Class.forName(name, true, new FreshClassLoader("fixture."));
  }

  private static Object call(Class<?> type, String name, Object... args) throws Throwable {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        try {
          return method.invoke(null, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(name);
  }

  private Optional<MethodSnapshot> snapshot(String name) {
    return recorders.snapshot().stream()
        .filter(snapshot -> snapshot.method().name().equals(name))
        .findFirst();
  }
}

package dev.overclock.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.overclock.bootstrap.MemoHit;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.memo.MemoSettings;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.purity.PurityGate;
import dev.overclock.report.MethodInsights;
import dev.overclock.report.MethodReport;
import dev.overclock.report.OptimizationReport;
import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodShape;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * {@code auto=optimize}'s memoization driven window by window, without a JVM agent: the weaving is
 * simulated by registering the method with the memo sink when its class is "retransformed", and
 * calls go through the sink the way the advice drives it.
 */
class AutoMemoizerTest {

  /** A pure CPU-bound method, as the gate reads it. */
  static final class Pricing {
    static long quote(int item, int quantity) {
      long price = item * 31L + quantity;
      for (int i = 0; i < 1_000; i++) {
        price = price * 6_364_136_223_846_793_005L + i;
      }
      return price;
    }
  }

  /** The same shape, but it reads the clock. */
  static final class Stamped {
    static long quote(int item, int quantity) {
      return item * 31L + quantity + System.nanoTime();
    }
  }

  private static final String DESCRIPTOR = "(II)J";
  private static final MethodRef QUOTE =
      new MethodRef(Pricing.class.getName(), "quote", DESCRIPTOR, "auto");
  private static final MethodRef STAMPED =
      new MethodRef(Stamped.class.getName(), "quote", DESCRIPTOR, "auto");

  private final RuntimeSelection selection = new RuntimeSelection();
  private final Map<String, MemoSettings> settings = new ConcurrentHashMap<>();
  private final MemoRecorders memo = new MemoRecorders();
  private final FakeInstrumenter instrumenter = new FakeInstrumenter();
  /** The process's CPU clock: one second of CPU per window (each read is one window's). */
  private final AtomicLong processCpu = new AtomicLong();
  private long cpuPerWindow = 1_000_000_000L;
  private final AutoMemoizer memoizer = new AutoMemoizer(selection, settings, instrumenter, memo,
      new PurityGate(), 10_000_000, () -> processCpu.addAndGet(cpuPerWindow));
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<String, MethodReport.Arguments> arguments = new HashMap<>();
  private final Map<String, Histogram> histograms = new HashMap<>();
  private final Map<String, double[]> sums = new HashMap<>();

  @Test
  void pureMethodWithRepeatingArguments_isMemoized_verifiedFirst_andKeptWhenFaster() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    arguments.put(STAMPED.key(), new MethodReport.Arguments(500, 16, 0.968, true));

    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000), timed(STAMPED, 1_000, 100_000)),
        insights());

    assertThat(selection.contains(QUOTE.className(), "quote", DESCRIPTOR)).isTrue();
    assertThat(selection.contains(STAMPED.className(), "quote", DESCRIPTOR)).isFalse();
    assertThat(instrumenter.retransformed).containsExactly(QUOTE.className());
    assertThat(settings.get(QUOTE.key()).verify()).isEqualTo(AutoMemoizer.VERIFY_FIRST);
    assertThat(change(QUOTE).state()).isEqualTo("verifying");
    assertThat(change(STAMPED).state()).isEqualTo("refused");
    assertThat(change(STAMPED).reason()).startsWith("purity gate: ").contains("clock");

    // The first hits all run the method again and return its own result: the cache serves none.
    int id = ids.get(QUOTE.key());
    for (int i = 0; i < AutoMemoizer.VERIFY_FIRST + 1; i++) {
      assertThat(call(id, 1, 3, Pricing::quote)).isEqualTo(Pricing.quote(1, 3));
    }
    MemoSnapshot verified = memoFigures(QUOTE);
    assertThat(verified.hits()).isZero();
    assertThat(verified.checks()).isEqualTo(AutoMemoizer.VERIFY_FIRST);

    // Then it serves; the window sees hits and the change is applied.
    for (int i = 0; i < 10; i++) {
      assertThat(call(id, 1, 3, Pricing::quote)).isEqualTo(Pricing.quote(1, 3));
    }
    assertThat(memoFigures(QUOTE).hits()).isPositive();
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    assertThat(change(QUOTE).state()).isEqualTo("applied");

    // Calls take a tenth of their time since: the rank test proves it at its first look: kept,
    // with the figures in its reason and report.
    memoizer.window(List.of(timed(QUOTE, 1_000, 10_000)), insights());
    memoizer.window(List.of(timed(QUOTE, 1_000, 10_000)), insights());
    OptimizationReport kept = change(QUOTE);
    assertThat(kept.state()).isEqualTo("applied");
    assertThat(kept.reason()).contains("faster: median 100 us before (1000 timed calls), 10.0 us"
        + " with the cache (2000), p < 1e-15 (Mann-Whitney, one-sided)");
    assertThat(kept.perCallNanosBefore()).isCloseTo(100_000, withinPercentage(1));
    assertThat(kept.perCallNanosAfter()).isCloseTo(10_000, withinPercentage(1));
    assertThat(kept.gain().verdict()).isEqualTo("proven");
    assertThat(kept.gain().callsBefore()).isEqualTo(1_000);
    assertThat(kept.gain().callsAfter()).isEqualTo(2_000);
    assertThat(kept.gain().pValue()).isLessThan(1e-10);
    assertThat(kept.proven()).isTrue();
    assertThat(instrumenter.told).isEmpty();
  }

  @Test
  void memoizedMethodSignificantlyButBarelyFaster_isNotProven_andUndoneAtTheBound() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    serveHits();
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());

    // 5% faster: with 1,000 calls a side, significant; but the medians are 1.05 apart, not 1.1.
    for (int window = 1; window < AutoMemoizer.GAIN_DEADLINE_WINDOWS; window++) {
      memoizer.window(List.of(timed(QUOTE, 1_000, 95_000)), insights());
      assertThat(change(QUOTE).state()).isEqualTo("applied");
    }
    assertThat(change(QUOTE).gain().verdict()).isEqualTo("waiting");
    assertThat(change(QUOTE).gain().pValue()).isLessThan(AutoMemoizer.ALPHA);
    assertThat(change(QUOTE).proven()).isFalse();
    memoizer.window(List.of(timed(QUOTE, 1_000, 95_000)), insights());

    OptimizationReport undone = change(QUOTE);
    assertThat(undone.state()).isEqualTo("undone");
    assertThat(undone.reason()).startsWith("no gain proven in 6 windows of serving: median 100 us"
        + " before (1000 timed calls), 95.2 us with the cache (6000), p < 1e-15")
        .contains("a median at least 1.1 times lower");
    assertThat(undone.gain().verdict()).isEqualTo("refuted");
    assertThat(instrumenter.told).singleElement()
        .satisfies(change -> assertThat(change.reason()).contains("Mann-Whitney"));
  }

  @Test
  void memoizedMethodSignificantlySlower_isUndoneAtTheFirstTest() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    serveHits();
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    memoizer.window(List.of(timed(QUOTE, 200, 150_000)), insights());
    assertThat(change(QUOTE).state()).isEqualTo("applied");
    memoizer.window(List.of(timed(QUOTE, 200, 150_000)), insights());

    assertThat(change(QUOTE).state()).isEqualTo("undone");
    assertThat(change(QUOTE).reason()).startsWith("slower with the cache: median 100 us before");
  }

  @Test
  void tooFewTimedCalls_proveNothing_andTheChangeIsUndoneAtTheBound() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    serveHits();
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    for (int window = 0; window < AutoMemoizer.GAIN_DEADLINE_WINDOWS; window++) {
      memoizer.window(List.of(timed(QUOTE, 1, 1_000)), insights()); // 100x faster, 6 calls
    }

    assertThat(change(QUOTE).state()).isEqualTo("undone");
    assertThat(change(QUOTE).reason()).contains("too few timed calls to test (20 a side needed)");
  }

  @Test
  void memoizedMethodNotFaster_isUndone_andNeverTriedAgain() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    serveHits();
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    for (int window = 0; window < AutoMemoizer.GAIN_DEADLINE_WINDOWS; window++) {
      memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    }

    OptimizationReport undone = change(QUOTE);
    assertThat(undone.state()).isEqualTo("undone");
    assertThat(undone.reason()).startsWith("no gain proven in 6 windows of serving: ");
    assertThat(selection.contains(QUOTE.className(), "quote", DESCRIPTOR)).isFalse();
    assertThat(memoFigures(QUOTE).state()).isEqualTo("undone");
    assertThat(instrumenter.told).singleElement().satisfies(change -> {
      assertThat(change.action()).isEqualTo("undone");
      assertThat(change.reason()).contains("no gain proven");
    });

    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    assertThat(selection.contains(QUOTE.className(), "quote", DESCRIPTOR)).isFalse();
  }

  @Test
  void verifiedHitThatDisagrees_dropsTheCacheAtOnce_andTheChangeIsUndoneWithHashesOnly() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    int id = ids.get(QUOTE.key());
    call(id, 1, 3, (a, b) -> 41); // the miss
    long[] next = {42};
    call(id, 1, 3, (a, b) -> next[0]++); // a verified hit that computes something else

    assertThat(memoFigures(QUOTE).state()).isEqualTo("unsafe");
    assertThat(memoFigures(QUOTE).size()).isZero();
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());

    OptimizationReport undone = change(QUOTE);
    assertThat(undone.state()).isEqualTo("undone");
    assertThat(undone.reason()).startsWith("a verified call disagreed with the cache");
    // Long#1a2b3c4d: by salted hash, never the values 41 or 42
    assertThat(undone.evidence())
        .matches(".*cached Long#[0-9a-f]{8}, computed again Long#[0-9a-f]{8}.*");
    assertThat(instrumenter.told).singleElement()
        .satisfies(change -> assertThat(change.reason()).contains("Long#"));
  }

  @Test
  void whileTheGovernorShedsArgumentSampling_noNewDecision_andAppliedChangesGoOn() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    arguments.put(STAMPED.key(), new MethodReport.Arguments(500, 400, 0.2, true));
    memoizer.argumentSamplingShed(true);

    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000), timed(STAMPED, 1_000, 100_000)),
        insights());

    assertThat(memoizer.report()).isEmpty(); // neither applied nor refused on cut evidence
    assertThat(instrumenter.retransformed).isEmpty();
    assertThat(memoizer.state()).endsWith(
        "; no new one while the overhead governor sheds argument sampling");

    memoizer.argumentSamplingShed(false);
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000), timed(STAMPED, 1_000, 100_000)),
        insights());
    assertThat(change(QUOTE).state()).isEqualTo("verifying");
    assertThat(change(STAMPED).state()).isEqualTo("refused");

    // Shed again: the applied change is still followed (verified, served, measured).
    memoizer.argumentSamplingShed(true);
    serveHits();
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    assertThat(change(QUOTE).state()).isEqualTo("applied");
    memoizer.window(List.of(timed(QUOTE, 1_000, 10_000)), insights());
    memoizer.window(List.of(timed(QUOTE, 1_000, 10_000)), insights());
    assertThat(change(QUOTE).proven()).isTrue();
  }

  @Test
  void argumentsThatRepeatTooLittle_areRefusedOnceSamplingEnded() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 400, 0.2, true));
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());

    assertThat(change(QUOTE).state()).isEqualTo("refused");
    assertThat(change(QUOTE).reason()).contains("20.0%").contains("50.0%");
    assertThat(instrumenter.retransformed).isEmpty();
  }

  @Test
  void theExpectedHitRate_notTheSampleRepeatRate_decides() {
    // 30% of 1,000 sampled calls repeated, but few arguments were seen only once: a cache that
    // has seen them answers most later calls (a spelling corrector's words)
    arguments.put(QUOTE.key(), new MethodReport.Arguments(1_000, 700, 0.3, true, 0.8));
    arguments.put(STAMPED.key(), new MethodReport.Arguments(1_000, 700, 0.3, true, 0.45));

    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000), timed(STAMPED, 1_000, 100_000)),
        insights());

    assertThat(change(QUOTE).state()).isEqualTo("verifying");
    assertThat(change(QUOTE).reason()).contains("30.0% of 1000 sampled calls repeated")
        .contains("a cache would answer about 80.0% of later calls");
    assertThat(change(STAMPED).state()).isEqualTo("refused");
    assertThat(change(STAMPED).reason()).contains("30.0% of 1000 sampled calls (700 distinct)")
        .contains("about 45.0% of later calls").contains("at least 50.0%");
  }

  private void serveHits() {
    int id = ids.get(QUOTE.key());
    for (int i = 0; i < AutoMemoizer.VERIFY_FIRST + 10; i++) {
      call(id, 2, 5, Pricing::quote);
    }
  }

  /** The body of a method of two {@code int}s returning a {@code long}. */
  private interface Body {
    long apply(int item, int quantity);
  }

  /** A call of a memoized method of two parameters, as its advice makes it. */
  private Object call(int id, int item, int quantity, Body body) {
    Object call = memo.enter2(id, null, item, quantity);
    if (call instanceof MemoHit) {
      return ((MemoHit) call).value;
    }
    Object result = body.apply(item, quantity);
    memo.exit(id, call, result, null);
    return result;
  }

  private OptimizationReport change(MethodRef method) {
    return memoizer.report().stream().filter(r -> r.key().equals(method.key())).findFirst()
        .orElseThrow();
  }

  private MemoSnapshot memoFigures(MethodRef method) {
    return memo.snapshot().stream().filter(s -> s.method().key().equals(method.key()))
        .findFirst().orElseThrow();
  }

  /**
   * The cumulative figures after {@code calls} more clocked calls of about {@code nanos} each
   * (spread evenly over +-10%, the same every time: no clock), CPU-bound.
   */
  @Test
  void share_isOfTheProcessCpuInTheWindow_soACallerTimedEarlierDoesNotCrowdOutItsCallees() {
    // The driver calls everything, was timed long ago and holds 500 s of inclusive time; QUOTE
    // was timed later and takes 3% of the process's CPU in each window. Against the sum of all
    // timed time it would stay far under 2% for ever.
    MethodRef driver = new MethodRef(Pricing.class.getName(), "run", "()V", "auto");
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    memoizer.window(List.of(timed(driver, 1, 500_000_000_000L)), insights());
    assertThat(instrumenter.retransformed).isEmpty();

    memoizer.window(List.of(timed(driver, 1, 900_000_000L), timed(QUOTE, 300, 100_000)),
        insights());

    assertThat(selection.contains(QUOTE.className(), "quote", DESCRIPTOR)).isTrue();
    assertThat(change(QUOTE).state()).isEqualTo("verifying");
  }

  @Test
  void methodUnderTwoPercentOfTheProcessCpu_isNotConsidered_evenWhenItIsAllTheTimedTime() {
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    cpuPerWindow = 10_000_000_000L; // 10 s of CPU a window: QUOTE's 100 ms is 1% of it

    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());

    assertThat(selection.contains(QUOTE.className(), "quote", DESCRIPTOR)).isFalse();
    assertThat(instrumenter.retransformed).isEmpty();

    cpuPerWindow = 4_000_000_000L; // the same 100 ms is 2.5% of 4 s
    memoizer.window(List.of(timed(QUOTE, 1_000, 100_000)), insights());

    assertThat(selection.contains(QUOTE.className(), "quote", DESCRIPTOR)).isTrue();
  }

  @Test
  void withoutTheProcessCpuTime_theShareIsOfTheTimedTimeInTheWindow() {
    AutoMemoizer blind = new AutoMemoizer(selection, settings, instrumenter, memo,
        new PurityGate(), 10_000_000, () -> -1);
    MethodRef driver = new MethodRef(Pricing.class.getName(), "run", "()V", "auto");
    arguments.put(QUOTE.key(), new MethodReport.Arguments(500, 16, 0.968, true));
    blind.window(List.of(timed(driver, 1, 500_000_000_000L)), insights());

    // 30 ms of QUOTE's time beside the driver's 900 ms in this window: 3.2%.
    blind.window(List.of(timed(driver, 1, 900_000_000L), timed(QUOTE, 300, 100_000)),
        insights());

    assertThat(selection.contains(QUOTE.className(), "quote", DESCRIPTOR)).isTrue();
  }

  private MethodSnapshot timed(MethodRef method, int calls, long nanos) {
    Histogram histogram = histograms.computeIfAbsent(method.key(), key -> new Histogram(2));
    double[] sum = sums.computeIfAbsent(method.key(), key -> new double[1]);
    for (int i = 0; i < calls; i++) {
      long value = nanos + nanos * (i % 21 - 10) / 100;
      histogram.recordValue(value);
      sum[0] += value;
    }
    long all = histogram.getTotalCount();
    LatencySummary latency = new LatencySummary(all, 1, sum[0] / all, 1, 1, 1, 1, 1, List.of())
        .withHistogram(histogram);
    return new MethodSnapshot(method, all, 0, Math.round(sum[0]), latency, latency, 0,
        new CpuSample(1_000, 1_000_000, 1_000_000, 0));
  }

  private MethodInsights insights() {
    return new MethodInsights() {
      @Override
      public MethodReport.Arguments arguments(MethodSnapshot method) {
        return arguments.get(method.method().key());
      }
    };
  }

  /** Retransforming a class registers its auto-memoized methods with the memo sink. */
  private final class FakeInstrumenter implements Retransformer {
    final List<String> retransformed = new ArrayList<>();
    final List<CodeChange> told = new ArrayList<>();

    @Override
    public int retransform(Collection<String> classNames) {
      retransformed.addAll(classNames);
      for (String className : classNames) {
        MethodRef method = new MethodRef(className, "quote", DESCRIPTOR, "auto");
        MemoSettings chosen = settings.get(method.key());
        if (chosen != null && !ids.containsKey(method.key())) {
          int id = memo.register(method, getClass().getClassLoader(), false, chosen);
          memo.woven(id);
          ids.put(method.key(), id);
        }
      }
      return classNames.size();
    }

    @Override
    public MethodShape shape(String className, String methodName, String descriptor) {
      return null;
    }

    @Override
    public void onChange(CodeChange.Listener listener) {}

    @Override
    public Class<?> loadedClass(String className) {
      return className.equals(Pricing.class.getName()) ? Pricing.class
          : className.equals(Stamped.class.getName()) ? Stamped.class : null;
    }

    @Override
    public void tell(CodeChange change) {
      told.add(change);
    }
  }
}

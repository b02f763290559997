package dev.overclock.optimize;

import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.memo.MemoSettings;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.Classification;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.purity.PurityGate;
import dev.overclock.purity.Verdict;
import dev.overclock.report.MethodInsights;
import dev.overclock.report.MethodRecommender;
import dev.overclock.report.MethodReport;
import dev.overclock.report.OptimizationReport;
import dev.overclock.report.Units;
import dev.overclock.select.CodeChange;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * {@code auto=optimize}'s memoization: memoizes hot methods nobody annotated, on evidence, and
 * takes the change back when the evidence turns.
 *
 * <h2>Candidates</h2>
 *
 * A timed method is a candidate when it is CPU-bound, its timed time in the window is at least
 * {@link #MIN_SHARE} of the process's CPU time in the same window, and a cache would answer at least {@link #MIN_REPEAT} of its later calls, as
 * estimated from its sampled calls (at least {@link #MIN_SAMPLED_CALLS}; see {@link
 * dev.overclock.metrics.ArgumentSummary#expectedHitRate}): the hit rate a cache would have. A
 * candidate must then pass the static {@link PurityGate} (its bytecode and all it calls, read
 * through its own class loader); a refusal is kept with the gate's reason, and so is a method
 * whose sampling finished with too few repeats.
 *
 * <p>The share is of the process's CPU rather than of all timed time because timed methods nest:
 * a caller of hot code, timed early, holds its callees' time again, and a sum of every timed
 * method's time since it was timed let such a caller crowd later-timed methods out of the 2%
 * (the look-alike corpus's driver did). Where the JVM does not report its process CPU time, the
 * share falls back to the sum of the timed methods' window time.
 *
 * <h2>Applied, verified, measured</h2>
 *
 * The method joins the memoization's run-time selection and its class is retransformed, with the
 * settings of {@link #settingsFor}: a cache bounded by the argument evidence, whose first {@link
 * #VERIFY_FIRST} hits all run the method again and return its own result (so before the cache
 * serves a single call, the method ran twice on the same arguments {@code VERIFY_FIRST} times and
 * agreed each time). Once the cache serves, each window halves the share of hits verified, from
 * one in {@link #START_EVERY} down to the floor of one in {@link #FLOOR_EVERY}. Each verified call
 * also compares a hash of its arguments before and after it ran. The first mismatch turns the
 * cache off and empties it at once (in {@link MemoRecorders}); the next window takes the advice
 * out, and the method is never memoized again in this run.
 *
 * <h2>Gain proven, or undone</h2>
 *
 * After {@link #GAIN_WINDOWS} windows of serving, and each window after, the latencies of the
 * method's timed calls since its cache served (hits included, as timing is woven around
 * memoization) are compared with those of the window before the change by a one-sided {@link
 * MannWhitney} test, from the timing histograms: the gain is proven when {@code p <} {@link
 * #ALPHA} and the median without the cache is at least {@link #MIN_MEDIAN_RATIO} times the one
 * with it. Not proven by {@link #GAIN_DEADLINE_WINDOWS} windows of serving, or significantly
 * slower at any test: undone. Every undo is logged, kept for the report and {@code status}, and
 * told as a {@code CodeChange} ({@code undone}, with the reason and the test's figures).
 *
 * <p>Runs on the JFR stream's thread, once per window; the report thread reads {@link #report}.
 */
public final class AutoMemoizer {

  static final double MIN_REPEAT = MethodRecommender.MEMOIZE_MIN_REPEAT;
  static final double MIN_SHARE = 0.02;
  static final long MIN_SAMPLED_CALLS = 50;
  static final int MAX_APPLIED = 8;
  static final int MAX_REFUSED = 200;
  static final int VERIFY_FIRST = 32;
  static final int START_EVERY = 2;
  static final int FLOOR_EVERY = 100;
  /** Windows of serving before the first test of the gain. */
  static final int GAIN_WINDOWS = 2;
  /**
   * Windows of serving by which the gain must be proven. Tested at most {@code
   * GAIN_DEADLINE_WINDOWS - GAIN_WINDOWS + 1} = 5 times, each at {@link #ALPHA}: a change that
   * does not pay is kept by chance with a probability below 5% (Bonferroni).
   */
  static final int GAIN_DEADLINE_WINDOWS = 6;
  /** The significance level of each test of the gain. */
  static final double ALPHA = 0.01;
  /** The minimum effect: the median without the cache over the median with it. */
  static final double MIN_MEDIAN_RATIO = 1.1;
  /** Timed calls each side needs before a test counts. */
  static final long MIN_TIMED_CALLS = 20;
  /** A method still verifying after this many windows never repeated enough: undone. */
  static final int MAX_VERIFYING_WINDOWS = 12;

  private final RuntimeSelection selection;
  private final Map<String, MemoSettings> settings;
  private final Retransformer instrumenter;
  private final MemoRecorders memo;
  private final PurityGate gate;
  private final long sampleIntervalNanos;
  private final Map<String, Change> changes = new LinkedHashMap<>();
  /** Each timed method's clocked calls and their summed time at the previous window. */
  private Map<String, Clocked> previous = Map.of();
  /** Each timed method's inclusive time at the previous window. */
  private Map<String, Long> previousTotals = Map.of();
  /** The process's CPU time in nanoseconds, or a negative value when the JVM does not say. */
  private final LongSupplier processCpuNanos;
  private long previousCpuNanos;
  private int refused;
  /**
   * Set by the overhead governor's thread while it sheds argument sampling: the evidence new
   * candidates are chosen (and refused) on stops, and sampling under way is cut short, so no new
   * method is memoized or refused for its arguments until it is back. Changes applied already go
   * on: their verification and gain test need no argument samples.
   */
  private volatile boolean argumentsShed;

  /**
   * @param selection the memoization's run-time selection
   * @param settings where the memoization weaving finds each added method's settings, by key
   * @param sampleIntervalNanos JFR's execution-sample interval, to classify methods
   */
  public AutoMemoizer(RuntimeSelection selection, Map<String, MemoSettings> settings,
      Retransformer instrumenter, MemoRecorders memo, PurityGate gate, long sampleIntervalNanos) {
    this(selection, settings, instrumenter, memo, gate, sampleIntervalNanos,
        dev.overclock.metrics.ProcessCpu::nanos);
  }

  /** As above, with the process's CPU clock given (tests). */
  AutoMemoizer(RuntimeSelection selection, Map<String, MemoSettings> settings,
      Retransformer instrumenter, MemoRecorders memo, PurityGate gate, long sampleIntervalNanos,
      LongSupplier processCpuNanos) {
    this.processCpuNanos = processCpuNanos;
    this.previousCpuNanos = processCpuNanos.getAsLong();
    this.selection = selection;
    this.settings = settings;
    this.instrumenter = instrumenter;
    this.memo = memo;
    this.gate = gate;
    this.sampleIntervalNanos = sampleIntervalNanos;
  }

  /** The overhead governor shed argument sampling ({@code true}), or took it back. */
  public void argumentSamplingShed(boolean shed) {
    if (shed != argumentsShed) {
      argumentsShed = shed;
      AgentLog.info(shed ? "auto=optimize makes no new memoization while the overhead governor"
          + " sheds argument sampling (its evidence); the changes applied go on being verified"
          + " and measured" : "auto=optimize considers new memoizations again: argument sampling"
          + " is back");
    }
  }

  /** One window: follows what is applied, then applies what newly qualifies. */
  public synchronized void window(List<MethodSnapshot> methods, MethodInsights insights) {
    Map<String, MemoSnapshot> memoized = new HashMap<>();
    for (MemoSnapshot figures : memo.snapshot()) {
      memoized.put(figures.method().key(), figures);
    }
    Map<String, Clocked> now = new HashMap<>();
    Map<String, Long> totals = new HashMap<>();
    Map<String, Long> windowNanos = new HashMap<>();
    long allWindowNanos = 0;
    for (MethodSnapshot method : methods) {
      String key = method.method().key();
      now.put(key, Clocked.of(method));
      totals.put(key, method.totalNanos());
      // A method missing from the previous window was first timed since: all its time is new.
      long inWindow = Math.max(0, method.totalNanos() - previousTotals.getOrDefault(key, 0L));
      windowNanos.put(key, inWindow);
      allWindowNanos += inWindow;
    }
    long cpuNow = processCpuNanos.getAsLong();
    long windowCpu = cpuNow >= 0 && previousCpuNanos >= 0 ? cpuNow - previousCpuNanos : -1;
    long shareOf = windowCpu > 0 ? windowCpu : allWindowNanos;
    Set<String> classes = new LinkedHashSet<>();
    for (Change change : changes.values()) {
      if (change.live()) {
        follow(change, memoized.get(change.key), now.get(change.key), classes);
      }
    }
    List<MethodSnapshot> ranked = new ArrayList<>(methods);
    ranked.sort(Comparator.comparingLong(
        (MethodSnapshot method) -> windowNanos.get(method.method().key())).reversed());
    for (MethodSnapshot method : ranked) {
      String key = method.method().key();
      if (argumentsShed || applied() >= MAX_APPLIED || shareOf <= 0) {
        break;
      }
      if (changes.containsKey(key) || memoized.containsKey(key)
          || (double) windowNanos.get(key) / shareOf < MIN_SHARE) {
        continue;
      }
      consider(method, insights, now.get(key), classes);
    }
    if (!classes.isEmpty()) {
      instrumenter.retransform(classes);
    }
    previous = now;
    previousTotals = totals;
    previousCpuNanos = cpuNow;
  }

  private void consider(
      MethodSnapshot method, MethodInsights insights, Clocked clocked, Set<String> classes) {
    MethodReport.Arguments arguments = insights.arguments(method);
    if (arguments == null || arguments.sampledCalls() < MIN_SAMPLED_CALLS) {
      return; // not sampled (yet): no evidence either way
    }
    MethodRecommender.Verdict verdict =
        MethodRecommender.classify(method, insights.evidence(method), sampleIntervalNanos);
    if (verdict.classification() != Classification.CPU_BOUND) {
      return;
    }
    String key = method.method().key();
    String className = method.method().className();
    Change change = new Change(key, method.method().name(), className,
        method.method().methodName(), method.method().descriptor(), arguments.repeatRate());
    if (arguments.expectedHitRate() < MIN_REPEAT) {
      if (arguments.complete()) {
        refuse(change, String.format(Locale.ROOT, "its arguments repeated in %s of %d sampled"
            + " calls (%d distinct), so a cache would answer about %s of later calls;"
            + " memoization needs at least %s", Units.percent(arguments.repeatRate()),
            arguments.sampledCalls(), arguments.distinct(),
            Units.percent(arguments.expectedHitRate()), Units.percent(MIN_REPEAT)));
      }
      return;
    }
    Class<?> type = instrumenter.loadedClass(className);
    if (type == null) {
      refuse(change, "its class is not loaded where it could be instrumented");
      return;
    }
    Verdict purity = gate.check(type.getClassLoader(), className, change.methodName,
        change.descriptor);
    if (!purity.pure()) {
      refuse(change, "purity gate: " + purity.reason());
      return;
    }
    Clocked before = previous.get(key);
    change.before = clocked == null ? -1 : clocked.meanSince(before);
    change.without = clocked == null ? null : clocked.callsSince(before, MIN_TIMED_CALLS);
    change.reason = String.format(Locale.ROOT, "auto=optimize: %s of %d sampled calls repeated"
        + " earlier arguments (a cache would answer about %s of later calls), CPU-bound (%s),"
        + " the purity gate passed it (%d methods read)",
        Units.percent(arguments.repeatRate()), arguments.sampledCalls(),
        Units.percent(arguments.expectedHitRate()), verdict.basis(), purity.methodsRead());
    settings.put(key, settingsFor(arguments));
    selection.add(className, change.methodName, change.descriptor, change.reason);
    classes.add(className);
    change.state = "verifying";
    change.at = Instant.now();
    changes.put(key, change);
    AgentLog.info("memoizing " + change.name + " from now on, verified before its cache serves: "
        + change.reason);
  }

  /**
   * The cache of a method: room for many times the distinct arguments seen in the sample (the
   * sample is a fraction of the calls), within 256..10,000; {@link #VERIFY_FIRST} hits verified,
   * then one in {@link #START_EVERY}.
   */
  static MemoSettings settingsFor(MethodReport.Arguments arguments) {
    long maxSize = Math.max(256, Math.min(10_000, arguments.distinct() * 16));
    return new MemoSettings(maxSize, Duration.ZERO, VERIFY_FIRST, 1.0 / START_EVERY);
  }

  /** One window of an applied change: verified, serving, measured, or undone. */
  private void follow(Change change, MemoSnapshot figures, Clocked clocked, Set<String> classes) {
    change.windows++;
    if (figures == null || figures.state().equals("skipped")) {
      undo(change, "not-memoizable", "its class could not be memoized"
          + (figures == null ? "" : ": " + figures.reason()), null, classes);
      return;
    }
    change.hits = figures.hits();
    change.checks = figures.checks();
    if (figures.state().equals("unsafe")) {
      String reason = String.valueOf(figures.reason());
      undo(change, reason.contains("changed its arguments") ? "arguments-changed" : "mismatch",
          "a verified call disagreed with the cache: " + reason, figures.evidence(), classes);
      return;
    }
    if (change.state.equals("verifying")) {
      if (figures.hits() > 0 && clocked != null) {
        change.state = "applied";
        change.at = Instant.now();
        change.serving = clocked;
        change.windows = 0;
      } else if (change.windows >= MAX_VERIFYING_WINDOWS) {
        undo(change, "never-served", "its cache served no call in " + change.windows + " windows",
            null, classes);
      }
      return;
    }
    change.every = Math.min(FLOOR_EVERY, change.every * 2);
    memo.verifyEvery(change.key, change.every);
    if (change.gainChecked || change.windows < GAIN_WINDOWS || clocked == null) {
      return;
    }
    testGain(change, clocked, classes);
  }

  /**
   * The gain's test, each window from {@link #GAIN_WINDOWS} of serving on until it is proven:
   * kept, undone, or tested again next window.
   */
  private void testGain(Change change, Clocked clocked, Set<String> classes) {
    change.after = clocked.meanSince(change.serving);
    MannWhitney test = MannWhitney.of(
        change.without == null ? new Histogram(2) : change.without,
        clocked.callsSince(change.serving, 0));
    boolean enough = test.without() >= MIN_TIMED_CALLS && test.with() >= MIN_TIMED_CALLS;
    String measured = gainFigures(test);
    if (enough && test.pValue() < ALPHA && test.medianRatio() >= MIN_MEDIAN_RATIO) {
      change.gainChecked = true;
      change.gain = gain(test, "proven");
      change.reason = change.reason + "; faster: " + measured;
      AgentLog.info("memoizing " + change.name + " pays: " + measured);
    } else if (enough && 1 - test.pValue() < ALPHA) {
      change.gain = gain(test, "refuted");
      undo(change, "slower", "slower with the cache: " + measured, null, classes);
    } else if (change.windows >= GAIN_DEADLINE_WINDOWS) {
      change.gain = gain(test, "refuted");
      undo(change, "no-gain", "no gain proven in " + change.windows + " windows of serving: "
          + measured
          + (enough ? "" : "; too few timed calls to test (" + MIN_TIMED_CALLS + " a side needed)")
          + "; needed p < " + ALPHA + " and a median at least " + MIN_MEDIAN_RATIO
          + " times lower", null, classes);
    } else {
      change.gain = gain(test, "waiting");
    }
  }

  /**
   * The test's figures in words: {@code median 100 us before (1,000 timed calls), 10.0 us with
   * the cache (2,000), p = 1.2e-30 (Mann-Whitney, one-sided)}.
   */
  private static String gainFigures(MannWhitney test) {
    return String.format(Locale.ROOT, "median %s before (%s timed calls), %s with the cache (%s),"
        + " p %s (Mann-Whitney, one-sided)",
        Units.duration(Math.round(test.medianWithout())), Units.count(test.without()),
        Units.duration(Math.round(test.medianWith())), Units.count(test.with()),
        // the normal approximation says nothing finer than that far out in its tail
        test.pValue() < 1e-15 ? "< 1e-15" : String.format(Locale.ROOT, "= %.2g", test.pValue()));
  }

  private static OptimizationReport.Gain gain(MannWhitney test, String verdict) {
    return new OptimizationReport.Gain(test.without(), test.with(), test.medianWithout(),
        test.medianWith(), test.pValue(), verdict);
  }

  private void undo(
      Change change, String because, String why, String evidence, Set<String> classes) {
    memo.undo(change.key, why);
    selection.remove(change.className, change.methodName, change.descriptor);
    settings.remove(change.key);
    classes.add(change.className);
    change.state = "undone";
    change.undoneBecause = because;
    change.reason = why;
    change.evidence = evidence;
    change.at = Instant.now();
    instrumenter.tell(new CodeChange(change.at, change.className, "undone", "memoization",
        List.of(change.methodName + change.descriptor),
        "auto=optimize took back the memoization of " + change.name + ": " + why
            + (evidence == null ? "" : " (" + evidence + ")")));
    AgentLog.warn("stopped memoizing " + change.name + ": " + why
        + (evidence == null ? "" : " (" + evidence + ")")
        + "; it is not memoized again in this run");
  }

  private void refuse(Change change, String why) {
    if (refused >= MAX_REFUSED) {
      return;
    }
    refused++;
    change.state = "refused";
    change.reason = why;
    change.at = Instant.now();
    changes.put(change.key, change);
  }

  private int applied() {
    int applied = 0;
    for (Change change : changes.values()) {
      if (change.live()) {
        applied++;
      }
    }
    return applied;
  }

  /** Every change applied, undone or refused, in the order they were first decided. */
  public synchronized List<OptimizationReport> report() {
    List<OptimizationReport> report = new ArrayList<>();
    for (Change change : changes.values()) {
      report.add(new OptimizationReport(change.key, change.name, "memoize", change.state,
          change.reason, change.evidence, change.at, change.repeatRate, change.before,
          change.after, change.hits, change.checks, change.gain, change.undoneBecause));
    }
    return report;
  }

  /** One line for the report's features: {@code memoization: 1 applied, 0 undone, 3 refused}. */
  public synchronized String state() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String state : List.of("verifying", "applied", "undone", "refused")) {
      counts.put(state, 0);
    }
    changes.values().forEach(change -> counts.merge(change.state, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((state, count) -> parts.add(count + " " + state));
    return "memoization on evidence: " + String.join(", ", parts)
        + (argumentsShed ? "; no new one while the overhead governor sheds argument sampling" : "");
  }

  /**
   * A method's clocked calls and their summed latency, from its cumulative figures, and their
   * cumulative latency histogram as the timing recorders encode it ({@code null}: none yet).
   */
  record Clocked(long calls, double nanos, String histogram) {
    static Clocked of(MethodSnapshot method) {
      return new Clocked(method.latency().calls(),
          method.latency().calls() * method.latency().meanNanos(), method.latency().histogram());
    }

    /**
     * The latencies of the calls timed since {@code earlier}; all timed calls when that leaves
     * fewer than {@code enough} (a slow method's window before a change may hold few calls, and
     * more calls without the cache, from earlier, are better than none).
     */
    Histogram callsSince(Clocked earlier, long enough) {
      Histogram all = decode(histogram);
      Histogram before = earlier == null ? null : decode(earlier.histogram);
      if (before == null || before.getTotalCount() == 0) {
        return all;
      }
      Histogram since = all.copy();
      try {
        since.subtract(before);
      } catch (IllegalArgumentException e) {
        return all; // not a later state of the same histogram: the recorders started afresh
      }
      return since.getTotalCount() >= enough ? since : all;
    }

    private static Histogram decode(String encoded) {
      if (encoded == null) {
        return new Histogram(2);
      }
      try {
        return Histogram.decodeFromCompressedByteBuffer(
            ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
      } catch (DataFormatException | RuntimeException e) {
        return new Histogram(2);
      }
    }

    /** The mean latency of the calls since {@code earlier} (all of them without it); -1: none. */
    double meanSince(Clocked earlier) {
      long count = calls - (earlier == null ? 0 : earlier.calls);
      double sum = nanos - (earlier == null ? 0 : earlier.nanos);
      return count <= 0 ? -1 : sum / count;
    }
  }

  /** One method's change and its state. */
  private static final class Change {
    final String key;
    final String name;
    final String className;
    final String methodName;
    final String descriptor;
    final double repeatRate;
    String state = "refused";
    String reason;
    String evidence;
    Instant at;
    double before = -1;
    double after = -1;
    long hits;
    long checks;
    int windows;
    int every = START_EVERY;
    boolean gainChecked;
    Clocked serving;
    /** The latencies of the calls timed in the window before the change. */
    Histogram without;
    OptimizationReport.Gain gain;
    String undoneBecause;

    Change(String key, String name, String className, String methodName, String descriptor,
        double repeatRate) {
      this.key = key;
      this.name = name;
      this.className = className;
      this.methodName = methodName;
      this.descriptor = descriptor;
      this.repeatRate = repeatRate;
    }

    boolean live() {
      return state.equals("verifying") || state.equals("applied");
    }
  }
}

package dev.overclock.jfr;

import static dev.overclock.jfr.AutoTimingRules.MIN_METHOD_SAMPLES;
import static dev.overclock.jfr.AutoTimingRules.MIN_WAIT_EVENTS;
import static dev.overclock.jfr.AutoTimingRules.MIN_WINDOW_SAMPLES;

import dev.overclock.config.JfrOptions;
import dev.overclock.governor.CodeChangeWatch;
import dev.overclock.jvm.CompiledFrames;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Units;
import dev.overclock.select.Libraries;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Finds the application's hot methods in JFR's execution samples and times them while the
 * application runs: {@code auto=timing}.
 *
 * <h2>What is hot</h2>
 *
 * Every {@code auto.window}, the window's samples are ranked by <em>self</em> count: the samples
 * in which a method was the innermost application frame (the JDK code it called counts as its
 * own). A method with at least {@code auto.minShare} of the window's samples is a candidate, the
 * most sampled first, at most {@code auto.top} per window and {@code auto.max} per run, if it
 * has at least {@link AutoTimingRules#MIN_METHOD_SAMPLES} samples; a window with fewer than
 * {@link AutoTimingRules#MIN_WINDOW_SAMPLES} samples says too little and is skipped. A candidate
 * is timed only once it was one in the window before as well, at half the thresholds there
 * (hot in two windows in a row; half, so that sampling noise does not hold back a method near
 * them): a
 * method hot for one window only is a phase (the application's start-up, such as building an
 * index), and timing it costs a code change of its class for calls that may never come again
 * (or a call that never returns). It also gives the watch of code changes ({@link
 * CodeChangeWatch}) a share from the phase that goes on: a share taken while start-up work
 * shared the window was later seen doubled and the change taken back, its class changed twice
 * for nothing (the cpu workload; docs/performance.md).
 *
 * <p>A short method called from a loop is timed through its caller (see {@link
 * AutoTimingRules#loopCaller}): the innermost method of a hot loop ranks first by self samples
 * and runs once per step, and timing it would cost more than it tells.
 *
 * <p>A waiting thread is never sampled, so the window's blocking events are ranked too (see
 * {@link SampleWindow#waiting}): a method whose threads waited in them for at least {@code
 * auto.minShare} of the window, in at least {@link AutoTimingRules#MIN_WAIT_EVENTS} events, is a
 * candidate as well, after the sampled ones. That is the innermost application frame of the events' stacks,
 * the method that waits, not the framework method above it; for a frame that never returns, the
 * library call it waited in.
 *
 * <h2>What is never timed</h2>
 *
 * The JDK, the agent and generated classes (as for any timing), classes outside {@code
 * include=} or inside {@code exclude=}, well-known library packages unless {@code include=}
 * names them ({@link Libraries}), constructors, and methods whose code cannot or should not
 * take advice: abstract, native, synthetic (lambda bodies) and bridge methods, and
 * <em>straight-line leaves</em>, methods without a loop or a call, which return within
 * nanoseconds: timing one would cost more than it runs, and being hot in samples only means it
 * is called very often. A refused method is noted with its reason (the report shows it) and not
 * considered again.
 *
 * <h2>How it is timed</h2>
 *
 * The method is added to the timing selection's run-time additions ({@link RuntimeSelection})
 * and its class is retransformed: one retransformation per window for all classes added in it.
 * The same advice as for {@code @Timed} goes in, and the method counts from then on. If exact
 * timing turns out to cost too much (calls shorter than {@link TimingCostGuard#MIN_MEAN_NANOS}
 * on average, or so many calls that timing them takes more than {@link
 * TimingCostGuard#MAX_COST_SHARE} of a core), the method is timed on one call in {@code
 * timing.sample.every} instead; only where sampled timing is off ({@code timing.exact=true}) or
 * still too costly is it taken out again, and the report says why.
 *
 * <p>Runs on the JFR stream's thread, once per window; the report thread reads what it did. This
 * class chooses and adds; the rules ({@link AutoTimingRules}), the cost guard ({@link
 * TimingCostGuard}), the never-returned check ({@link NeverReturnedCheck}) and the governor's
 * shedding ({@link AutoTimingShedder}) are their own classes.
 */
public final class HotMethodDetector {

  /** Refusals kept at most (each names a method and why). */
  private static final int MAX_REFUSED = 2_000;

  /**
   * Under {@code auto=optimize}, how many times a method the cost guard took out may be timed
   * again when it is hot again (a call rate of one phase, such as a set-up, need not be the
   * next's, and only timed methods can be memoized): each time is a code change of its class, so
   * it is bounded, and the code-change watch paces it like any other. Each time, the guard judges
   * it again on its calls since. Without {@code auto=optimize} a method taken out stays out.
   */
  static final int MAX_REQUALIFY = 3;

  /**
   * Windows a method the cost guard took out waits before it may be timed again: the phase that
   * made its timing too dear has to be over, not the next window's sampling noise.
   */
  static final int REQUALIFY_AFTER_WINDOWS = 10;

  private final JfrOptions options;
  private final RuntimeSelection additions;
  private final Retransformer instrumenter;
  private final TimingRecorders recorders;
  private final AutoTimingRules rules;
  private final TimingCostGuard guard;
  private final NeverReturnedCheck neverReturned;
  private final AutoTimingShedder shedder;
  private final Map<String, AutoTimedMethod> entries = new LinkedHashMap<>();
  // What each change of running code costs (governor): undoes harmful ones, holds back others.
  private CodeChangeWatch watch = new CodeChangeWatch(CodeChangeWatch.Settings.DEFAULTS);
  private LongSupplier clock = System::nanoTime;
  // The kinds of frame (interpreted or compiled) the watched methods' samples ran in.
  private final CompiledFrames compiledFrames = new CompiledFrames();
  private final Map<String, String> refused = new LinkedHashMap<>();
  // The methods that were candidates by their samples in the last window that had enough.
  private Set<String> hotBefore = Set.of();
  // How long the last window's execution samples were counted over (thin periods carried).
  private long sampledNanos;
  private int added;
  private long windows;
  /**
   * Whether the callers of hot methods are timed too, and a method only once its share is steady
   * (see {@link #timeCallers}).
   */
  private volatile boolean callers;
  /** Each method's share of the previous window's samples: self, and self plus calling. */
  private Map<String, double[]> previousShares = Map.of();

  HotMethodDetector(
      JfrOptions options,
      MethodSelector selector,
      Retransformer instrumenter,
      TimingRecorders recorders,
      boolean includeSet) {
    this(options, selector, instrumenter, recorders, includeSet, (key, why) -> {},
        Libraries::isLibrary);
  }

  /**
   * @param library whether a class is a dependency's rather than the application's (see {@link
   *     dev.overclock.select.ApplicationPackages})
   * @param neverReturns hears of a timed method that completed no call while on the stack (the
   *     profile, so that later windows credit its samples to the calls it makes)
   */
  HotMethodDetector(
      JfrOptions options,
      MethodSelector selector,
      Retransformer instrumenter,
      TimingRecorders recorders,
      boolean includeSet,
      BiConsumer<String, String> neverReturns,
      Predicate<String> library) {
    this.options = options;
    this.additions = selector.runtime();
    this.instrumenter = instrumenter;
    this.recorders = recorders;
    this.rules = new AutoTimingRules(selector, instrumenter, includeSet, library);
    this.guard = new TimingCostGuard(recorders, additions);
    this.neverReturned = new NeverReturnedCheck(additions, neverReturns);
    this.shedder = new AutoTimingShedder(additions);
  }

  /** Test seam: the watch of code changes, and the clock its decisions run on. */
  void watchWith(CodeChangeWatch watch, LongSupplier clock) {
    this.watch = watch;
    this.clock = clock;
  }

  /**
   * Where the watched methods' samples are counted by kind of frame: the live stream feeds it
   * (see {@link LiveStream#watchFrames}), tests their own figures.
   */
  CompiledFrames compiledFrames() {
    return compiledFrames;
  }

  /**
   * Also times, from now on, the method that calls the hot code: an application method whose own
   * samples and those of the application methods it calls directly reach {@code auto.minShare}
   * of a window. {@code auto=optimize} asks for it: the method worth caching is often not the
   * innermost one, whose arguments are one step of a computation (an edit distance inside a
   * vocabulary scan), but its caller, whose arguments are what the application repeats (the word
   * to correct); only timed methods get their arguments sampled.
   *
   * <p>And a method is timed only once its share is steady: not while it is more than twice its
   * share of the window before. The share of the window a method is chosen in is the baseline the
   * code-change watch compares later windows with; at a change of phase (a set-up ending, the
   * load starting) that window holds both phases, the method's share doubles in the next one
   * with no harm done, and the watch took its timing back and held every other change back for a
   * minute: {@code auto=optimize}, which can only memoize timed methods, then memoized nothing
   * (the cpu workload's {@code CatalogSearch::search}: 23% in the window the load began, 49%
   * after). Waiting one window gives the watch a baseline of the phase the method runs in.
   */
  void timeCallers(boolean on) {
    callers = on;
  }

  /**
   * One window: first takes out methods whose timing costs too much, then adds the window's hot
   * methods.
   *
   * @param methods the timed methods, as of this window's snapshot
   */
  synchronized void window(SampleWindow window, List<MethodSnapshot> methods) {
    windows++;
    Set<String> classes = new LinkedHashSet<>();
    long now = clock.getAsLong();
    sampledNanos = options.autoWindow().toNanos() * window.spans();
    undoHarmfulChanges(window, compiledFrames.take(), now, classes);
    guard.check(entries, methods, classes, windows);
    neverReturned.check(entries.values(), window, methods, classes);
    boolean shedNow = shedder.window(entries.values(), methods, classes);
    Set<String> hotNow = hotKeys(window);
    List<AutoTimedMethod> chosen = shedNow ? List.of() : choose(window);
    if (window.samples() >= MIN_WINDOW_SAMPLES) {
      hotBefore = hotNow;
    }
    chosen = withinAllowance(chosen, watch.changesAllowed(now));
    for (AutoTimedMethod entry : chosen) {
      // Sampled from its first call: a hot method is often short, and exact timing until the
      // first read would cost what the governor then sheds it for (TimingRecorders#sampleFirst).
      recorders.sampleFirst(entry.method.key());
      additions.add(entry.method.className(), entry.method.methodName(),
          entry.method.descriptor(), reason(entry));
      classes.add(entry.method.className());
    }
    if (!classes.isEmpty()) {
      instrumenter.retransform(classes);
    }
    for (AutoTimedMethod entry : chosen) {
      String key = entry.method.key();
      if (recorders.isWoven(key)) {
        AutoTimedMethod before = entries.get(key);
        if (before != null) { // timed again after the cost guard took it out
          entry.requalified = before.requalified + 1;
          entry.callsBefore = callsOf(methods, key);
          entry.note = "timed again (" + entry.requalified + " of " + MAX_REQUALIFY
              + ") after the cost guard took it out: " + before.note;
        }
        entries.put(key, entry);
        // A caller of hot code was chosen for its share with the methods it calls: its own share
        // is a few samples, and doubling from there is noise, not its code thrown away (the cpu
        // workload's SpellingCorrector::correct, 3% then 9%, lost its timing, and auto=optimize
        // the measure of its memoization). Its frames running interpreted still count.
        // A caller timed in a hot method's place: its own share is a few samples as well, its
        // share with the method (total) is the baseline.
        watch.changed(key, entry.callingShare > 0 ? entry.callingShare
            : entry.standsFor != null ? entry.totalShare : entry.selfShare, now);
        added++;
        AgentLog.info("timing " + entry.method.name() + " from now on: " + (entry.waited != null
            ? "its threads waited " + Units.duration(entry.waited.nanos()) + " in "
                + entry.waited.events() + " blocking events"
            : entry.callingShare > 0 ? Units.percent(entry.callingShare) + " of the execution"
                + " samples in it or the methods it calls directly"
            : entry.standsFor != null ? "in the place of " + entry.standsFor.name() + ", which it"
                + " calls from a loop, " + Units.percent(entry.standsForShare) + " of the"
                + " execution samples"
            : Units.percent(entry.selfShare) + " of the execution samples") + " in the last "
            + Units.duration(entry.waited != null ? options.autoWindow().toNanos() : sampledNanos)
            + " (auto=timing)");
      } else {
        additions.remove(entry.method.className(), entry.method.methodName(),
            entry.method.descriptor());
        refuse(key, "its class could not be instrumented (see the agent's health)");
      }
    }
    compiledFrames.watch(watch.watchedKeys());
    rememberShares(window);
  }

  /**
   * The candidates the code-change watch lets change now: none while it holds changes back; else
   * at most {@code allowed} chosen for their execution samples (the rest waits: they stay hot if
   * they are) and every one chosen for its waits. The per-window limit is for hot code, whose
   * compiled form a change throws away while the application runs it; a waiting thread runs none
   * of a waiting method's code, and holding such a method back only moves its change, and the
   * recompilation of the callers that inlined it, a window later into the application's run (the
   * http workload's third waiting method went in 5 s after the first two, inside its measured
   * load, with the Jetty handler's class).
   */
  private static List<AutoTimedMethod> withinAllowance(List<AutoTimedMethod> chosen,
      int allowed) {
    if (allowed <= 0) {
      return List.of();
    }
    List<AutoTimedMethod> kept = new ArrayList<>(chosen.size());
    int hot = 0;
    for (AutoTimedMethod entry : chosen) {
      if (entry.waited != null) {
        kept.add(entry);
      } else if (hot < allowed) {
        kept.add(entry);
        hot++;
      }
    }
    return kept;
  }

  private List<AutoTimedMethod> choose(SampleWindow window) {
    List<AutoTimedMethod> chosen = new ArrayList<>();
    Instant now = Instant.now();
    long nowNanos = System.nanoTime();
    if (window.samples() >= MIN_WINDOW_SAMPLES) {
      chooseSampled(window, chosen, now, nowNanos);
    }
    chooseWaiting(window, chosen, now, nowNanos);
    return chosen;
  }

  /** The window's hottest methods by execution samples (and boundary calls), into {@code chosen}. */
  private void chooseSampled(SampleWindow window, List<AutoTimedMethod> chosen, Instant now,
      long nowNanos) {
    for (SampleWindow.Counted counted : window.methods()) {
      String why = window.residents().get(counted.method().key());
      if (why != null && counted.total() >= MIN_METHOD_SAMPLES) {
        refuse(counted.method().key(), why + ": a frame that does not return counts no call, so"
            + " the methods it calls are timed instead");
      }
    }
    Set<String> boundaries = new LinkedHashSet<>();
    List<SampleWindow.Counted> ranked = new ArrayList<>(window.methods());
    for (SampleWindow.Counted boundary : window.boundaries()) {
      boundaries.add(boundary.method().key());
      ranked.add(boundary);
    }
    ranked.sort(Comparator.comparingLong(SampleWindow.Counted::self).reversed()
        .thenComparing(counted -> counted.method().key()));
    for (SampleWindow.Counted counted : ranked) {
      double selfShare = (double) counted.self() / window.samples();
      if (selfShare < options.autoMinShare() || counted.self() < MIN_METHOD_SAMPLES) {
        break;
      }
      Frame method = counted.method();
      if (rising(method.key(), 0, selfShare)) {
        continue; // chosen next window, if it stays hot (see timeCallers)
      }
      if (isChosen(chosen, method.key())) {
        continue; // chosen in the place of a method it calls from a loop
      }
      boolean boundary = boundaries.contains(method.key());
      Admission admission = admission(method, boundary, chosen.size());
      if (admission == Admission.STOP) {
        break;
      }
      if (admission == Admission.SKIP || !hotBefore.contains(method.key())) {
        continue; // not hot in the window before: a phase, or hot from now on (next window)
      }
      SampleWindow.Counted caller = boundary ? null : rules.loopCaller(counted, window);
      if (caller != null) {
        Admission instead = inPlaceOf(counted, caller, window, chosen, now, nowNanos);
        if (instead == Admission.STOP) {
          break;
        }
        if (instead == Admission.ADD) {
          continue;
        }
      }
      chosen.add(new AutoTimedMethod(method, now, nowNanos, selfShare,
          (double) counted.total() / window.samples(), counted.self(), window.samples(),
          boundary, null));
    }
    if (callers) {
      chooseCallers(window, chosen, now, nowNanos);
    }
  }

  /**
   * Times {@code caller} in the place of the hot method {@code counted}, which it calls from a
   * loop (see {@link AutoTimingRules#loopCaller}), into {@code chosen}; the method is noted as
   * refused, with why. When the caller is chosen or was timed already, the method is refused as
   * well: the caller's time holds its time.
   *
   * @return {@link Admission#ADD} when the method is dealt with (its caller timed or chosen),
   *     {@link Admission#STOP} when the window took enough, {@link Admission#SKIP} when the
   *     caller cannot be timed (it was refused): then the method itself is
   */
  private Admission inPlaceOf(SampleWindow.Counted counted, SampleWindow.Counted caller,
      SampleWindow window, List<AutoTimedMethod> chosen, Instant now, long nowNanos) {
    String callerKey = caller.method().key();
    String why = String.format(Locale.ROOT, "called from a loop in %s (%s of its samples came"
        + " through it), whose own samples (%d against this method's %d) say each call is short"
        + " next to a step of the loop: %s is timed in its place, once per loop, and its time"
        + " holds this method's", caller.method().name(),
        Units.percent((double) counted.callerSamples() / counted.total()), caller.self(),
        counted.self(), caller.method().name());
    if (isChosen(chosen, callerKey) || entries.containsKey(callerKey)) {
      refuse(counted.method().key(), why);
      return Admission.ADD;
    }
    Admission admission = admission(caller.method(), false, chosen.size());
    if (admission != Admission.ADD) {
      return admission;
    }
    refuse(counted.method().key(), why);
    AutoTimedMethod entry = new AutoTimedMethod(caller.method(), now, nowNanos,
        (double) caller.self() / window.samples(), (double) caller.total() / window.samples(),
        caller.self(), window.samples(), false, null);
    entry.standsFor = counted.method();
    entry.standsForShare = (double) counted.self() / window.samples();
    chosen.add(entry);
    return Admission.ADD;
  }

  private static boolean isChosen(List<AutoTimedMethod> chosen, String key) {
    for (AutoTimedMethod entry : chosen) {
      if (entry.method.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a method's share ({@code which}: 0 self, 1 self plus calling) is still rising: more
   * than twice what it was in the previous window. Only asked under {@code auto=optimize} (see
   * {@link #timeCallers}).
   */
  private boolean rising(String key, int which, double share) {
    if (!callers) {
      return false;
    }
    double[] before = previousShares.get(key);
    return before == null || 2 * before[which] < share;
  }

  /** Keeps this window's shares for the next window's {@link #rising} question. */
  private void rememberShares(SampleWindow window) {
    if (window.samples() == 0) {
      return;
    }
    Map<String, double[]> shares = new HashMap<>();
    for (SampleWindow.Counted counted : window.methods()) {
      shares.put(counted.method().key(), new double[] {
          (double) counted.self() / window.samples(),
          (double) (counted.self() + counted.calling()) / window.samples()});
    }
    for (SampleWindow.Counted boundary : window.boundaries()) {
      shares.put(boundary.method().key(),
          new double[] {(double) boundary.self() / window.samples(), 0});
    }
    previousShares = shares;
  }

  /**
   * The callers of the window's hot code (see {@link #timeCallers}), ranked by their own samples
   * plus those of the methods they call directly, into {@code chosen}. A method that never
   * returns is left out: it would count no call.
   */
  private void chooseCallers(SampleWindow window, List<AutoTimedMethod> chosen, Instant now,
      long nowNanos) {
    Set<String> taken = new HashSet<>();
    for (AutoTimedMethod entry : chosen) {
      taken.add(entry.method.key());
    }
    List<SampleWindow.Counted> ranked = new ArrayList<>(window.methods());
    ranked.sort(Comparator.comparingLong((SampleWindow.Counted c) -> c.self() + c.calling())
        .reversed().thenComparing(counted -> counted.method().key()));
    for (SampleWindow.Counted counted : ranked) {
      long samples = counted.self() + counted.calling();
      if ((double) samples / window.samples() < options.autoMinShare()
          || samples < MIN_METHOD_SAMPLES) {
        break;
      }
      Frame method = counted.method();
      if (counted.calling() == 0 || taken.contains(method.key())
          || window.residents().containsKey(method.key())
          || rising(method.key(), 1, (double) samples / window.samples())) {
        continue;
      }
      Admission admission = admission(method, false, chosen.size());
      if (admission == Admission.STOP) {
        break;
      }
      if (admission == Admission.SKIP) {
        continue;
      }
      AutoTimedMethod entry = new AutoTimedMethod(method, now, nowNanos,
          (double) counted.self() / window.samples(),
          (double) counted.total() / window.samples(), counted.self(), window.samples(), false,
          null);
      entry.callingShare = (double) samples / window.samples();
      chosen.add(entry);
      taken.add(method.key());
    }
  }

  /**
   * The methods that count as hot in the window before the next one's candidates: at least half
   * of {@code auto.minShare} of this window's execution samples and half of {@link
   * AutoTimingRules#MIN_METHOD_SAMPLES} as their own (self), boundary calls included; empty for a
   * window with too few samples. Half: a method near the thresholds is above them in one window
   * and below in the next by sampling noise alone (the cpu workload's {@code
   * SpellingCorrector::correct}, 12 of 206 samples), and the rule is there for phases that end,
   * which leave next to nothing.
   */
  private Set<String> hotKeys(SampleWindow window) {
    Set<String> hot = new HashSet<>();
    if (window.samples() < MIN_WINDOW_SAMPLES) {
      return hot;
    }
    List<SampleWindow.Counted> counted = new ArrayList<>(window.methods());
    counted.addAll(window.boundaries());
    for (SampleWindow.Counted method : counted) {
      if (2 * method.self() >= MIN_METHOD_SAMPLES
          && 2.0 * method.self() / window.samples() >= options.autoMinShare()) {
        hot.add(method.method().key());
      }
    }
    return hot;
  }

  /**
   * The window's waiting methods (see {@link SampleWindow#waiting}), into {@code chosen}: a method
   * whose threads waited in blocking events for at least {@code auto.minShare} of the window
   * (as time of one thread), in at least {@link AutoTimingRules#MIN_WAIT_EVENTS} events.
   * Execution samples never see a waiting thread, so without this the method that waits would
   * never be timed.
   */
  private void chooseWaiting(SampleWindow window, List<AutoTimedMethod> chosen, Instant now,
      long nowNanos) {
    long windowNanos = Math.max(1, options.autoWindow().toNanos());
    Map<String, SampleWindow.Counted> sampled = new HashMap<>();
    for (SampleWindow.Counted counted : window.methods()) {
      sampled.put(counted.method().key(), counted);
    }
    Set<String> taken = new HashSet<>();
    for (AutoTimedMethod entry : chosen) {
      taken.add(entry.method.key());
    }
    for (SampleWindow.Waited waited : window.waiting()) {
      if ((double) waited.nanos() / windowNanos < options.autoMinShare()) {
        break; // longest first: the rest waited less
      }
      Frame method = waited.method();
      String key = method.key();
      if (waited.events() < MIN_WAIT_EVENTS || taken.contains(key)) {
        continue;
      }
      Admission admission = admission(method, waited.boundary(), chosen.size());
      if (admission == Admission.STOP) {
        break;
      }
      if (admission == Admission.SKIP) {
        continue;
      }
      SampleWindow.Counted counted = sampled.get(key);
      long self = counted == null ? 0 : counted.self();
      long total = counted == null ? 0 : counted.total();
      long samples = Math.max(1, window.samples());
      chosen.add(new AutoTimedMethod(method, now, nowNanos, (double) self / samples,
          (double) total / samples, self, window.samples(), waited.boundary(), waited));
      taken.add(key);
    }
  }

  /** What to do with a candidate: add it, pass over it, or stop (the window took enough). */
  private enum Admission {
    ADD,
    SKIP,
    STOP
  }

  /**
   * Whether a candidate of this window can be timed: not already timed or refused, within {@code
   * auto.top} and {@code auto.max}, and not refused now (the refusal is noted).
   *
   * @param chosenSoFar candidates this window chose before it
   */
  private Admission admission(Frame method, boolean boundary, int chosenSoFar) {
    String key = method.key();
    AutoTimedMethod before = entries.get(key);
    boolean again = before != null && requalifies(before);
    if (!again && (before != null || refused.containsKey(key) || recorders.isWoven(key))) {
      return Admission.SKIP;
    }
    if (chosenSoFar >= options.autoTop()) {
      return Admission.STOP;
    }
    if (added + chosenSoFar >= options.autoMax()) {
      refuse(key, "auto.max=" + options.autoMax() + " methods were timed automatically already");
      return Admission.SKIP;
    }
    String refusal = rules.refusal(method, boundary);
    if (refusal != null) {
      refuse(key, refusal);
      return Admission.SKIP;
    }
    return Admission.ADD;
  }

  /**
   * Whether a method taken out may be timed again: under {@code auto=optimize}, one the cost
   * guard took out (not the watch, the governor or the never-returned check), {@link
   * #REQUALIFY_AFTER_WINDOWS} windows after, at most {@link #MAX_REQUALIFY} times.
   */
  private boolean requalifies(AutoTimedMethod entry) {
    return callers && !entry.timed() && entry.cutByCostGuard
        && entry.requalified < MAX_REQUALIFY
        && windows - entry.cutInWindow >= REQUALIFY_AFTER_WINDOWS;
  }

  /** A method's calls so far in {@code methods}, or 0. */
  private static long callsOf(List<MethodSnapshot> methods, String key) {
    for (MethodSnapshot method : methods) {
      if (method.method().key().equals(key)) {
        return method.calls();
      }
    }
    return 0;
  }

  /**
   * Takes out the timing of methods whose code change made them slower (see {@link
   * CodeChangeWatch}): their original code is restored with this window's retransformation.
   */
  private void undoHarmfulChanges(SampleWindow window, Map<String, CompiledFrames.Kinds> kinds,
      long now, Set<String> classes) {
    for (CodeChangeWatch.Undo undo : watch.window(window, kinds, now)) {
      AutoTimedMethod entry = entries.get(undo.key());
      if (entry == null || !entry.timed()) {
        continue;
      }
      entry.remove("removed: " + undo.reason(), additions, classes);
      AgentLog.warn("stopped timing " + entry.method.name() + ": " + undo.reason()
          + (watch.stopped() ? "; " + watch.undone().size() + " code changes were taken back,"
              + " so no hot method's code is changed again in this run"
              : "; no new method is timed automatically for a while"));
    }
  }

  /**
   * The overhead governor's third step (see {@link AutoTimingShedder}): on, the least valuable
   * half of the automatically timed methods are taken out at the next window and none is added
   * while it stays on; off, methods are added again.
   */
  void shedding(boolean on) {
    shedder.shedding(on);
  }

  /** Code changes watched, and those taken back because they made a method slower. */
  public CodeChangeWatch watch() {
    return watch;
  }

  private void refuse(String key, String reason) {
    if (refused.size() < MAX_REFUSED) {
      refused.putIfAbsent(key, reason);
    }
  }

  private String reason(AutoTimedMethod entry) {
    if (entry.waited != null) {
      return String.format(Locale.ROOT, "auto: %swaited %s in %d blocking events in a %s window",
          entry.boundary ? "a library call made from a frame that never returns, " : "",
          Units.duration(entry.waited.nanos()), entry.waited.events(),
          Units.duration(options.autoWindow().toNanos()));
    }
    if (entry.standsFor != null) {
      return String.format(Locale.ROOT, "auto: in the place of %s, which it calls from a loop"
          + " (%s of %d execution samples in a %s window; each call is too short to time)",
          entry.standsFor.name(), Units.percent(entry.standsForShare), entry.windowSamples,
          Units.duration(sampledNanos));
    }
    if (entry.callingShare > 0) {
      return String.format(Locale.ROOT, "auto: the caller of hot code (auto=optimize), %s of %d"
          + " execution samples in it or the methods it calls directly in a %s window",
          Units.percent(entry.callingShare), entry.windowSamples, Units.duration(sampledNanos));
    }
    return String.format(Locale.ROOT, "auto: %s%s of %d execution samples in a %s window",
        entry.boundary ? "a library call made from a frame that never returns, " : "",
        Units.percent(entry.selfShare), entry.windowSamples, Units.duration(sampledNanos));
  }

  /** The report's view of an automatically timed method, or {@code null}. */
  synchronized MethodReport.Auto auto(String key) {
    AutoTimedMethod entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    return new MethodReport.Auto(entry.addedAt, entry.selfShare, entry.totalShare, entry.samples,
        entry.windowSamples, entry.state, entry.note);
  }

  /** Why a method was not timed automatically, or {@code null}. */
  synchronized String refusalOf(String key) {
    return refused.get(key);
  }

  /**
   * What the watch of code changes did, for the report's features: {@code 3 code changes
   * watched, 1 taken back}, and when the JIT's recompilation was seen {@code , 2 seen compiled
   * again (within 1.2 s)}; {@code , no more changes in this run} once they stopped.
   */
  synchronized String changesState() {
    return watch.changes() + " code changes watched, " + watch.undone().size() + " taken back"
        + (watch.recompiled() == 0 ? "" : String.format(Locale.ROOT,
            ", %d seen compiled again (within %.1f s)", watch.recompiled(),
            watch.slowestRecompileNanos() / 1e9))
        + (watch.stopped() ? ", no more changes in this run" : "");
  }

  /** Methods timed automatically so far (also those taken out again). */
  synchronized int added() {
    return added;
  }
}

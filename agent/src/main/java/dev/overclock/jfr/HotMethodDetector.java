package dev.overclock.jfr;

import dev.overclock.config.JfrOptions;
import dev.overclock.governor.CodeChangeWatch;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Units;
import dev.overclock.select.Libraries;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.MethodShape;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * has at least {@link #MIN_METHOD_SAMPLES} samples; a window with fewer than {@link
 * #MIN_WINDOW_SAMPLES} samples says too little and is skipped.
 *
 * <p>A waiting thread is never sampled, so the window's blocking events are ranked too (see
 * {@link SampleWindow#waiting}): a method whose threads waited in them for at least {@code
 * auto.minShare} of the window, in at least {@link #MIN_WAIT_EVENTS} events, is a candidate as
 * well, after the sampled ones. That is the innermost application frame of the events' stacks,
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
 * timing turns out to cost too much (calls shorter than {@link #MIN_MEAN_NANOS} on average, or
 * so many calls that timing them takes more than {@link #MAX_COST_SHARE} of a core), the method
 * is timed on one call in {@code timing.sample.every} instead; only where sampled timing is off
 * ({@code timing.exact=true}) or still too costly is it taken out again, and the report says
 * why.
 *
 * <p>Runs on the JFR stream's thread, once per window; the report thread reads what it did.
 */
public final class HotMethodDetector {

  /** A window with fewer execution samples says too little to rank methods by. */
  static final int MIN_WINDOW_SAMPLES = 20;

  /**
   * A method needs at least this many self samples in the window, whatever its share: with fewer,
   * the share is mostly noise (its relative error is about one over the square root of the count).
   */
  static final int MIN_METHOD_SAMPLES = 10;

  /**
   * What timing one call costs, about (two clock reads and a histogram update; see
   * docs/performance.md): the basis of the guard below.
   */
  static final long TIMING_COST_NANOS = 150;

  /** Calls shorter than this on average are taken out: timing would cost over 5% of each. */
  static final long MIN_MEAN_NANOS = 20 * TIMING_COST_NANOS;

  /** What counting one call of a sampled method without clocking it costs, about. */
  static final long COUNTING_COST_NANOS = 10;

  /** Timing a method may cost at most this share of one core. */
  static final double MAX_COST_SHARE = 0.02;

  /** The guard judges a method after this many calls. */
  static final long GUARD_MIN_CALLS = 200;

  /** A waiting method needs at least this many blocking events in the window. */
  static final int MIN_WAIT_EVENTS = 10;

  /** Refusals kept at most (each names a method and why). */
  private static final int MAX_REFUSED = 2_000;

  /**
   * A timed method that completes no call in this many windows while on the stack is a frame that
   * does not return.
   */
  static final int IDLE_WINDOWS = 2;

  private final JfrOptions options;
  private final MethodSelector selector;
  private final RuntimeSelection additions;
  private final Retransformer instrumenter;
  private final TimingRecorders recorders;
  private final boolean includeSet;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  // What each change of running code costs (governor): undoes harmful ones, holds back others.
  private CodeChangeWatch watch = new CodeChangeWatch(CodeChangeWatch.Settings.DEFAULTS);
  private LongSupplier clock = System::nanoTime;
  private final Map<String, String> refused = new LinkedHashMap<>();
  private final BiConsumer<String, String> neverReturns;
  private final Predicate<String> library;
  private int added;
  // Set by the overhead governor's thread; acted on at the next window, on the stream thread.
  private volatile boolean shedding;
  private boolean shed;

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
    this.neverReturns = neverReturns;
    this.library = library;
    this.options = options;
    this.selector = selector;
    this.additions = selector.runtime();
    this.instrumenter = instrumenter;
    this.recorders = recorders;
    this.includeSet = includeSet;
  }

  /** Test seam: the watch of code changes, and the clock its decisions run on. */
  void watchWith(CodeChangeWatch watch, LongSupplier clock) {
    this.watch = watch;
    this.clock = clock;
  }

  /** One method timed automatically. */
  private static final class Entry {
    final Frame method;
    final Instant addedAt;
    final long addedNanos;
    final double selfShare;
    final double totalShare;
    final long samples;
    final long windowSamples;
    final boolean boundary;
    /** Set for a method chosen for its waiting: its threads' time in the window's blocking events. */
    final SampleWindow.Waited waited;
    String state = "timed";
    String note;
    int idleWindows;

    Entry(Frame method, Instant addedAt, long addedNanos, double selfShare, double totalShare,
        long samples, long windowSamples, boolean boundary, SampleWindow.Waited waited) {
      this.boundary = boundary;
      this.waited = waited;
      this.method = method;
      this.addedAt = addedAt;
      this.addedNanos = addedNanos;
      this.selfShare = selfShare;
      this.totalShare = totalShare;
      this.samples = samples;
      this.windowSamples = windowSamples;
    }
  }

  /**
   * One window: first takes out methods whose timing costs too much, then adds the window's hot
   * methods.
   *
   * @param methods the timed methods, as of this window's snapshot
   */
  synchronized void window(SampleWindow window, List<MethodSnapshot> methods) {
    Set<String> classes = new LinkedHashSet<>();
    long now = clock.getAsLong();
    undoHarmfulChanges(window, now, classes);
    guard(methods, classes);
    neverReturned(window, methods, classes);
    boolean shedNow = shedding;
    if (shedNow && !shed) {
      shedLeastValuable(methods, classes);
    }
    shed = shedNow;
    List<Entry> chosen = shedNow ? List.of() : choose(window);
    int allowed = watch.changesAllowed(now);
    if (chosen.size() > allowed) {
      chosen = chosen.subList(0, allowed); // the rest waits: they stay hot if they are
    }
    for (Entry entry : chosen) {
      additions.add(entry.method.className(), entry.method.methodName(),
          entry.method.descriptor(), reason(entry));
      classes.add(entry.method.className());
    }
    if (!classes.isEmpty()) {
      instrumenter.retransform(classes);
    }
    for (Entry entry : chosen) {
      String key = entry.method.key();
      if (recorders.isWoven(key)) {
        entries.put(key, entry);
        watch.changed(key, entry.selfShare, now);
        added++;
        AgentLog.info("timing " + entry.method.name() + " from now on: " + (entry.waited != null
            ? "its threads waited " + Units.duration(entry.waited.nanos()) + " in "
                + entry.waited.events() + " blocking events"
            : percent(entry.selfShare) + " of the execution samples") + " in the last "
            + Units.duration(options.autoWindow().toNanos()) + " (auto=timing)");
      } else {
        additions.remove(entry.method.className(), entry.method.methodName(),
            entry.method.descriptor());
        refuse(key, "its class could not be instrumented (see the agent's health)");
      }
    }
  }

  private List<Entry> choose(SampleWindow window) {
    List<Entry> chosen = new ArrayList<>();
    Instant now = Instant.now();
    long nowNanos = System.nanoTime();
    if (window.samples() >= MIN_WINDOW_SAMPLES) {
      chooseSampled(window, chosen, now, nowNanos);
    }
    chooseWaiting(window, chosen, now, nowNanos);
    return chosen;
  }

  /** The window's hottest methods by execution samples (and boundary calls), into {@code chosen}. */
  private void chooseSampled(SampleWindow window, List<Entry> chosen, Instant now,
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
      boolean boundary = boundaries.contains(method.key());
      Admission admission = admission(method, boundary, chosen.size());
      if (admission == Admission.STOP) {
        break;
      }
      if (admission == Admission.SKIP) {
        continue;
      }
      chosen.add(new Entry(method, now, nowNanos, selfShare,
          (double) counted.total() / window.samples(), counted.self(), window.samples(),
          boundary, null));
    }
  }

  /**
   * The window's waiting methods (see {@link SampleWindow#waiting}), into {@code chosen}: a method
   * whose threads waited in blocking events for at least {@code auto.minShare} of the window
   * (as time of one thread), in at least {@link #MIN_WAIT_EVENTS} events. Execution samples never
   * see a waiting thread, so without this the method that waits would never be timed.
   */
  private void chooseWaiting(SampleWindow window, List<Entry> chosen, Instant now,
      long nowNanos) {
    long windowNanos = Math.max(1, options.autoWindow().toNanos());
    Map<String, SampleWindow.Counted> sampled = new java.util.HashMap<>();
    for (SampleWindow.Counted counted : window.methods()) {
      sampled.put(counted.method().key(), counted);
    }
    Set<String> taken = new java.util.HashSet<>();
    for (Entry entry : chosen) {
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
      chosen.add(new Entry(method, now, nowNanos, (double) self / samples,
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
    if (entries.containsKey(key) || refused.containsKey(key) || recorders.isWoven(key)) {
      return Admission.SKIP;
    }
    if (chosenSoFar >= options.autoTop()) {
      return Admission.STOP;
    }
    if (added + chosenSoFar >= options.autoMax()) {
      refuse(key, "auto.max=" + options.autoMax() + " methods were timed automatically already");
      return Admission.SKIP;
    }
    String refusal = refusal(method, boundary);
    if (refusal != null) {
      refuse(key, refusal);
      return Admission.SKIP;
    }
    return Admission.ADD;
  }

  /** Why a method must not be timed automatically, or {@code null}. */
  String refusal(Frame method) {
    return refusal(method, false);
  }

  /**
   * Why a method must not be timed automatically, or {@code null}.
   *
   * @param boundary whether it is a library method the application calls from a frame that never
   *     returns: then its library is no reason to refuse it
   */
  String refusal(Frame method, boolean boundary) {
    String className = method.className();
    if (MethodSelector.isReservedClass(className)) {
      return "JDK or agent class: never instrumented";
    }
    if (selector.isIgnoredClass(className)) {
      return "generated class, or outside include= / inside exclude=";
    }
    if (!boundary && !includeSet && library.test(className)) {
      return "library package (outside the main class's code source and the class path's"
          + " directories): name it in include= to time it automatically";
    }
    if (method.methodName().startsWith("<")) {
      return "constructor or class initialiser: not timed";
    }
    MethodShape shape =
        instrumenter.shape(className, method.methodName(), method.descriptor());
    if (shape == null || !shape.found()) {
      return "its class file could not be read where it could be instrumented";
    }
    if (!shape.isAdvisable()) {
      return "abstract, native, synthetic or bridge method (lambda bodies are synthetic)";
    }
    if (shape.isStraightLineLeaf()) {
      return "straight-line method without loops or calls: it returns within nanoseconds, so"
          + " timing it would cost more than it runs";
    }
    return null;
  }

  /**
   * Takes out the timing of methods whose code change made them slower (see {@link
   * CodeChangeWatch}): their original code is restored with this window's retransformation.
   */
  private void undoHarmfulChanges(SampleWindow window, long now, Set<String> classes) {
    for (CodeChangeWatch.Undo undo : watch.window(window, now)) {
      Entry entry = entries.get(undo.key());
      if (entry == null || !entry.state.equals("timed")) {
        continue;
      }
      entry.state = "removed";
      entry.note = "removed: " + undo.reason();
      additions.remove(entry.method.className(), entry.method.methodName(),
          entry.method.descriptor());
      classes.add(entry.method.className());
      AgentLog.warn("stopped timing " + entry.method.name() + ": " + undo.reason()
          + "; no new method is timed automatically for a while");
    }
  }

  /**
   * The overhead governor's third step: on, the least valuable half (rounded down) of the
   * automatically timed methods (least time over the run) are taken out at the next window and no method is added
   * while it stays on; off, methods are added again (those taken out stay out).
   */
  void shedding(boolean on) {
    shedding = on;
  }

  private void shedLeastValuable(List<MethodSnapshot> methods, Set<String> classes) {
    Map<String, Long> nanos = new java.util.HashMap<>();
    for (MethodSnapshot method : methods) {
      nanos.put(method.method().key(), method.totalNanos());
    }
    List<Entry> timed = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (entry.state.equals("timed")) {
        timed.add(entry);
      }
    }
    timed.sort(Comparator.comparingLong(
        (Entry entry) -> nanos.getOrDefault(entry.method.key(), 0L)));
    for (Entry entry : timed.subList(0, timed.size() / 2)) { // one method alone stays
      entry.state = "removed";
      entry.note = "removed: the agent was over its overhead budget, and this was among the"
          + " automatically timed methods with the least time";
      additions.remove(entry.method.className(), entry.method.methodName(),
          entry.method.descriptor());
      classes.add(entry.method.className());
      AgentLog.info("stopped timing " + entry.method.name() + ": over the overhead budget");
    }
  }

  /** Code changes watched, and those taken back because they made a method slower. */
  public CodeChangeWatch watch() {
    return watch;
  }

  /**
   * Keeps the timing of automatically timed methods cheap: a method whose calls are too short to
   * time exactly, or so frequent that timing each would cost too much of a core, is timed on one
   * call in {@code timing.sample.every} (its calls still all counted) instead of being refused:
   * a short hot method is still one users want to see. Only where sampled timing is off ({@code
   * timing.exact=true}), or where even a sampled method costs too much, is it taken out.
   */
  private void guard(List<MethodSnapshot> methods, Set<String> classes) {
    long now = System.nanoTime();
    int every = recorders.sampling().every();
    for (MethodSnapshot method : methods) {
      Entry entry = entries.get(method.method().key());
      if (entry == null || !entry.state.equals("timed") || method.calls() < GUARD_MIN_CALLS) {
        continue;
      }
      double mean = method.latency().meanNanos();
      double seconds = Math.max(1e-3, (now - entry.addedNanos) / 1e9);
      double callsPerSecond = method.calls() / seconds;
      boolean tooShort = mean < MIN_MEAN_NANOS;
      boolean tooFrequent = callsPerSecond * TIMING_COST_NANOS / 1e9 > MAX_COST_SHARE;
      if (!tooShort && !tooFrequent) {
        continue;
      }
      int sampledEvery = method.sampled() ? method.sampleEvery() : every;
      double sampledCost = callsPerSecond
          * (TIMING_COST_NANOS / (double) Math.max(1, sampledEvery) + COUNTING_COST_NANOS) / 1e9;
      String why = tooShort
          ? "calls took " + Units.duration(mean) + " on average"
          : String.format(Locale.ROOT, "%.0f calls a second", callsPerSecond);
      if (sampledEvery > 1 && sampledCost <= MAX_COST_SHARE) {
        if (!method.sampled()) {
          recorders.pinSampling(recorders.idOf(method.method().key()), sampledEvery);
        }
        if (entry.note == null) {
          entry.note = "sampled: " + why + ", so one call in " + sampledEvery + " is clocked"
              + " (every call counted)";
          AgentLog.info("timing " + entry.method.name() + " on one call in " + sampledEvery
              + ": " + why);
        }
        continue;
      }
      String note = tooShort
          ? String.format(Locale.ROOT, "removed: calls took %s on average, so timing them"
              + " would cost over 5%% of their time", Units.duration(mean))
          : String.format(Locale.ROOT, "removed: %.0f calls a second, so timing them would"
              + " take about %s of a core", callsPerSecond,
              percent(sampledEvery > 1 ? sampledCost
                  : callsPerSecond * TIMING_COST_NANOS / 1e9));
      entry.state = "removed";
      entry.note = note;
      additions.remove(entry.method.className(), entry.method.methodName(),
          entry.method.descriptor());
      classes.add(entry.method.className());
      AgentLog.info("stopped timing " + entry.method.name() + ": " + note.substring(9));
    }
  }

  /**
   * Takes out timed methods that completed no call in {@link #IDLE_WINDOWS} windows while still
   * on the stack: frames that do not return (a loop, a thread's run method). From then on the
   * profile credits their samples to the calls they make, which the next windows time instead.
   */
  private void neverReturned(SampleWindow window, List<MethodSnapshot> methods,
      Set<String> classes) {
    Map<String, Long> calls = new java.util.HashMap<>();
    for (MethodSnapshot method : methods) {
      calls.put(method.method().key(), method.calls());
    }
    Map<String, Long> onStack = new java.util.HashMap<>();
    for (SampleWindow.Counted counted : window.methods()) {
      onStack.put(counted.method().key(), counted.total());
    }
    for (Entry entry : entries.values()) {
      String key = entry.method.key();
      if (!entry.state.equals("timed") || calls.getOrDefault(key, 0L) > 0) {
        continue;
      }
      if (onStack.getOrDefault(key, 0L) == 0) {
        entry.idleWindows = 0; // not running at all: nothing to say about returning
        continue;
      }
      if (++entry.idleWindows < IDLE_WINDOWS) {
        continue;
      }
      entry.state = "removed";
      entry.note = "removed: no call completed in " + IDLE_WINDOWS + " windows while it was on"
          + " the stack: a frame that does not return (a loop or a thread's run method); the"
          + " methods it calls are timed instead";
      additions.remove(entry.method.className(), entry.method.methodName(),
          entry.method.descriptor());
      classes.add(entry.method.className());
      neverReturns.accept(key, "never returned: timed, it completed no call in " + IDLE_WINDOWS
          + " windows while on the stack");
      AgentLog.info("stopped timing " + entry.method.name() + ": it never returned while timed;"
          + " timing the methods it calls instead");
    }
  }

  private void refuse(String key, String reason) {
    if (refused.size() < MAX_REFUSED) {
      refused.putIfAbsent(key, reason);
    }
  }

  private String reason(Entry entry) {
    if (entry.waited != null) {
      return String.format(Locale.ROOT, "auto: %swaited %s in %d blocking events in a %s window",
          entry.boundary ? "a library call made from a frame that never returns, " : "",
          Units.duration(entry.waited.nanos()), entry.waited.events(),
          Units.duration(options.autoWindow().toNanos()));
    }
    return String.format(Locale.ROOT, "auto: %s%s of %d execution samples in a %s window",
        entry.boundary ? "a library call made from a frame that never returns, " : "",
        percent(entry.selfShare), entry.windowSamples,
        Units.duration(options.autoWindow().toNanos()));
  }

  /** The report's view of an automatically timed method, or {@code null}. */
  synchronized MethodReport.Auto auto(String key) {
    Entry entry = entries.get(key);
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
   * watched, 1 taken back}.
   */
  synchronized String changesState() {
    return watch.changes() + " code changes watched, " + watch.undone().size() + " taken back";
  }

  /** Methods timed automatically so far (also those taken out again). */
  synchronized int added() {
    return added;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}

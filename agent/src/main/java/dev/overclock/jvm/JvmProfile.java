package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Everything the flight-recorder events of one JVM said, aggregated as they arrive, in bounded
 * memory: no event is kept.
 *
 * <h2>Frames</h2>
 *
 * Stacks come top frame first. A frame is <em>JDK</em> when its class belongs to the JDK, to
 * the agent, or is generated ({@code $$} in its name); it is an <em>application</em> frame when
 * the predicate given at construction says so (the live agent excludes JDK and well-known
 * library packages, and respects {@code include=}/{@code exclude=}). A sample's <em>self</em>
 * method is its innermost application frame: time in the JDK code an application method calls
 * counts as that method's own, which is what a reader means by "where my code spends its time".
 * A method's <em>total</em> counts every sample with it anywhere on the stack (once per sample,
 * also under recursion); totals and blocking times are kept for every non-JDK method, so that a
 * timed library method has evidence too.
 *
 * <h2>Bounds</h2>
 *
 * Per-method counters for at most {@link #MAX_METHODS} methods (later ones are not tracked); a
 * flame graph of at most {@link #MAX_FLAME_NODES} nodes; top-site tables of a few hundred
 * entries each; time series of at most {@link #MAX_POINTS} points. Thread-safe: one thread adds
 * events, others read reports and windows.
 *
 * <h2>Parts</h2>
 *
 * This class takes the events and holds the one lock; each kind of figure lives in its own part:
 * {@link ApplicationCode} (which frames count, and sites), {@link SampleTimes} and {@link
 * HotWindow} (execution samples), {@link MethodCounters} (per-method evidence), {@link CpuLoad},
 * {@link GcActivity}, {@link WaitSites} (allocation, contention, I/O), {@link WaitingMethods}
 * (blocking events per method that waited), {@link PinnedThreads} and {@link FlameGraph}; {@link
 * #report} puts their sections together.
 */
public final class JvmProfile {

  /**
   * The JVM's events a profile is built from, in the order the report lists them: what the live
   * stream subscribes to, and the first of what the offline analysis reads.
   */
  public static final List<String> EVENTS = List.of(
      "jdk.ExecutionSample",
      "jdk.CPULoad",
      "jdk.GarbageCollection",
      "jdk.GCHeapSummary",
      "jdk.ObjectAllocationSample",
      "jdk.JavaMonitorEnter",
      "jdk.JavaMonitorWait",
      "jdk.ThreadPark",
      "jdk.ThreadSleep",
      "jdk.SocketRead",
      "jdk.SocketWrite",
      "jdk.FileRead",
      "jdk.FileWrite",
      "jdk.VirtualThreadPinned");

  public static final int MAX_METHODS = 20_000;
  static final int MAX_FLAME_NODES = 30_000;
  static final int MAX_POINTS = 240;
  static final int SITES = 256;
  static final int PINNED_STACK_FRAMES = 16;
  static final int TOP_SITES = 20;
  static final int TOP_HOT_METHODS = 25;
  static final int RECENT_SAMPLES = 512;
  static final int MAX_THREADS = 4_096;

  private final ApplicationCode code;
  private final Timeline timeline = new Timeline();
  private final FlameGraph flame = new FlameGraph(MAX_FLAME_NODES);
  private final SampleTimes samples = new SampleTimes(RECENT_SAMPLES);
  private final HotWindow window;
  private final MethodCounters methods;
  private final CpuLoad cpu = new CpuLoad(MAX_POINTS);
  private final GcActivity gc = new GcActivity(MAX_POINTS);
  private final WaitSites sites = new WaitSites(SITES, TOP_SITES);
  private final PinnedThreads pinned = new PinnedThreads(SITES, TOP_SITES, PINNED_STACK_FRAMES);
  private final ThreadRoots roots = new ThreadRoots(MAX_THREADS);
  private final WaitingMethods waiting;
  private final TimedCoverage coverage = new TimedCoverage();
  /**
   * Each stack's {@link #where}, by the stack list's identity: the offline reader hands out one
   * list per stack trace (shared by every event with that stack), and the three site strings
   * cost a walk of the stack with an application test per frame, for every allocation sample
   * and blocking event. Only once {@link #stable} says the application test gives its final
   * answers; at most {@link #WHERE_CACHE} stacks, then forgotten.
   */
  private final Map<List<Frame>, WaitSites.Where> whereByStack = new IdentityHashMap<>();
  private final BooleanSupplier stable;

  static final int WHERE_CACHE = 16_384;

  /**
   * The execution samples of each stack not yet added to the per-stack tables ({@link
   * FlameGraph}, {@link MethodCounters}, {@link HotWindow}), by the stack list's identity, as
   * {@link #whereByStack}: each of those walks every frame of the stack, with a hash lookup per
   * frame, and a recording's samples repeat a few stacks many times. The first sample of a stack
   * is added at once (so every table entry is created in the same order as sample by sample:
   * their bounds and tie orders hold); the stack's later samples are counted here and added in
   * one weighted walk by {@link #flush}, before anything reads the tables. At most {@link
   * #PENDING_STACKS} stacks of {@link #PENDING_FRAMES} frames between them (deep stacks), then
   * flushed and forgotten.
   */
  private final Map<List<Frame>, long[]> pending = new IdentityHashMap<>();
  private int pendingFrames;

  /** Numbers for the weighted walks of {@link #flush}, apart from the samples' (positive). */
  private long flushes;

  /**
   * Allocation samples and blocking events of a stack, kind and detail seen before, counted
   * until the tables are read (see {@link StackTallies}): only while {@link #stable}, as {@link
   * #pending}. One per site table (allocation, contention, I/O, as {@link #tallies(Blocking)}),
   * so that a full table, which replaces a site for each new one, has its own tallies added
   * before each replacement and then takes its events one by one, while the others go on.
   */
  private final StackTallies[] tallies = {
      new StackTallies(), new StackTallies(), new StackTallies()};

  static final int PENDING_STACKS = 16_384;
  static final int PENDING_FRAMES = 262_144;

  /** @param application whether a class is application code (see the class comment) */
  public JvmProfile(Predicate<String> application) {
    this(application, () -> false);
  }

  /**
   * @param application whether a class is application code (see the class comment)
   * @param stable whether {@code application}'s answers are final and the stack lists given
   *     are shared per stack (never changed): what is derived from a stack may then be kept
   */
  public JvmProfile(Predicate<String> application, BooleanSupplier stable) {
    this.stable = stable;
    this.code = new ApplicationCode(application);
    this.window = new HotWindow(code, MAX_METHODS);
    this.methods = new MethodCounters(code, MAX_METHODS);
    this.waiting = new WaitingMethods(code, MAX_METHODS);
  }

  /** Whether a class belongs to the JDK, the agent, or is generated: never application code. */
  public static boolean isJdk(String className) {
    return ApplicationCode.isJdk(className);
  }

  // ---- events ----

  /** An execution sample ({@code jdk.ExecutionSample}) of an unknown thread; frames top first. */
  public void executionSample(Instant at, List<Frame> frames) {
    executionSample(at, -1, frames, false);
  }

  /**
   * An execution sample ({@code jdk.ExecutionSample}); frames top first.
   *
   * @param thread the sampled thread's Java id, negative when unknown
   * @param truncated whether JFR cut the stack short
   */
  public synchronized void executionSample(
      Instant at, long thread, List<Frame> frames, boolean truncated) {
    timeline.seen(at);
    roots.seen(thread, at == null ? 0 : Timeline.epochNanos(at), frames, truncated);
    long sample = samples.add(at);
    coverage.sampled(frames, code);
    if (stable.getAsBoolean()) {
      long[] count = pending.get(frames);
      if (count != null) {
        count[0]++;
        return;
      }
      if (pending.size() >= PENDING_STACKS || pendingFrames + frames.size() > PENDING_FRAMES) {
        forgetPending();
      }
      pending.put(frames, new long[1]);
      pendingFrames += frames.size() + 1;
    }
    flame.add(frames, 1);
    methods.sampled(frames, sample);
    window.add(frames, sample);
  }

  private void forgetPending() {
    flush();
    pending.clear();
    pendingFrames = 0;
  }

  /**
   * Adds the samples {@link #pending} holds to the tables, one walk per stack, weighted, and
   * what {@link #tallies} counted.
   */
  private void flush() {
    addTallies();
    for (Map.Entry<List<Frame>, long[]> stack : pending.entrySet()) {
      long weight = stack.getValue()[0];
      if (weight > 0) {
        List<Frame> frames = stack.getKey();
        long walk = --flushes;
        flame.add(frames, weight);
        methods.sampled(frames, walk, weight);
        window.add(frames, walk, weight);
        stack.getValue()[0] = 0;
      }
    }
  }

  /** CPU load ({@code jdk.CPULoad}): this JVM (user + system) and the machine, 0..1. */
  public synchronized void cpuLoad(Instant at, double process, double machine) {
    timeline.seen(at);
    cpu.add(at, process, machine);
  }

  /** A garbage collection ({@code jdk.GarbageCollection}) and its stop-the-world pause time. */
  public synchronized void garbageCollection(Instant at, String name, long pauseNanos) {
    timeline.seen(at);
    gc.collection(name, pauseNanos);
  }

  /** Heap in use after a collection ({@code jdk.GCHeapSummary}, "After GC"). */
  public synchronized void heapAfterGc(Instant at, long usedBytes) {
    timeline.seen(at);
    gc.heapAfterGc(at, usedBytes);
  }

  /**
   * An allocation sample ({@code jdk.ObjectAllocationSample}).
   *
   * @param weightBytes the bytes this sample stands for (allocated since the thread's last sample)
   */
  public synchronized void allocation(
      Instant at, List<Frame> frames, String objectClass, long weightBytes) {
    timeline.seen(at);
    if (tallies(null).count(frames, null, objectClass, Math.max(0, weightBytes), 0, false)) {
      return;
    }
    WaitSites.Where where = where(frames);
    beforeAdding(null, where, objectClass);
    sites.allocation(where, objectClass, weightBytes);
    tally(frames, null, objectClass);
  }

  /**
   * A thread waited: a lock, park, wait, sleep or I/O event with its stack.
   *
   * @param detail the monitor class, host and port, or path
   * @param bytes bytes moved by an I/O event
   * @param virtualThread whether the waiting thread was virtual
   */
  public synchronized void blocked(
      Instant at,
      Blocking kind,
      List<Frame> frames,
      String detail,
      long durationNanos,
      long bytes,
      boolean virtualThread) {
    timeline.seen(at);
    long nanos = Math.max(0, durationNanos);
    if (tallies(kind).count(frames, kind, detail, nanos, Math.max(0, bytes), virtualThread)) {
      return;
    }
    WaitSites.Where where = where(frames);
    beforeAdding(kind, where, detail);
    sites.blocked(kind, where, detail, nanos, bytes);
    methods.blocked(kind, frames, nanos, virtualThread);
    waiting.blocked(kind, frames, nanos);
    tally(frames, kind, detail);
  }

  /**
   * Before an event is added to the tables one by one: when it would replace another site of a
   * full site table, the tallies are added first, so that the table chooses the site to replace
   * by the weights it would have had one by one.
   */
  private void beforeAdding(Blocking kind, WaitSites.Where where, String detail) {
    StackTallies table = tallies(kind);
    if (!table.isEmpty() && sites.wouldEvict(kind, where, detail)) {
      addTallies(table);
    }
  }

  /**
   * Counts the next events of this stack, kind and detail in {@link #tallies}, when stable and
   * while their site table is not full (a full one would have them added before every new site).
   */
  private void tally(List<Frame> frames, Blocking kind, String detail) {
    if (!stable.getAsBoolean() || sites.full(kind)) {
      return;
    }
    StackTallies table = tallies(kind);
    if (!table.start(frames, kind, detail)) {
      addTallies(table);
      table.start(frames, kind, detail);
    }
  }

  /** The tallies of the site table events of this kind go to; {@code null} for allocations. */
  private StackTallies tallies(Blocking kind) {
    if (kind == null) {
      return tallies[0];
    }
    return tallies[kind.category() == Blocking.Category.IO ? 2 : 1];
  }

  /** Adds what {@link #tallies} counted to the tables, one weighted step per tally. */
  private void addTallies() {
    for (StackTallies table : tallies) {
      addTallies(table);
    }
  }

  private void addTallies(StackTallies table) {
    table.drain(tally -> {
      WaitSites.Where where = where(tally.stack);
      if (tally.kind == null) {
        sites.allocations(where, tally.detail, tally.events, tally.weight, tally.max);
        return;
      }
      sites.blocked(tally.kind, where, tally.detail, tally.events, tally.weight, tally.max,
          tally.bytes);
      methods.blocked(tally.kind, tally.stack, tally.events, tally.weight,
          tally.virtualThreadEvents);
      waiting.blocked(tally.kind, tally.stack, tally.events, tally.weight, tally.max);
    });
  }

  /** An event's site, the frame where it happened, and the application frame that led there. */
  private WaitSites.Where where(List<Frame> frames) {
    WaitSites.Where known = whereByStack.get(frames);
    if (known != null) {
      return known;
    }
    WaitSites.Where where = new WaitSites.Where(code.site(frames), ApplicationCode.frame(frames),
        code.applicationFrame(frames));
    if (stable.getAsBoolean()) {
      if (whereByStack.size() >= WHERE_CACHE) {
        whereByStack.clear();
      }
      whereByStack.put(frames, where);
    }
    return where;
  }

  /**
   * A stack of a thread seen in a blocking event, also one the report ignores (a pool thread
   * idle in the JDK): it tells which frames the thread left (see {@link ThreadRoots}).
   */
  public synchronized void threadStack(
      Instant at, long thread, List<Frame> frames, boolean truncated) {
    roots.seen(thread, at == null ? 0 : Timeline.epochNanos(at), frames, truncated);
  }

  /**
   * Records that an application method never returned while it was watched (a timed method that
   * completed no call while on the stack): hot-method detection descends to what it calls.
   */
  public synchronized void neverReturns(String key, String why) {
    roots.declare(key, why);
  }

  /**
   * Application methods that never returned while watched ({@link Frame#key} form), with why:
   * {@code main}, run loops, client loops (see {@link ThreadRoots}).
   */
  public synchronized Map<String, String> neverReturning() {
    return roots.residents(code);
  }

  /** A virtual thread pinned to its carrier ({@code jdk.VirtualThreadPinned}). */
  public synchronized void pinned(Instant at, List<Frame> frames, long durationNanos) {
    timeline.seen(at);
    pinned.pinned(code.site(frames), frames, durationNanos);
  }

  /** Whether this JVM can report pinned virtual threads at all (JDK 21+). */
  public synchronized void pinningSupported(boolean supported) {
    pinned.supported(supported);
  }

  // ---- reading ----

  /** The samples counted since the previous window, and starts a new window. */
  public synchronized SampleWindow takeWindow() {
    return takeWindow(0, 0);
  }

  /**
   * The samples counted since the last window that had at least {@code minSamples}, up to
   * {@code maxCarried} periods back (see {@link HotWindow#take(Map, List, long, int)}); the
   * blocking events of this period only.
   */
  public synchronized SampleWindow takeWindow(long minSamples, int maxCarried) {
    forgetPending(); // a new window's entries are created by each stack's first sample again
    Map<String, String> residents = roots.residents(code);
    coverage.window();
    return window.take(residents, waiting.take(residents), minSamples, maxCarried);
  }

  /**
   * The timed methods that completed calls ({@link Frame#key} form), as of now: from the first
   * such set on, the report says how much of the application's samples they cover.
   */
  public synchronized void timedMethods(java.util.Set<String> keys) {
    coverage.timed(keys);
  }

  /** The evidence about a method so far ({@link Frame#key} form), never null. */
  public synchronized MethodEvidence evidence(String key) {
    flush();
    return methods.evidence(key);
  }

  /**
   * The interval at which JFR's sampler really took samples lately (see {@link
   * SampleTimes#observedInterval}).
   *
   * @param nominalNanos the interval the recording asked for
   * @return at least {@code nominalNanos}, at most ten times it; {@code nominalNanos} while there
   *     are too few samples to tell
   */
  public synchronized long observedSampleInterval(long nominalNanos) {
    return samples.observedInterval(nominalNanos);
  }

  /** Execution samples so far. */
  public synchronized long samples() {
    return samples.count();
  }

  /** The time of the first event, or {@code null} before any. */
  public synchronized Instant from() {
    return timeline.from();
  }

  /**
   * The report section.
   *
   * @param source {@code live} or {@code recording}
   * @param sampleIntervalNanos the execution-sampling period, 0 if unknown
   * @param thresholdNanos the shortest blocking event recorded, 0 if unknown
   */
  public synchronized JvmReport report(
      String source,
      long sampleIntervalNanos,
      long thresholdNanos,
      List<String> events,
      List<String> missingEvents) {
    flush();
    long fromNanos = timeline.fromNanos();
    long duration = timeline.durationNanos();
    return new JvmReport(
        source,
        timeline.from(),
        timeline.to(),
        sampleIntervalNanos,
        samples.observedInterval(sampleIntervalNanos),
        thresholdNanos,
        events,
        missingEvents,
        cpu.report(fromNanos),
        gc.report(fromNanos, duration),
        sites.allocationReport(duration),
        sites.contentionReport(),
        sites.ioReport(),
        pinned.report(),
        methods.hottest(TOP_HOT_METHODS, samples.count()),
        flame.report(0.001, 4_000),
        methods.topFrames(TOP_HOT_METHODS, samples.count()),
        waiting.report(TOP_HOT_METHODS, roots.residents(code)),
        coverage.report());
  }
}

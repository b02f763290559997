package dev.overclock.metrics;

import dev.overclock.bootstrap.TimedCall;
import dev.overclock.bootstrap.TimingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The agent's {@link TimingSink}: turns the timing advice's enter/exit calls into per-method
 * figures, and hands out snapshots of them.
 *
 * <h2>Hot path</h2>
 *
 * A timed call costs two {@code System.nanoTime()} reads (the advice's) plus, here: an array read
 * for the method's recorder (the method id was bound into the advice when the class was
 * transformed, so there is no string and no map of names), an array read in the method's table of
 * threads by the thread's id and an owner check ({@link MethodRecorder#threadState}), which yields
 * the thread's {@link ActiveMethod}, and on exit, which that state finishes itself without the
 * sink ({@link TimedCall}), a {@link Stripe} update: one compare-and-set, plain writes, one release
 * store. Nothing allocates after a thread's first call of a method. A thread whose slot in the
 * method's table another live thread holds finds its state through its own timings instead
 * ({@link #thread}, then a probe of their small table).
 *
 * <p>A sampled method ({@link TimingSampling}) pays, on the calls it does not clock, the lookup,
 * a countdown, the depth bookkeeping and a plain store into the thread's own counter ({@link
 * UnclockedCounts}): no clock read, no atomic instruction, no histogram.
 *
 * <h2>Recursion</h2>
 *
 * Every call is a call: nested (recursive) calls count towards {@code calls} and the latency
 * histogram like any other. Only the outermost call on a thread adds to {@code totalNanos}, so a
 * recursive method's share of time is not inflated by counting the same wall time once per level.
 *
 * <h2>CPU sampling</h2>
 *
 * With {@code cpu=true}, one outermost call in {@code cpu.every} per thread and method also reads
 * the thread's CPU time and allocated bytes at entry and exit (about 0.5 us a read, hence the
 * sampling). The first call of each method on each thread is always sampled.
 */
public final class TimingRecorders implements TimingSink {

  private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();

  /**
   * Each thread's timings, shared by every instance of this class in the JVM and tagged with the
   * instance they belong to. One ThreadLocal per instance would leave, after a detach, a stale
   * entry (holding the old recorders) in every thread that ever made a timed call, until that
   * thread happens to expunge it; with one ThreadLocal, a thread holds at most one, replaced on
   * its first call after the next attach.
   */
  private static final ThreadLocal<ThreadTimings> THREADS = new ThreadLocal<>();

  /** Threads whose timings {@link #byThread} holds at once, at best. */
  private static final int BY_THREAD = 1024;

  /**
   * Each thread's timings by its id modulo the size, or those of a thread that ended, or null.
   * Written without a lock (the fields a reader checks are final, so a racy reader sees them built;
   * one that finds another thread's timings takes the slow path). Per instance, so nothing of it
   * stays in the application's threads after a detach.
   */
  private final ThreadTimings[] byThread = new ThreadTimings[BY_THREAD];

  private final int stripeMask;
  private final CpuClock cpuClock;
  private final int cpuEvery;
  private final TimingSampling sampling;
  private final AtomicLong dropped = new AtomicLong();
  // Keys of methods the user wants timed exactly, seen at transform time, maybe before register.
  private final Set<String> exactKeys = ConcurrentHashMap.newKeySet();
  // Keys of methods to start sampled (chosen by the detector), seen before they are registered.
  private final Set<String> sampledFirstKeys = ConcurrentHashMap.newKeySet();

  // Registration happens at class-transformation time (rare); every call reads the table.
  private volatile MethodRecorder[] recorders;
  private final Table table = new Table(this);
  private final MethodIds<MethodRecorder> ids = MethodIds.acrossLoaders(table, table);

  // Slow calls: the threshold stays at "never" until a listener is set, so the hot path pays one
  // comparison and nothing else.
  private volatile long slowNanos = Long.MAX_VALUE;
  private volatile SlowCallListener slowListener;

  /**
   * @param cpuClock the CPU clock to sample with, or {@code null} to measure wall time only
   * @param cpuEvery with a clock: sample one outermost call in this many, per thread and method
   */
  public TimingRecorders(CpuClock cpuClock, int cpuEvery) {
    this(cpuClock, cpuEvery, TimingSampling.EXACT);
  }

  /**
   * @param sampling when methods are switched to sampled timing ({@link TimingSampling#EXACT}:
   *     never)
   */
  public TimingRecorders(CpuClock cpuClock, int cpuEvery, TimingSampling sampling) {
    this.sampling = sampling;
    int stripes = stripeCount(Runtime.getRuntime().availableProcessors());
    this.stripeMask = stripes - 1;
    this.cpuClock = cpuClock;
    this.cpuEvery = Math.max(1, cpuEvery);
  }

  /** Whether the warm-up (below) ran; set once it has, under this. */
  private volatile boolean warm;

  /**
   * Runs the warm-up (below) now, on the calling thread, unless it ran: the agent's own thread
   * while the application starts, so that the application's first timed class (which would run
   * it on its loading thread otherwise, 20 ms of the demo's start) finds it done.
   */
  public void prepare() {
    if (warm) {
      return; // every registration after the first: no lock
    }
    synchronized (this) {
      if (!warm) {
        warmUp();
        warm = true;
      }
    }
  }

  /**
   * Loads and initialises every class the advice path uses, by running it once on a throw-away
   * method, before the first method is registered (so before any call reaches the advice).
   * Otherwise the first timed call would load them, possibly deep in a recursion about to
   * overflow the stack: a class whose static initialiser fails that way stays unusable for the
   * life of the JVM, and every later call would fail with it.
   */
  private void warmUp() {
    MethodRecorder probe =
        new MethodRecorder(new MethodRef("overclock", "warmUp", "()V", "warm-up"), 1, new AtomicLong());
    ThreadTimings thread = new ThreadTimings(this, 0);
    ActiveMethod method = thread.method(0, probe);
    probe.place(method);
    probe.threadState(Thread.currentThread());
    method.depth = 1;
    thread.distrustDepths();
    thread.rebuildDepths(method);
    method.depth = 1;
    exitClocked(method, 1_000L, 2_000L, null);
    probe.recordCpu(0, 1_000L, 500L, 64L);
    method.listUnclocked();
    method.depth = 1;
    method.unclocked.exit(0L, null);
    // Not the readers' path (a snapshot: about 7 ms of interpreted code on JDK 25): the report,
    // the governor and Prometheus read on the agent's own threads, never deep in a recursion.
  }

  /** A power of two: the cores, at least 2, at most 16. */
  static int stripeCount(int cores) {
    int wanted = Math.max(2, Math.min(16, cores));
    return Integer.highestOneBit(wanted - 1) << 1;
  }

  /**
   * Returns the id of the method, registering it on first sight. Called at transform time; the
   * same method (same class name, name, descriptor) always gets the same id, also across class
   * loaders and retransformations.
   */
  public int register(MethodRef method) {
    prepare();
    int id = ids.register(/* loader= */ null, method.key(), MethodIds.keepAny(),
        new NewRecorder(method));
    if (exactKeys.contains(method.key())) {
      recorders[id].requireExact();
    } else if (sampledFirstKeys.remove(method.key())) {
      recorders[id].startSampled();
    }
    return id;
  }

  /** Makes a method's recorder under its id (a class, not a lambda: see MethodIds.KeepAny). */
  private final class NewRecorder implements IntFunction<MethodRecorder> {
    private final MethodRef method;

    NewRecorder(MethodRef method) {
      this.method = method;
    }

    @Override
    public MethodRecorder apply(int id) {
      return new MethodRecorder(method, stripeMask + 1, dropped, sampling);
    }
  }

  /**
   * Times the method of this key sampled from its first call (one in the rule's N), not exactly
   * for its first {@link TimingSampling#MIN_CALLS} calls: for a method the detector chose because
   * it is hot. Such a method is often short and called hundreds of thousands of times a second
   * (the cpu workload's edit-distance method, 100-460 ns a call), and timing it exactly until the
   * first read switches it to sampling costs the application 9-14% for that window, enough for
   * the overhead governor to shed it. A method whose calls turn out long is switched to exact
   * timing at the first read, as any sampled method is. Called before the method's class is
   * retransformed, so before or after it is registered. No effect when sampling is off or the
   * user wants the method timed exactly.
   */
  public void sampleFirst(String key) {
    if (!sampling.isOn() || exactKeys.contains(key)) {
      return;
    }
    int id = idOf(key);
    if (id >= 0) {
      recorders[id].startSampled();
    } else {
      sampledFirstKeys.add(key);
    }
  }

  /**
   * Asks for exact timing of the method of this key ({@link MethodRef#key}): {@code @Timed(exact
   * = true)}. Called at transform time, before or after the method is registered.
   */
  public void requireExact(String key) {
    exactKeys.add(key);
    int id = idOf(key);
    if (id >= 0) {
      recorders[id].requireExact();
    }
  }

  /**
   * Whether the method of this key ({@link MethodRef#key}) is timed exactly whatever its calls
   * take: the user asked for it ({@link #requireExact}, before this call) or sampling is off. Its
   * advice then reads the clock itself instead of asking {@link #start}. Called at transform time.
   */
  public boolean alwaysExact(String key) {
    return !sampling.isOn() || exactKeys.contains(key);
  }

  /** The sampling rule these recorders were made with. */
  public TimingSampling sampling() {
    return sampling;
  }

  /**
   * Sets the N of a method from outside (the overhead governor): one call in {@code every} is
   * clocked from now on, and the automatic choice no longer changes it. No effect on a method
   * the user wants timed exactly, nor on an unknown id.
   */
  public void pinSampling(int methodId, int every) {
    MethodRecorder[] table = recorders;
    if (methodId >= 0 && methodId < table.length && table[methodId] != null) {
      table[methodId].pinEvery(every);
    }
  }

  /**
   * Undoes {@link #pinSampling}: the method is timed with {@code every} again, and the automatic
   * choice decides its N from then on.
   */
  public void releaseSampling(int methodId, int every) {
    MethodRecorder[] table = recorders;
    if (methodId >= 0 && methodId < table.length && table[methodId] != null) {
      table[methodId].releaseEvery(every);
    }
  }

  /**
   * Marks the method as woven into at least one class: only such methods appear in reports (an
   * id is handed out while a class is being rewritten, which can still fail).
   */
  public void woven(int methodId) {
    ids.woven(methodId);
  }

  /** Whether the method of this key ({@link MethodRef#key}) is woven into some class. */
  public boolean isWoven(String key) {
    return ids.isWoven(/* loader= */ null, key);
  }

  /** The id of the method of this key, or -1 if it was never registered. */
  public int idOf(String key) {
    return ids.idOf(/* loader= */ null, key);
  }

  /**
   * Tells {@code listener} about every call that takes at least {@code thresholdNanos}, on the
   * calling thread; {@code null} stops it.
   */
  public void onSlowCalls(long thresholdNanos, SlowCallListener listener) {
    if (listener == null || thresholdNanos <= 0) {
      slowNanos = Long.MAX_VALUE;
      slowListener = null;
    } else {
      slowListener = listener;
      slowNanos = thresholdNanos;
    }
  }

  /** How many methods are woven into some class. */
  public int methodCount() {
    return ids.woven().size();
  }

  /** Calls not recorded because every stripe of their method stayed claimed (expected: 0). */
  public long droppedCalls() {
    return dropped.get();
  }

  @Override
  public Object enter(int methodId) {
    MethodRecorder recorder = recorders[methodId];
    if (recorder == null) {
      return null;
    }
    Thread current = Thread.currentThread();
    ActiveMethod method = recorder.threadState(current);
    if (method == null) {
      method = slowState(recorder, methodId, current);
    }
    if (--method.clockCountdown > 0) {
      method.depth++;
      return method.unclocked; // counted at exit, not clocked
    }
    return enterClocked(method, recorder);
  }

  /**
   * The entry of a clocked call. Depths a stack overflow made doubtful are rebuilt here, not on
   * every call: only a clocked call reads its depth (whether it is outermost); a counted-only call
   * entered meanwhile moves its depth up and down again, and a rebuild while it runs counts its
   * frame.
   */
  private ActiveMethod enterClocked(ActiveMethod method, MethodRecorder recorder) {
    ThreadTimings thread = method.thread;
    if (thread.depthsDistrusted()) {
      thread.rebuildDepths(method);
    }
    int every = recorder.every();
    if (every > 1 && !method.unclockedListed) {
      method.listUnclocked(); // before the first unclocked call this countdown lets through
    }
    method.clockCountdown = every;
    method.clockWeight = method.nextClockWeight;
    method.nextClockWeight = every;
    if (method.depth++ == 0) {
      method.cpuStart = -1L;
      if (cpuClock != null && --method.cpuCountdown < 0) {
        startCpuSample(method);
      }
    }
    return method;
  }

  /**
   * The thread's state of the method when the method's table of threads does not hold it: from
   * the thread's own timings (made on its first call), then put into the method's table on the
   * first miss and again every 1,024 misses (a live thread holding the slot of a full table keeps
   * it, and this one keeps taking this path).
   */
  private ActiveMethod slowState(MethodRecorder recorder, int methodId, Thread current) {
    ActiveMethod method = thread(current).method(methodId, recorder);
    if ((method.slowLookups++ & 1023) == 0) {
      recorder.place(method);
    }
    return method;
  }

  // The rare parts of a call live in methods of their own, so that the common path stays small
  // enough for the JIT to inline the whole advice into the timed method: compiled with them, the
  // exit was "already compiled into a big method" and every timed call paid a real call for it.

  /** Reads the CPU counters at the entry of a CPU-sampled call. */
  private void startCpuSample(ActiveMethod method) {
    method.cpuCountdown = cpuEvery - 1;
    method.allocStart = cpuClock.threadAllocatedBytes();
    method.cpuStart = cpuClock.threadCpuNanos();
  }

  /**
   * The start time the advice reads for a call {@link #enter} returned {@code threadState} for
   * ({@link dev.overclock.bootstrap.Dispatcher#timedStart} does the same without asking the sink):
   * 0 for a call counted without the clock.
   */
  public long start(Object threadState) {
    return threadState instanceof UnclockedCall ? 0L : System.nanoTime();
  }

  /**
   * The exit of a call {@link #enter} returned {@code threadState} for. The advice does not come
   * here: the state finishes its call itself ({@link TimedCall#exit}); this is for a caller that
   * holds the sink (tests, the governor's calibration).
   */
  @Override
  public void exit(int methodId, Object threadState, long startNanos, Throwable thrown) {
    if (threadState instanceof TimedCall) {
      ((TimedCall) threadState).exit(startNanos, thrown);
    }
  }

  /** The exit of a call counted without a clock ({@link UnclockedCall}): depth and count. */
  static void exitUnclocked(UnclockedCall call, Throwable thrown) {
    ActiveMethod method = call.method;
    if (thrown instanceof StackOverflowError) {
      method.thread.distrustDepths();
    }
    method.depth = Math.max(0, method.depth - 1);
    method.countUnclocked(thrown != null);
  }

  /**
   * The exit of a clocked call with its end given: the seam through which tests choose exact
   * durations (a state that is not a clocked one is ignored).
   */
  void exit(Object threadState, long startNanos, long endNanos, Throwable thrown) {
    if (threadState instanceof ActiveMethod) { // else: the entry was not recorded, or not clocked
      exitClocked((ActiveMethod) threadState, startNanos, endNanos, thrown);
    }
  }

  /**
   * The exit of a clocked call: {@link ActiveMethod#exit} with {@code System.nanoTime()} as its
   * end, which the JIT inlines there (a static target, well within the inlining limits).
   */
  void exitClocked(ActiveMethod method, long startNanos, long endNanos, Throwable thrown) {
    long nanos = Math.max(0L, endNanos - startNanos);
    if (thrown instanceof StackOverflowError) {
      method.thread.distrustDepths();
    }
    boolean outermost = method.depth <= 1;
    method.depth = Math.max(0, method.depth - 1);
    if (startNanos == 0L) {
      return;
    }
    method.recorder.record(method.stripe, nanos, thrown != null, outermost, method.clockWeight);
    if (nanos >= slowNanos) {
      slowCall(method.recorder.method, nanos, thrown != null);
    }
    if (outermost && method.cpuStart >= 0) {
      finishCpuSample(method, nanos);
    }
  }

  /** Reads the CPU counters at the exit of a CPU-sampled call and records the differences. */
  private void finishCpuSample(ActiveMethod method, long nanos) {
    long cpu = cpuClock.threadCpuNanos();
    long allocated = cpuClock.threadAllocatedBytes();
    long cpuStart = method.cpuStart;
    method.cpuStart = -1L;
    if (cpu >= 0) {
      long bytes = allocated >= 0 && method.allocStart >= 0 ? allocated - method.allocStart : -1L;
      method.recorder.recordCpu(method.stripe, nanos, cpu - cpuStart, bytes);
    }
  }

  /**
   * The calling thread's timings for this instance, created on its first timed call. Found in
   * {@link #byThread} by the thread's id: a few loads and a compare instead of the {@link
   * ThreadLocal} lookup (about 8 ns a call, measured on the memo hit path). A thread that
   * overrides {@link Thread#getId} only spreads badly: the timings found are checked to be the
   * calling thread's own before they are used. The thread-local stays the record of
   * which timings are the thread's (a thread must never get two: its depths would split); the
   * table only caches it.
   */
  private ThreadTimings thread(Thread current) {
    ThreadTimings thread = byThread[(int) current.getId() & (BY_THREAD - 1)];
    return thread != null && thread.belongTo(current) ? thread : slowThread(current);
  }

  /**
   * The thread's timings when the table does not hold them: from the thread-local, made on the
   * first call, then put into the table unless a live thread holds the slot (ids equal modulo the
   * table's size; that thread keeps it, this one keeps taking this path, and tries again for the
   * slot every 1,024 calls).
   */
  private ThreadTimings slowThread(Thread current) {
    ThreadTimings thread = THREADS.get();
    boolean made = false;
    if (thread == null || thread.owner != this) {
      // Stripes are dealt round-robin as threads make their first timed call: threads started
      // together get different stripes.
      thread = new ThreadTimings(this, NEXT_STRIPE.getAndIncrement() & stripeMask);
      THREADS.set(thread);
      made = true;
    }
    if (made || (++thread.slowLookups & 1023) == 0) {
      int slot = (int) current.getId() & (BY_THREAD - 1);
      ThreadTimings holder = byThread[slot];
      if (holder == null || holder.ended()) {
        byThread[slot] = thread; // racy: a thread that loses the slot finds itself here again
      }
    }
    return thread;
  }

  private void slowCall(MethodRef method, long nanos, boolean failed) {
    SlowCallListener listener = slowListener;
    if (listener != null) {
      listener.slowCall(method, nanos, failed);
    }
  }

  /**
   * Figures of every woven method, in registration order: each snapshot's window covers the calls
   * since the previous snapshot. Drains the report's windows (see {@link MethodSnapshot#window}):
   * the agent calls it only through {@link Snapshots}, so that no reader takes another's window.
   */
  public List<MethodSnapshot> snapshot() {
    return collect(0L, System.nanoTime());
  }

  /**
   * Figures of every woven method, in registration order, without disturbing the report's
   * windows: each snapshot's {@link MethodSnapshot#window() window} holds the calls of about the
   * last {@code window} instead (see {@link RecentWindow}), and {@link MethodSnapshot#windowErrors()}
   * the errors among them. For the Prometheus endpoint, which scrapers may call at any rate;
   * callers pass the same window every time.
   */
  public List<MethodSnapshot> read(Duration window) {
    return collect(Math.max(1L, window.toNanos()), System.nanoTime());
  }

  /**
   * A woven method's calls so far and its N, nothing else.
   *
   * @param calls every call so far, clocked or only counted
   * @param sampleEvery one call in this many is clocked now (1: every call)
   */
  public record Calls(MethodRef method, long calls, int sampleEvery) {}

  /**
   * The call counts of every woven method, in registration order, without disturbing the
   * report's windows and without computing latency summaries: for the overhead governor, which
   * prices the calls of each second and needs nothing else.
   */
  public List<Calls> calls() {
    List<MethodRecorder> woven = ids.woven();
    DrainedLatencies scratch = new DrainedLatencies();
    long now = System.nanoTime();
    List<Calls> calls = new ArrayList<>(woven.size());
    for (MethodRecorder recorder : woven) {
      long count = recorder.calls(scratch, now);
      calls.add(new Calls(recorder.method, count, recorder.every()));
    }
    return calls;
  }

  /** {@link #read} at a chosen instant of the {@link System#nanoTime} clock, for tests. */
  List<MethodSnapshot> read(Duration window, long nowNanos) {
    return collect(Math.max(1L, window.toNanos()), nowNanos);
  }

  /** Collects the snapshots: report snapshots for a zero window, else non-consuming reads. */
  private List<MethodSnapshot> collect(long windowNanos, long nowNanos) {
    List<MethodRecorder> woven = ids.woven();
    // One scratch per call, reused from method to method: two readers (the report thread and a
    // scrape) may run at once, each with its own.
    DrainedLatencies scratch = new DrainedLatencies();
    List<MethodSnapshot> snapshots = new ArrayList<>(woven.size());
    for (MethodRecorder recorder : woven) {
      snapshots.add(windowNanos == 0L
          ? recorder.snapshot(scratch, nowNanos)
          : recorder.read(scratch, nowNanos, windowNanos));
    }
    return snapshots;
  }

  /**
   * Test hook: one call through the advice's path (enter, start, exit), lasting {@code nanos}
   * when it is clocked.
   */
  void callForTest(int methodId, long nanos) {
    ids.woven(methodId);
    Object state = enter(methodId);
    long start = start(state);
    if (state instanceof UnclockedCall) {
      exit(methodId, state, start, null);
    } else {
      exit(state, 1_000L, 1_000L + nanos, null);
    }
  }

  /** Test hook: the slots of the method's table of threads ({@link MethodRecorder#place}). */
  int threadSlotsForTest(int methodId) {
    return recorders[methodId].threadSlots();
  }

  /** Test hook: records a call as the advice would, with a chosen duration. */
  void recordForTest(int methodId, long nanos, boolean error) {
    ids.woven(methodId);
    recorders[methodId].record(thread(Thread.currentThread()).stripe, nanos, error, /* outermost= */ true);
  }

  /**
   * Makes and publishes {@link #recorders} for {@link MethodIds}: a class, not an array
   * constructor reference and a lambda, whose linking would cost the JVM's launch about a
   * millisecond on the thread that registers the first method.
   */
  private static final class Table
      implements IntFunction<MethodRecorder[]>, java.util.function.Consumer<MethodRecorder[]> {
    private final TimingRecorders owner;

    Table(TimingRecorders owner) {
      this.owner = owner;
    }

    @Override
    public MethodRecorder[] apply(int size) {
      return new MethodRecorder[size];
    }

    @Override
    public void accept(MethodRecorder[] table) {
      owner.recorders = table;
    }
  }
}

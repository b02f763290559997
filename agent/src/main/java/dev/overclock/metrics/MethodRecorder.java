package dev.overclock.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.PackedHistogram;

/**
 * All figures of one timed method: a few {@link Stripe}s written by the application's threads,
 * and the cumulative histogram the report thread merges them into.
 *
 * <p>A thread records into its own stripe (dealt when the thread first called a timed method).
 * If another thread holds it at that instant, it records into any other free stripe of the
 * method, creating one if needed; only if every stripe is taken does it wait, with a bounded spin,
 * then yields; a call that still finds every stripe taken after that is dropped and counted
 * rather than waited for forever. A method called by one thread at a time costs one stripe.
 *
 * <p>The readers ({@link #snapshot} for the report, {@link #read} for the Prometheus endpoint) are
 * synchronised with each other only; their histograms are packed (memory in proportion to the
 * distinct latencies seen). Either reader drains the stripes into every view, so neither takes
 * calls away from the other's window.
 *
 * <p>A sampled method ({@link TimingSampling}) clocks one call in {@link #every} per thread; the
 * others are only counted, each thread in its own counter ({@link UnclockedCounts}: no claim, no
 * histogram, no atomic instruction). Its call count is
 * the clocked calls plus those, exact; its latencies are the clocked calls'; its time totals
 * count each clocked call as many times as the calls it stands for.
 */
final class MethodRecorder {

  private static final VarHandle STRIPES = MethodHandles.arrayElementVarHandle(Stripe[].class);
  private static final int SPINS_BEFORE_YIELD = 64;
  /** Slots of a new method's table of threads ({@link #threadState}); it doubles as needed. */
  private static final int FIRST_THREAD_SLOTS = 8;
  /** Slots the table of threads grows to at most: threads beyond share slots. */
  static final int MAX_THREAD_SLOTS = 1024;
  private static final int YIELDS_BEFORE_DROP = 1_000;
  /** Index of the clocked calls among a drain's totals (see {@link Stripe#drainInto}). */
  private static final int CLOCKED = 7;
  /** Index of the calls the clocked ones stand for (the sum of their weights). */
  private static final int WEIGHTED = 8;
  /** Index of every call, clocked or not, among a drain's totals. */
  private static final int CALLS = Stripe.COUNTERS;

  final MethodRef method;
  private final Stripe[] stripes;
  private final AtomicLong dropped;
  private final TimingSampling sampling;

  /** One call in this many is clocked, per thread; 1 times every call. Read at each clocked call. */
  private volatile int every = 1;
  /** Set when the user asked for exact timing of this method: never sampled then. */
  private volatile boolean exactRequired;
  /** Set when somebody else (the overhead governor) chose {@link #every}: no automatic change. */
  private volatile boolean everyPinned;
  final UnclockedCounts unclocked = new UnclockedCounts();

  /**
   * Each thread's state of this method, by the thread's id modulo the length, or that of a thread
   * that ended, or null: the lookup of every timed call ({@link #threadState}), one array read and
   * an owner check where the thread's own table would add a probe. Written without a lock by
   * {@link #place} (the fields a reader checks are final, so a racy reader sees them built; one
   * that finds another thread's state, or an old copy of the table, takes the slow path, which is
   * always right). Grows from {@link #FIRST_THREAD_SLOTS} when two live threads want one slot, to
   * {@link #MAX_THREAD_SLOTS}; holds at most one stale state per slot of threads that ended (their
   * {@link Thread} is only weakly reachable from it).
   */
  private ActiveMethod[] threads = new ActiveMethod[FIRST_THREAD_SLOTS];

  // Readers only (guarded by this).
  private final PackedHistogram cumulative = new PackedHistogram(2);
  private final PackedHistogram window = new PackedHistogram(2);
  private RecentWindow recent;
  private long lastCalls;
  private long lastWeighted;
  private long lastErrors;
  private long lastAllNanos;
  private long drainedCalls;
  private long drainedErrors;
  private long drainedAllNanos;
  private LatencySummary cumulativeSummary; // unchanged while no call completes

  MethodRecorder(MethodRef method, int stripeCount, AtomicLong dropped) {
    this(method, stripeCount, dropped, TimingSampling.EXACT);
  }

  MethodRecorder(MethodRef method, int stripeCount, AtomicLong dropped, TimingSampling sampling) {
    this.method = method;
    this.stripes = new Stripe[stripeCount];
    this.dropped = dropped;
    this.sampling = sampling;
  }

  /** One call in this many is clocked (per thread); 1 when the method is timed exactly. */
  int every() {
    return every;
  }

  /** Times the method exactly from now on, for good: the user asked for it. */
  void requireExact() {
    exactRequired = true;
    every = 1;
  }

  boolean exactRequired() {
    return exactRequired;
  }

  /**
   * Starts the method sampled (one call in the rule's N clocked) instead of exact; the automatic
   * choice switches it to exact timing at the first read that finds its calls long. For a method
   * timed because it is hot, where exact timing of a short method is what costs: see {@link
   * TimingRecorders#sampleFirst}. No effect if sampling is off, the user wants exact timing or
   * the governor chose N.
   */
  void startSampled() {
    if (sampling.isOn() && !exactRequired && !everyPinned && every == 1) {
      every = sampling.every();
    }
  }

  /**
   * Sets N from outside (the overhead governor sheds cost by raising it, restores it later);
   * from then on the automatic choice leaves this method alone. Ignored for a method the user
   * wants timed exactly.
   */
  void pinEvery(int n) {
    if (!exactRequired) {
      everyPinned = true;
      every = Math.max(1, n);
    }
  }

  /** Gives N back to the automatic choice, starting from {@code n} (the governor recovers). */
  void releaseEvery(int n) {
    if (!exactRequired) {
      every = Math.max(1, n);
      everyPinned = false;
    }
  }

  /** {@code current}'s state of this method if this method's table of threads holds it, else null. */
  ActiveMethod threadState(Thread current) {
    ActiveMethod[] slots = threads;
    ActiveMethod state = slots[(int) current.getId() & (slots.length - 1)];
    return state != null && state.belongsTo(current) ? state : null;
  }

  /**
   * Puts a thread's state into this method's table of threads: into its slot if that is free or
   * held by a thread that ended, else into a table twice the size (up to {@link
   * #MAX_THREAD_SLOTS}), which keeps the live threads' states. Called by the state's own thread
   * after a lookup missed (rarely: see {@link TimingRecorders#enter}); two threads that place at
   * once may lose one's entry, which then misses and is placed again.
   */
  void place(ActiveMethod state) {
    ActiveMethod[] slots = threads;
    int slot = (int) state.thread.threadId & (slots.length - 1);
    ActiveMethod holder = slots[slot];
    if (holder == null || holder == state || holder.thread.ended()) {
      slots[slot] = state;
      return;
    }
    if (slots.length >= MAX_THREAD_SLOTS) {
      return; // the slot's live thread keeps it; this one takes the slow path
    }
    ActiveMethod[] grown = new ActiveMethod[slots.length * 2];
    for (ActiveMethod entry : slots) {
      if (entry != null && !entry.thread.ended()) {
        grown[(int) entry.thread.threadId & (grown.length - 1)] = entry;
      }
    }
    int own = (int) state.thread.threadId & (grown.length - 1);
    if (grown[own] == null) {
      grown[own] = state;
    }
    threads = grown;
  }

  /** The slots of this method's table of threads now, for tests. */
  int threadSlots() {
    return threads.length;
  }

  void record(int ownStripe, long nanos, boolean error, boolean outermost) {
    record(ownStripe, nanos, error, outermost, 1);
  }

  /** Records one clocked call that stands for {@code weight} calls (see {@link Stripe#record}). */
  void record(int ownStripe, long nanos, boolean error, boolean outermost, int weight) {
    Stripe stripe = claim(ownStripe);
    if (stripe == null) {
      return;
    }
    try {
      stripe.record(nanos, error, outermost, weight);
    } finally {
      stripe.release();
    }
  }

  void recordCpu(int ownStripe, long wallNanos, long cpuNanos, long allocatedBytes) {
    Stripe stripe = claim(ownStripe);
    if (stripe == null) {
      return;
    }
    try {
      stripe.recordCpu(wallNanos, cpuNanos, allocatedBytes);
    } finally {
      stripe.release();
    }
  }

  /**
   * Claims the thread's own stripe, or another free one (creating it if the method has fewer
   * stripes than allowed); null, counted, if none frees up within about a thousand yields. The
   * common case (the own stripe exists and is free: one compare-and-set) is kept apart from the
   * rest, so that it stays small enough to be inlined into the timed method.
   */
  private Stripe claim(int own) {
    Stripe mine = (Stripe) STRIPES.getAcquire(stripes, own);
    return mine != null && mine.tryClaimFree() ? mine : claimAny(own);
  }

  /** {@link #claim} when the own stripe is missing or taken. */
  private Stripe claimAny(int own) {
    Stripe mine = stripe(own);
    if (mine.tryClaim()) {
      return mine;
    }
    for (int round = 0; round < SPINS_BEFORE_YIELD + YIELDS_BEFORE_DROP; round++) {
      for (int i = 0; i < stripes.length; i++) {
        Stripe other = round == 0 ? stripe(i) : (Stripe) STRIPES.getAcquire(stripes, i);
        if (other != null && other.tryClaim()) {
          return other;
        }
      }
      if (round < SPINS_BEFORE_YIELD) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    dropped.incrementAndGet();
    return null;
  }

  private Stripe stripe(int index) {
    Stripe stripe = (Stripe) STRIPES.getAcquire(stripes, index);
    if (stripe != null) {
      return stripe;
    }
    Stripe created = new Stripe();
    Stripe witness = (Stripe) STRIPES.compareAndExchange(stripes, index, null, created);
    return witness == null ? created : witness;
  }

  /**
   * Collects everything recorded so far, for the report: its window covers the calls since the
   * previous snapshot (whichever reader drained them from the stripes), and starts afresh.
   *
   * @param scratch the caller's, reused from method to method
   */
  synchronized MethodSnapshot snapshot(DrainedLatencies scratch, long nowNanos) {
    long[] totals = drain(scratch, nowNanos);
    MethodSnapshot snapshot =
        snapshot(totals, LatencySummary.of(window,
                scaled(totals[0] - lastAllNanos, totals[CALLS] - lastCalls,
                    totals[WEIGHTED] - lastWeighted),
                totals[CALLS] - lastCalls),
            totals[2] - lastErrors);
    window.reset();
    lastCalls = totals[CALLS];
    lastWeighted = totals[WEIGHTED];
    lastErrors = totals[2];
    lastAllNanos = totals[0];
    return snapshot;
  }

  /**
   * Collects everything recorded so far without starting a new window, for a reader that must
   * not take calls away from the report's windows (the Prometheus endpoint, which any number of
   * scrapers may call at any rate): its window is the {@link RecentWindow} of the last {@code
   * windowNanos}, kept from the first such read on.
   */
  synchronized MethodSnapshot read(DrainedLatencies scratch, long nowNanos, long windowNanos) {
    if (recent == null) {
      recent = new RecentWindow(windowNanos, nowNanos);
    }
    long[] totals = drain(scratch, nowNanos);
    return snapshot(totals, recent.summary(nowNanos), recent.errors(nowNanos));
  }

  /**
   * Every call so far (clocked or not), without building a summary: what the overhead governor
   * needs each second, where a {@link #read} computed percentiles of two histograms per method.
   * Drains the stripes as {@link #read} does, so no reader's window loses calls.
   */
  synchronized long calls(DrainedLatencies scratch, long nowNanos) {
    return drain(scratch, nowNanos)[CALLS];
  }

  /**
   * Moves the calls recorded since the last drain out of the stripes and into every view: the
   * cumulative histogram, the report's window and, once somebody reads them, the recent window.
   * Returns the counters (totals since the start, see {@link Stripe#drainInto}), with every call
   * and error (clocked or not) at {@link #CALLS} and 2. Decides whether to sample from now on.
   */
  private long[] drain(DrainedLatencies scratch, long nowNanos) {
    scratch.reset();
    long[] totals = new long[Stripe.COUNTERS + 1];
    for (int i = 0; i < stripes.length; i++) {
      Stripe stripe = (Stripe) STRIPES.getAcquire(stripes, i);
      if (stripe != null) {
        stripe.drainInto(scratch, totals);
      }
    }
    if (scratch.total() > 0) {
      scratch.addTo(cumulative);
      scratch.addTo(window);
      cumulativeSummary = null;
    }
    totals[CALLS] = totals[CLOCKED];
    unclocked.addTo(totals, CALLS, 2);
    if (recent != null) {
      recent.add(scratch, totals[CALLS] - drainedCalls, totals[2] - drainedErrors,
          totals[0] - drainedAllNanos, nowNanos);
    }
    if (scratch.total() > 0 && !exactRequired && !everyPinned) {
      every = sampling.decide(every, totals[CLOCKED], scratch.mean());
    }
    drainedCalls = totals[CALLS];
    drainedErrors = totals[2];
    drainedAllNanos = totals[0];
    return totals;
  }

  /**
   * Summed durations of clocked calls (each counted as many times as the calls it stands for),
   * scaled to every call: a thread's last few unclocked calls are stood for by no clocked one
   * yet. Exact timing: {@code calls == weighted}, nothing changes.
   */
  private static long scaled(long nanos, long calls, long weighted) {
    if (weighted <= 0 || calls == weighted) {
      return nanos;
    }
    return Math.round(nanos * ((double) calls / weighted));
  }

  /**
   * The cumulative summary, computed again only after calls completed: snapshots are taken by
   * several readers on their own schedules, and most methods are idle in most windows.
   */
  private LatencySummary cumulativeSummary(long allNanos, long calls) {
    if (cumulativeSummary == null || cumulativeSummary.calls() != calls) {
      cumulativeSummary = LatencySummary.of(cumulative, allNanos, calls).withHistogram(cumulative);
    }
    return cumulativeSummary;
  }

  private MethodSnapshot snapshot(long[] totals, LatencySummary window, long windowErrors) {
    return new MethodSnapshot(
        method,
        totals[CALLS],
        totals[2],
        scaled(totals[0] - totals[1], totals[CALLS], totals[WEIGHTED]),
        cumulativeSummary(scaled(totals[0], totals[CALLS], totals[WEIGHTED]), totals[CALLS]),
        window,
        windowErrors,
        totals[3] == 0
            ? CpuSample.NONE
            : new CpuSample(totals[3], totals[4], totals[5], totals[6]),
        every);
  }
}

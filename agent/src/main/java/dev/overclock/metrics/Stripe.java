package dev.overclock.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.AbstractHistogram;

/**
 * One stripe of a method's figures: an HdrHistogram of latencies and a few counters, written by
 * one thread at a time and drained by the report thread.
 *
 * <h2>Why not HdrHistogram's {@code Recorder}</h2>
 *
 * A {@code Recorder} accepts concurrent writers and pays for it on every value with several
 * atomic read-modify-write instructions; shared by two threads, they bounce cache lines between
 * cores (4.5–5 times the per-call cost, measured in {@code docs/performance.md}). Threads are
 * dealt stripes round-robin, so a stripe nearly always has one writer; it needs exclusion, not a
 * multi-writer structure. A writer claims the stripe with one compare-and-set, records into plain
 * counts in a histogram's buckets ({@link LatencyCounts}) and plain counters, and releases it with
 * a release store.
 *
 * <h2>Memory</h2>
 *
 * The latency counts grow with the largest latency recorded, to 12 KB for latencies up to a
 * second ({@link LatencyCounts}). A drain holds the claim only to swap the stripe's counts for an
 * empty array of at least the same length and to copy the counters; it adds the counts it took to
 * the window after releasing the claim, and hands the cleared array on as the next stripe's empty
 * one: one array more per method, not per stripe, and each stripe's counts as long as the longest
 * of its method's.
 *
 * <h2>Why the drain holds the claim so briefly</h2>
 *
 * A writer that finds its stripe claimed takes a path ({@link MethodRecorder}'s claim of another
 * stripe) that the JIT, having never seen it taken, compiles as a trap inside the timed method's
 * code, where the advice is inlined: the first time it is taken, the compiled code of the timed
 * method and of every method it was inlined into is thrown away and runs interpreted until it is
 * compiled again (on the http workload two to four times a run inside the measured load, the
 * clients' loop with the JDK's HTTP client inlined into it among them; docs/performance.md). A
 * drain that added the counts to the window under the claim held it for microseconds, and longer
 * while the drain's own code, run a few times a second, was not compiled yet; a writer can now
 * meet a drain only in the few nanoseconds of the swap. Writers sharing a stripe (more threads
 * than stripes) can still meet each other.
 */
final class Stripe {

  private static final VarHandle OWNER;

  static {
    try {
      OWNER = MethodHandles.lookup().findVarHandle(Stripe.class, "owner", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How many counters {@link #drainInto} adds up. */
  static final int COUNTERS = 9;

  /** How long the report thread waits for a stripe before leaving it for the next report. */
  private static final int DRAIN_YIELDS = 1_000;

  /** The thread holding the claim, or null. */
  @SuppressWarnings("unused") // accessed through OWNER
  private volatile Thread owner;

  // Report thread only: the counters as of the last drain, used when a drain cannot claim.
  private final long[] drained = new long[COUNTERS];

  // Guarded by the claim.
  private final LatencyCounts latency = new LatencyCounts();
  private long allNanos;
  private long nestedNanos;
  private long errors;
  private long sampledCalls;
  private long sampledWallNanos;
  private long sampledCpuNanos;
  private long sampledAllocatedBytes;
  private long clockedCalls;
  private long weightedCalls;

  /**
   * Claims the stripe for the current thread.
   *
   * <p>A claim can leak: a {@link StackOverflowError} (or another asynchronous error) can strike
   * after the claim and inside the release. Claims never nest, so a stripe found claimed by the
   * current thread itself was leaked by it, and is simply taken again (and released properly
   * this time); a stripe claimed by a thread that has ended is taken over.
   */
  boolean tryClaim() {
    Thread current = Thread.currentThread();
    Thread holder = (Thread) OWNER.getAcquire(this);
    if (holder == null) {
      return OWNER.compareAndSet(this, null, current);
    }
    if (holder == current) {
      return true;
    }
    return !holder.isAlive() && OWNER.compareAndSet(this, holder, current);
  }

  /**
   * Claims the stripe if nobody holds it: {@link #tryClaim}'s common case alone (a false answer
   * leaves the rest to {@link #tryClaim}).
   */
  boolean tryClaimFree() {
    return OWNER.compareAndSet(this, null, Thread.currentThread());
  }

  void release() {
    OWNER.setRelease(this, null);
  }

  /**
   * Records one clocked call; the caller holds the claim. The histogram gets the latency once;
   * the time totals get it {@code weight} times, the number of calls this one stands for on a
   * sampled method (1 on an exact one).
   */
  void record(long nanos, boolean error, boolean outermost, int weight) {
    latency.record(nanos);
    clockedCalls++;
    weightedCalls += weight;
    long weighted = nanos * weight;
    allNanos += weighted;
    if (!outermost) {
      nestedNanos += weighted;
    }
    if (error) {
      errors++;
    }
  }

  /** Records the CPU figures of one sampled call; the caller holds the claim. */
  void recordCpu(long wallNanos, long cpuNanos, long allocatedBytes) {
    sampledCalls++;
    sampledWallNanos += wallNanos;
    sampledCpuNanos += cpuNanos;
    if (allocatedBytes >= 0) {
      sampledAllocatedBytes += allocatedBytes;
    }
  }

  /**
   * Moves the calls recorded since the last drain into {@code window} and adds the counters
   * (totals since the start) to {@code totals}. Report thread only. If the stripe stays claimed
   * (its writer was descheduled, or the claim leaked), its calls wait for the next drain and the
   * counters of the last drain are added instead, so totals never go backwards.
   *
   * <p>Under the claim the counts are swapped for {@code spare} (see the class comment), and added
   * to {@code window} once the claim is released.
   *
   * @param spare an array of zeros, of any length (a shorter one is replaced)
   * @return an array of zeros for the next stripe's drain: the counts taken here, cleared, or
   *     {@code spare} if none were taken
   */
  int[] drainInto(AbstractHistogram window, long[] totals, int[] spare) {
    // The writer may grow its counts between this look and the claim: then they are drained in
    // place, under the claim, as a drain did before.
    int[] empty = spare.length >= latency.length() ? spare : new int[latency.length()];
    int spins = 0;
    while (!tryClaim()) {
      if (++spins > DRAIN_YIELDS) {
        addTo(totals);
        return empty;
      }
      Thread.yield(); // a writer holds it for a few nanoseconds, unless it was descheduled
    }
    int[] taken = null;
    try {
      if (latency.total() > 0) { // nothing to take for an idle method
        if (empty.length >= latency.length()) {
          taken = latency.exchange(empty);
        } else {
          latency.drainInto(window);
        }
      }
      drained[0] = allNanos;
      drained[1] = nestedNanos;
      drained[2] = errors;
      drained[3] = sampledCalls;
      drained[4] = sampledWallNanos;
      drained[5] = sampledCpuNanos;
      drained[6] = sampledAllocatedBytes;
      drained[7] = clockedCalls;
      drained[8] = weightedCalls;
    } finally {
      release();
    }
    addTo(totals);
    if (taken == null) {
      return empty;
    }
    LatencyCounts.drainInto(taken, window);
    return taken;
  }

  /** How many buckets the latency counts use now, for tests. */
  int countsLength() {
    return latency.length();
  }

  private void addTo(long[] totals) {
    for (int i = 0; i < drained.length; i++) {
      totals[i] += drained[i];
    }
  }
}

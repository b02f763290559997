package dev.overclock.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 * second ({@link LatencyCounts}). The report thread drains them in place (adds them to the
 * window, then clears them) while holding the claim, so a stripe never needs a second copy; a
 * writer meeting that claim records into another stripe of the method or waits the few
 * microseconds the drain takes.
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
   * Moves the calls recorded since the last drain into {@code latencies} and adds the counters
   * (totals since the start) to {@code totals}. Report thread only. If the stripe stays claimed
   * (its writer was descheduled, or the claim leaked), its calls wait for the next drain and the
   * counters of the last drain are added instead, so totals never go backwards.
   */
  void drainInto(DrainedLatencies latencies, long[] totals) {
    int spins = 0;
    while (!tryClaim()) {
      if (++spins > DRAIN_YIELDS) {
        addTo(totals);
        return;
      }
      Thread.yield(); // a writer holds it for a few nanoseconds, unless it was descheduled
    }
    try {
      latency.drainInto(latencies); // nothing to do for an idle method
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
  }

  private void addTo(long[] totals) {
    for (int i = 0; i < drained.length; i++) {
      totals[i] += drained[i];
    }
  }
}

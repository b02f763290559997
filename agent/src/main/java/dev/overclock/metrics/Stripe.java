package dev.overclock.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * One stripe of a method's figures: an HdrHistogram of latencies and a few counters, written by
 * one thread at a time and flipped by the report thread.
 *
 * <h2>Why not HdrHistogram's {@code Recorder}</h2>
 *
 * A {@code Recorder} accepts concurrent writers, and pays for it on every value: about five
 * atomic read-modify-write instructions (its phaser, the concurrent histogram's phaser, the
 * count). Shared by two threads, those instructions bounce cache lines between cores: 146–219 ns
 * a call instead of ~58 ns on the build machine. Threads write to stripes chosen by thread id,
 * so a stripe nearly always has one writer; a stripe therefore needs exclusion, not a
 * multi-writer data structure. A writer claims the stripe with one compare-and-set, records into
 * a plain {@code Histogram} and plain counters, and releases it with a plain (release) store.
 *
 * <h2>Reading</h2>
 *
 * The report thread claims the stripe just long enough to swap the active histogram for an empty
 * one and copy the counters (monotonic, never reset), then merges the swapped-out histogram
 * outside the claim. A writer never waits for a merge; it waits at most for a pointer swap.
 *
 * <h2>Collisions</h2>
 *
 * If two threads hash to the same stripe and meet, the second claims another stripe of the
 * method instead of waiting (see {@link MethodRecorder}).
 */
final class Stripe {

  private static final VarHandle OWNED;

  static {
    try {
      OWNED = MethodHandles.lookup().findVarHandle(Stripe.class, "owned", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through OWNED
  private volatile int owned;

  // Guarded by the claim.
  private Histogram active = newHistogram();
  private long allNanos;
  private long nestedNanos;
  private long errors;
  private long sampledCalls;
  private long sampledWallNanos;
  private long sampledCpuNanos;
  private long sampledAllocatedBytes;

  // Report thread only.
  private Histogram spare;

  /** Two significant digits (1% resolution), auto-resizing: a few KB per active stripe. */
  static Histogram newHistogram() {
    return new Histogram(2);
  }

  boolean tryClaim() {
    return OWNED.compareAndSet(this, 0, 1);
  }

  void release() {
    OWNED.setRelease(this, 0);
  }

  /** Claims the stripe, spinning: for the report thread, which waits at most a record's length. */
  private void claim() {
    int spins = 0;
    while (!tryClaim()) {
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // the owner was descheduled mid-record
      }
    }
  }

  /** Records one call; the caller holds the claim. */
  void record(long nanos, boolean error, boolean outermost) {
    active.recordValue(nanos);
    allNanos += nanos;
    if (!outermost) {
      nestedNanos += nanos;
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
   * (totals since the start) to {@code totals}. Report thread only.
   */
  void drainInto(Histogram window, long[] totals) {
    Histogram fresh = spare == null ? newHistogram() : spare;
    Histogram recorded;
    claim();
    try {
      recorded = active;
      active = fresh;
      totals[0] += allNanos;
      totals[1] += nestedNanos;
      totals[2] += errors;
      totals[3] += sampledCalls;
      totals[4] += sampledWallNanos;
      totals[5] += sampledCpuNanos;
      totals[6] += sampledAllocatedBytes;
    } finally {
      release();
    }
    window.add(recorded);
    recorded.reset();
    spare = recorded;
  }
}

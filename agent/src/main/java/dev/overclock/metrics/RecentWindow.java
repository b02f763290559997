package dev.overclock.metrics;

import org.HdrHistogram.PackedHistogram;

/**
 * The calls of one method over a sliding time window (the last few minutes), for readers that
 * want recent latency rather than latency since the start: a Prometheus summary's quantiles
 * "SHOULD represent the recent values" (OpenMetrics 1.0), or a service that has run for a week
 * would show a p99 that no longer moves.
 *
 * <p>A ring of {@link #SLOTS} histograms, each covering a fifth of the window, and their running
 * sum: calls are added to the current slot and the sum; when time moves on, the oldest slot is
 * subtracted from the sum and cleared. A summary therefore covers between four fifths of the
 * window and all of it, and costs one pass over one histogram, however many slots there are.
 * Calls are placed by the time they were drained from the stripes, not by the time they were
 * made: a window always holds at least the calls of the latest drain, however rarely drains
 * happen. Memory: six packed histograms (in proportion to the distinct latencies seen), allocated
 * only for methods somebody reads this way. Guarded by the owning recorder's lock.
 */
final class RecentWindow {

  static final int SLOTS = 5;

  private final long slotNanos;
  private final PackedHistogram[] slots = new PackedHistogram[SLOTS];
  private final long[] slotCalls = new long[SLOTS];
  private final long[] slotErrors = new long[SLOTS];
  private final long[] slotSumNanos = new long[SLOTS];
  private final PackedHistogram all = new PackedHistogram(2);
  private int current;
  private long currentStart;

  RecentWindow(long windowNanos, long nowNanos) {
    this.slotNanos = Math.max(1L, windowNanos / SLOTS);
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new PackedHistogram(2);
    }
    this.currentStart = nowNanos;
  }

  /**
   * Adds the calls of one drain: the latencies of the clocked ones, and the number of calls,
   * errors and summed durations of all of them (on a sampled method, more calls than latencies).
   */
  void add(DrainedLatencies drained, long calls, long errors, long sumNanos, long nowNanos) {
    advance(nowNanos);
    if (drained.total() > 0) {
      drained.addTo(slots[current]);
      drained.addTo(all);
    }
    slotCalls[current] += calls;
    slotErrors[current] += errors;
    slotSumNanos[current] += sumNanos;
  }

  /** The window's latency figures. */
  LatencySummary summary(long nowNanos) {
    advance(nowNanos);
    long sumNanos = 0;
    long calls = 0;
    for (int i = 0; i < SLOTS; i++) {
      sumNanos += slotSumNanos[i];
      calls += slotCalls[i];
    }
    return LatencySummary.of(all, sumNanos, calls);
  }

  /** Calls that ended by throwing, within the window. */
  long errors(long nowNanos) {
    advance(nowNanos);
    long errors = 0;
    for (long slot : slotErrors) {
      errors += slot;
    }
    return errors;
  }

  /** Moves to the slot that covers {@code nowNanos}, taking out every slot that fell out. */
  private void advance(long nowNanos) {
    long elapsed = nowNanos - currentStart;
    if (elapsed < slotNanos) {
      return; // also for a clock read earlier than the last one (another reader's)
    }
    long steps = elapsed / slotNanos;
    if (steps >= SLOTS) {
      for (int i = 0; i < SLOTS; i++) {
        clear(i);
      }
      all.reset();
    } else {
      boolean consistent = true;
      for (long step = 0; step < steps; step++) {
        current = (current + 1) % SLOTS;
        if (consistent && slots[current].getTotalCount() > 0) {
          try {
            all.subtract(slots[current]);
          } catch (RuntimeException e) {
            consistent = false; // cannot happen (the sum holds every slot); rebuilt below
          }
        }
        clear(current);
      }
      if (!consistent) {
        all.reset();
        for (PackedHistogram slot : slots) {
          all.add(slot);
        }
      }
    }
    currentStart += steps * slotNanos;
  }

  private void clear(int slot) {
    slots[slot].reset();
    slotCalls[slot] = 0;
    slotErrors[slot] = 0;
    slotSumNanos[slot] = 0;
  }
}

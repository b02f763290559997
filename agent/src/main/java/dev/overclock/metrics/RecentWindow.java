package dev.overclock.metrics;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The calls of one method over a sliding time window (the last few minutes), for readers that
 * want recent latency rather than latency since the start: a Prometheus summary's quantiles
 * "SHOULD represent the recent values" (OpenMetrics 1.0), or a service that has run for a week
 * would show a p99 that no longer moves.
 *
 * <p>A ring of {@link #SLOTS} histograms, each covering a fifth of the window; the oldest is
 * cleared as time moves on, so a summary covers between four fifths of the window and all of it.
 * Calls are placed by the time they were drained from the stripes, not by the time they were
 * made: a window therefore always holds at least the calls of the latest drain, however rarely
 * drains happen. Memory: five packed histograms (in proportion to the distinct latencies seen),
 * allocated only for methods somebody reads this way. Guarded by the owning recorder's lock.
 */
final class RecentWindow {

  static final int SLOTS = 5;

  private final long slotNanos;
  private final PackedHistogram[] slots = new PackedHistogram[SLOTS];
  private final long[] slotErrors = new long[SLOTS];
  private final long[] slotSumNanos = new long[SLOTS];
  private int current;
  private long currentStart;

  RecentWindow(long windowNanos, long nowNanos) {
    this.slotNanos = Math.max(1L, windowNanos / SLOTS);
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new PackedHistogram(2);
    }
    this.currentStart = nowNanos;
  }

  /** Adds the calls of one drain: their latencies, errors and summed durations. */
  void add(AbstractHistogram drained, long errors, long sumNanos, long nowNanos) {
    advance(nowNanos);
    if (drained.getTotalCount() > 0) {
      slots[current].add(drained);
    }
    slotErrors[current] += errors;
    slotSumNanos[current] += sumNanos;
  }

  /**
   * The window's latency figures, merged into {@code scratch} (reset first), which the caller
   * owns and may reuse afterwards.
   */
  LatencySummary summary(AbstractHistogram scratch, long nowNanos) {
    advance(nowNanos);
    scratch.reset();
    long sumNanos = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (slots[i].getTotalCount() > 0) {
        scratch.add(slots[i]);
      }
      sumNanos += slotSumNanos[i];
    }
    return LatencySummary.of(scratch, sumNanos);
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

  /** Moves to the slot that covers {@code nowNanos}, clearing every slot that fell out. */
  private void advance(long nowNanos) {
    long elapsed = nowNanos - currentStart;
    if (elapsed < slotNanos) {
      return; // also for a clock read earlier than the last one (another reader's)
    }
    long steps = elapsed / slotNanos;
    for (long step = 0; step < Math.min(steps, SLOTS); step++) {
      current = (current + 1) % SLOTS;
      slots[current].reset();
      slotErrors[current] = 0;
      slotSumNanos[current] = 0;
    }
    currentStart += steps * slotNanos;
  }
}

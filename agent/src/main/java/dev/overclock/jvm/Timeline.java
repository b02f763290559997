package dev.overclock.jvm;

import java.time.Duration;
import java.time.Instant;

/**
 * The period the events covered, from the earliest to the latest event time (events may arrive
 * out of order), and the arithmetic the report sections share.
 */
final class Timeline {

  private Instant from;
  private Instant to;

  /** Widens the period to include this event time; {@code null} (unknown) is ignored. */
  void seen(Instant at) {
    if (at == null) {
      return;
    }
    if (from == null || at.isBefore(from)) {
      from = at;
    }
    if (to == null || at.isAfter(to)) {
      to = at;
    }
  }

  /** The earliest event time, or {@code null} before any. */
  Instant from() {
    return from;
  }

  /** The latest event time, or {@code null} before any. */
  Instant to() {
    return to;
  }

  /** The start in epoch nanoseconds, 0 before any event. */
  long fromNanos() {
    return from == null ? 0 : epochNanos(from);
  }

  /** The length of the period in nanoseconds, 0 before any event. */
  long durationNanos() {
    return from == null ? 0 : Math.max(0, Duration.between(from, to).toNanos());
  }

  static long epochNanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /** A share within 0..1; NaN (nothing measured) is 0. */
  static double clamp(double share) {
    return Double.isNaN(share) ? 0 : Math.max(0, Math.min(1, share));
  }
}

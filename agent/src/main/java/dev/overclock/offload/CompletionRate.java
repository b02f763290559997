package dev.overclock.offload;

/**
 * Tasks ended per second: the least-squares slope of the count of ended tasks over time, from one
 * point per ended task. Reads no clock: the caller gives each point's time.
 *
 * <p>Why a slope and not the endpoints ({@code (last count - first count) / (last time - first
 * time)}): a pool ends its tasks in bursts, one per round of its threads, and a window whose ends
 * fall just before or just after a burst reads a whole round more or less; one task that ended
 * late at either end moves the rate as much as all the others. The slope through every point
 * weighs them all alike, so a window's phase and a stray task move it little.
 *
 * <p>Points may come in stretches (a pool is measured only while it is saturated): {@link
 * #pause} ends a stretch, and the next point starts a new one joined to the end of the last, so
 * the time between stretches, when the pool was not saturated, counts for nothing.
 */
final class CompletionRate {

  private int points;
  // time in seconds and count since the first point, less what the pauses left out
  private double sumT;
  private double sumC;
  private double sumTT;
  private double sumTC;
  private long originNanos;
  private long originCount;
  private long lastNanos; // the last point, relative to the origin
  private long lastCount;
  private boolean paused;

  /** {@code count} tasks had ended at {@code nanos} ({@code System.nanoTime}). */
  void add(long nanos, long count) {
    if (points == 0) {
      originNanos = nanos;
      originCount = count;
    }
    if (paused) {
      // The first point of a new stretch lands where the last stretch ended: the gap is left out.
      paused = false;
      originNanos = nanos - lastNanos;
      originCount = count - lastCount;
      return;
    }
    lastNanos = nanos - originNanos;
    lastCount = count - originCount;
    double t = lastNanos / 1e9;
    double c = lastCount;
    points++;
    sumT += t;
    sumC += c;
    sumTT += t * t;
    sumTC += t * c;
  }

  /** The stretch ends here: the next point starts a new one (see the class comment). */
  void pause() {
    if (points > 0) {
      paused = true;
    }
  }

  /** Points counted (the first point of each later stretch joins the last and is not one). */
  int points() {
    return points;
  }

  /** The time the points span, pauses left out, in seconds. */
  double seconds() {
    return lastNanos / 1e9;
  }

  /** Tasks ended per second; {@link Double#NaN} with fewer than two points or no time between. */
  double perSecond() {
    double denominator = points * sumTT - sumT * sumT;
    if (points < 2 || !(denominator > 0)) {
      return Double.NaN;
    }
    return (points * sumTC - sumT * sumC) / denominator;
  }
}

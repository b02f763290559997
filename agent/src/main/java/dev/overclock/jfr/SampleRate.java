package dev.overclock.jfr;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The live stream's execution-sample interval: {@code jfr.sampleinterval} while hot-method
 * detection still finds something, twice that once it has found nothing new for {@link
 * #SETTLE_WINDOWS} windows in a row, and twice again while the overhead governor sheds the
 * interval.
 *
 * <h2>Why</h2>
 *
 * Sampling is most of the stream's steady cost: JFR's sampler stops each running thread and walks
 * its stack, and the stream thread parses and aggregates every sample. A program past its start
 * keeps its hot methods; once they are found (or refused), sampling half as often still shows a
 * new hot method (a share of a window's samples does not depend on the interval) and the
 * report's shares stay what they are, from half the samples. The first window that adds a method
 * sets the interval back, so that a program that changes its phase is looked at closely again.
 *
 * <p>Called on the stream thread (windows) and the governor's thread (shedding).
 */
final class SampleRate {

  /** Windows in a row that add no method before sampling slows down. */
  static final int SETTLE_WINDOWS = 3;

  /** How much longer the interval is once detection has settled, and again while shed. */
  static final int FACTOR = 2;

  private final Duration nominal;
  private final Consumer<Duration> apply;
  private int quietWindows;
  private boolean settled;
  private boolean shed;
  private Duration current;

  /**
   * @param nominal {@code jfr.sampleinterval}, the stream's interval at its start
   * @param apply sets the stream's interval; called only when it changes
   */
  SampleRate(Duration nominal, Consumer<Duration> apply) {
    this.nominal = nominal;
    this.apply = apply;
    this.current = nominal;
  }

  /** After a detection window: whether it added a method to time. */
  synchronized void window(boolean added) {
    if (added) {
      quietWindows = 0;
      settled = false;
    } else if (++quietWindows >= SETTLE_WINDOWS) {
      settled = true;
    }
    update();
  }

  /** The overhead governor sheds the interval (doubled), or takes the step back. */
  synchronized void shed(boolean on) {
    shed = on;
    update();
  }

  /** The interval asked of JFR now. */
  synchronized Duration current() {
    return current;
  }

  /** Whether detection found nothing new for a while (then the interval is longer). */
  synchronized boolean settled() {
    return settled;
  }

  /** Why the interval is longer than {@code jfr.sampleinterval} now, or {@code null}. */
  synchronized String why() {
    if (settled && shed) {
      return "hot-method detection found nothing new lately, and the overhead governor sheds it";
    }
    return settled ? "hot-method detection found nothing new lately"
        : shed ? "the overhead governor sheds it" : null;
  }

  private void update() {
    Duration next = nominal.multipliedBy((settled ? FACTOR : 1) * (shed ? FACTOR : 1));
    if (!next.equals(current)) {
      current = next;
      apply.accept(next);
    }
  }
}

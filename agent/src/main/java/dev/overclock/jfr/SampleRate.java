package dev.overclock.jfr;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The live stream's execution-sample interval: {@code jfr.sampleinterval} while hot-method
 * detection still finds something, {@link #settledFactor} times that once it has found nothing new
 * for {@link #SETTLE_WINDOWS} windows in a row (twice, or five times on JDK 25 and later), and
 * twice again while the overhead governor sheds the interval.
 *
 * <h2>Why</h2>
 *
 * Sampling is most of the stream's steady cost: JFR's sampler stops each running thread and walks
 * its stack, and the stream thread parses and aggregates every sample. A program past its start
 * keeps its hot methods; once they are found (or refused), sampling less often still shows a new
 * hot method (a share of a window's samples does not depend on the interval; thin windows are
 * judged together) and the report's shares stay what they are, from fewer samples. The first
 * window that adds a method sets the interval back, so that a program that changes its phase is
 * looked at closely again.
 *
 * <h2>Five times on JDK 25</h2>
 *
 * From JDK 25 (JEP 518, cooperative sampling) the sampled thread walks its own stack at its next
 * safepoint poll: the cost moves from JFR's sampler thread, which the governor counts, onto the
 * application's threads, where nothing tells it apart. Measured within one JVM on JDK 25 (the cpu
 * workload, both cores computing; {@code benchmarks/overhead/toggle.sh}, docs/performance.md):
 * the stream alone ({@code auto=off}) at the settled 40 ms cost 3.3% of throughput, at 200 ms
 * (a 100 ms {@code jfr.sampleinterval}) nothing resolved (0.4%); JFR's default settings 2.4%, all
 * of it the execution samples. So there the settled interval is five times the nominal one: 100 ms
 * by default. On older JDKs the sampler thread does the walk, is counted, and twice is kept.
 *
 * <p>Called on the stream thread (windows) and the governor's thread (shedding).
 */
final class SampleRate {

  /** Windows in a row that add no method before sampling slows down. */
  static final int SETTLE_WINDOWS = 3;

  /** How much longer the interval is once detection has settled, where the sampler walks. */
  static final int SETTLED_FACTOR = 2;

  /** The same where the sampled threads walk their own stacks: JDK 25 and later. */
  static final int SETTLED_FACTOR_COOPERATIVE = 5;

  /** The first JDK whose sampled threads walk their own stacks (JEP 518). */
  static final int COOPERATIVE_SAMPLING_JDK = 25;

  /** How much longer the interval is while the governor sheds it, settled or not. */
  static final int SHED_FACTOR = 2;

  private final int settledFactor;

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
    this(nominal, apply, settledFactor(Runtime.version().feature()));
  }

  /**
   * @param nominal {@code jfr.sampleinterval}, the stream's interval at its start
   * @param apply sets the stream's interval; called only when it changes
   * @param settledFactor how much longer the interval is once detection has settled
   */
  SampleRate(Duration nominal, Consumer<Duration> apply, int settledFactor) {
    this.settledFactor = settledFactor;
    this.nominal = nominal;
    this.apply = apply;
    this.current = nominal;
  }

  /** How much longer the settled interval is on this JDK feature release (see the class). */
  static int settledFactor(int jdkFeature) {
    return jdkFeature >= COOPERATIVE_SAMPLING_JDK ? SETTLED_FACTOR_COOPERATIVE : SETTLED_FACTOR;
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

  /** The overhead governor sheds the interval ({@link #SHED_FACTOR} times), or takes it back. */
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
    Duration next = nominal.multipliedBy((settled ? settledFactor : 1) * (shed ? SHED_FACTOR : 1));
    if (!next.equals(current)) {
      current = next;
      apply.accept(next);
    }
  }
}

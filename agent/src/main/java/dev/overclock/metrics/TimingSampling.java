package dev.overclock.metrics;

/**
 * When a method's timing reads the clock on one call in N instead of every call.
 *
 * <h2>Why</h2>
 *
 * An exact timed call costs two clock reads and a histogram write, about 100 ns on a server. For
 * a method that itself takes a few nanoseconds that is many times the call; timing every call is
 * never worth it there. A sampled method still counts every call exactly (its call count, errors
 * and rates stay exact), but reads the clock and writes the histogram on one call in {@code
 * every} per thread (a per-thread countdown, so the other calls pay neither); its percentiles
 * come from the sampled calls and its total time is the sampled calls' time scaled by the number
 * of calls each one stands for.
 *
 * <h2>When</h2>
 *
 * A method is timed exactly for its first {@link #MIN_CALLS} calls. From then on, whenever the
 * recorders are read, a method whose mean latency is below {@code belowNanos} (20 times the cost
 * of an exact timed call) is switched to sampling; a sampled method whose recent mean rises above
 * four times that is switched back (the gap keeps a method near the threshold from flapping).
 * Methods the user asked to time exactly ({@code @Timed(exact = true)}) never are sampled, nor is
 * any method with {@code timing.exact=true}. A method the detector chose because it is hot starts
 * the other way round, sampled from its first call ({@link TimingRecorders#sampleFirst}), and is
 * switched to exact timing at the first read that finds its calls long: hot methods are often
 * short, and timing one exactly for its first window is what cost the cpu workload 9-14%.
 *
 * @param every the default N: one call in this many is clocked; 1 turns sampling off
 * @param belowNanos mean latency under which a method is sampled
 */
public record TimingSampling(int every, long belowNanos) {

  /** Calls timed exactly before a method can be switched to sampling. */
  public static final long MIN_CALLS = 1_000;

  /** What an exact timed call costs on a server, order of magnitude (docs/performance.md). */
  public static final long EXACT_CALL_NANOS = 100;

  /** Every call timed exactly: the behaviour before sampling existed. */
  public static final TimingSampling EXACT = new TimingSampling(1, 0);

  public TimingSampling {
    every = Math.max(1, every);
    belowNanos = Math.max(0, belowNanos);
  }

  /** Sampling one call in {@code every} for methods under 20 times the cost of exact timing. */
  public static TimingSampling auto(int every) {
    return new TimingSampling(every, 20 * EXACT_CALL_NANOS);
  }

  boolean isOn() {
    return every > 1 && belowNanos > 0;
  }

  /**
   * The N a method should be timed with from now on.
   *
   * @param current the method's N now (1: exact)
   * @param clockedCalls calls timed so far, in all
   * @param recentMeanNanos mean latency of the calls timed since the last decision, or -1 if none
   */
  int decide(int current, long clockedCalls, double recentMeanNanos) {
    if (!isOn() || recentMeanNanos < 0) {
      return current;
    }
    if (current == 1) {
      return clockedCalls >= MIN_CALLS && recentMeanNanos < belowNanos ? every : 1;
    }
    return recentMeanNanos > 4.0 * belowNanos ? 1 : current;
  }
}

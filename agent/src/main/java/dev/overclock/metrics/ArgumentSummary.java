package dev.overclock.metrics;

/**
 * How often a method's arguments repeated, from a sample of its calls.
 *
 * @param sampledCalls calls whose arguments were hashed
 * @param distinct distinct argument tuples among them (by hash: receiver identity and each
 *     argument's {@code hashCode})
 * @param complete whether sampling finished (enough calls, or time up)
 * @param singletons argument tuples seen exactly once in the sample
 */
public record ArgumentSummary(long sampledCalls, long distinct, boolean complete,
    long singletons) {

  /** A summary without the count of tuples seen once: each distinct one is taken as seen once. */
  public ArgumentSummary(long sampledCalls, long distinct, boolean complete) {
    this(sampledCalls, distinct, complete, distinct);
  }

  /**
   * The share of sampled calls whose arguments had been seen before in the sample: what an
   * unbounded cache would have hit, 0..1. The sample being a fraction of the calls, the true rate
   * over all calls is at least this high when arguments come from a fixed set.
   */
  public double repeatRate() {
    return sampledCalls == 0 ? 0 : 1.0 - (double) distinct / sampledCalls;
  }

  /**
   * The share of the next calls whose arguments a cache would already hold, 0..1, estimated from
   * the sample by Good and Turing's rule: the chance that the next call brings arguments never
   * seen is about the share of sampled calls whose arguments were seen exactly once. Arguments
   * drawn again and again from a set a little larger than the sample repeat in few sampled calls
   * (500 calls over 500 equally frequent words: about 37%), yet a cache that has seen them once
   * answers nearly every later call (this estimate: about 63%, and rising as the cache fills);
   * arguments that never repeat give 0. Never below {@link #repeatRate}.
   */
  public double expectedHitRate() {
    return sampledCalls == 0 ? 0 : Math.max(repeatRate(), 1.0 - (double) singletons / sampledCalls);
  }
}

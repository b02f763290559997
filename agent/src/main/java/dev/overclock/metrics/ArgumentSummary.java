package dev.overclock.metrics;

/**
 * How often a method's arguments repeated, from a sample of its calls.
 *
 * @param sampledCalls calls whose arguments were hashed
 * @param distinct distinct argument tuples among them (by hash: receiver identity and each
 *     argument's {@code hashCode})
 * @param complete whether sampling finished (enough calls, or time up)
 */
public record ArgumentSummary(long sampledCalls, long distinct, boolean complete) {

  /**
   * The share of sampled calls whose arguments had been seen before in the sample: what an
   * unbounded cache would have hit, 0..1. The sample being a fraction of the calls, the true rate
   * over all calls is at least this high when arguments come from a fixed set.
   */
  public double repeatRate() {
    return sampledCalls == 0 ? 0 : 1.0 - (double) distinct / sampledCalls;
  }
}

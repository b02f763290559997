package dev.overclock.metrics;

/**
 * Makes calls into {@link TimingRecorders} as the timing advice does (enter, then exit), with
 * durations chosen by the test instead of read from the clock; for tests of other packages.
 */
public final class TimedCalls {

  /** Where the calls' clock starts; not 0, which the sink reads as "no start time". */
  private static final long START = 1_000_000L;

  private TimedCalls() {}

  /** One call of {@code nanos}, failing with {@code thrown} unless it is {@code null}. */
  public static void call(TimingRecorders recorders, int id, long nanos, Throwable thrown) {
    Object state = recorders.enter(id);
    recorders.exit(state, START, START + nanos, thrown);
  }
}

package benchtarget;

import dev.overclock.annotations.Timed;

/**
 * The tiny methods whose calls the benchmarks time. Outside {@code dev.overclock}, which the
 * agent never instruments. {@link #plain} and {@link #timed} have the same body; only {@link
 * #timed} carries {@code @Timed(exact = true)} (every call clocked) and {@link #sampled} plain
 * {@code @Timed} (switched to sampled timing once the agent has seen its first calls), so the
 * agent instruments those two and nothing else here.
 */
public final class Targets {

  private Targets() {}

  public static long plain(long value) {
    return value * 31 + 7;
  }

  @Timed(exact = true)
  public static long timed(long value) {
    return value * 31 + 7;
  }

  @Timed
  public static long sampled(long value) {
    return value * 31 + 7;
  }
}

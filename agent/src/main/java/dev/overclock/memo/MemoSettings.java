package dev.overclock.memo;

import java.time.Duration;

/**
 * How one method is memoized: the attributes of {@code @Memoize}, after per-method options
 * overrode them.
 *
 * @param maxSize results kept at most (for all receivers of an instance method together), >= 1
 * @param expireAfterWrite how long a result stays valid; {@link Duration#ZERO}: until evicted
 * @param verify how many hits are checked by running the method anyway, >= 0
 * @param verifyRate the fraction of later hits checked the same way, 0..1
 */
public record MemoSettings(long maxSize, Duration expireAfterWrite, int verify, double verifyRate) {

  /** The defaults of {@code @Memoize}. */
  public static final MemoSettings DEFAULTS = new MemoSettings(10_000, Duration.ZERO, 100, 0.001);

  /**
   * Why these settings cannot be used, phrased to follow "memoize: ... is not memoized: ", or
   * {@code null} when they are valid.
   */
  public String problem() {
    if (maxSize < 1) {
      return "maxSize must be at least 1, not " + maxSize;
    }
    if (expireAfterWrite.isNegative()) {
      return "expireAfterWrite must not be negative";
    }
    if (verify < 0) {
      return "verify must be 0 or more, not " + verify;
    }
    if (!(verifyRate >= 0 && verifyRate <= 1)) {
      return "verifyRate must be from 0 to 1, not " + verifyRate;
    }
    return null;
  }
}

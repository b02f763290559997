package benchtarget;

import dev.overclock.annotations.Memoize;

/**
 * The methods the memoization benchmarks call. Outside {@code dev.overclock}, which the agent
 * never instruments. Each {@code @Memoize} method has a plain twin with the same body, which the
 * hand-written memoization and the baselines call.
 */
public final class MemoTargets {

  private MemoTargets() {}

  /** A pure function worth caching: about 30 rounds of mixing. */
  public static long work(long a, long b) {
    long h = a * 0x9E3779B97F4A7C15L + b;
    for (int i = 0; i < 30; i++) {
      h ^= h >>> 31;
      h *= 0xBF58476D1CE4E5B9L;
    }
    return h;
  }

  @Memoize
  public static long memoOne(long a) {
    return work(a, 0);
  }

  @Memoize
  public static long memoTwo(long a, long b) {
    return work(a, b);
  }

  @Memoize
  public static long memoOneText(String a) {
    return work(a.hashCode(), 0);
  }

  @Memoize
  public static long memoTwoTexts(String a, String b) {
    return work(a.hashCode(), b.hashCode());
  }

  /** Called with a new argument every time: every call is a miss (and, once full, an eviction). */
  @Memoize
  public static long memoMiss(long a) {
    return work(a, 0);
  }

  public static long fibPlain(int n) {
    return n < 2 ? n : fibPlain(n - 1) + fibPlain(n - 2);
  }

  @Memoize
  public static long fibMemo(int n) {
    return n < 2 ? n : fibMemo(n - 1) + fibMemo(n - 2);
  }

  /**
   * Memoized per receiver: a new {@code Fib} starts with nothing cached, so {@code new
   * Fib().fib(35)} measures computing fib(35) through the cache from scratch.
   */
  public static final class Fib {
    @Memoize
    public long fib(int n) {
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
  }
}

package dev.overclock.report;

/**
 * The memoization figures of one method, as the report shows them. Times are nanoseconds.
 *
 * @param key unique: class, method and JVM descriptor
 * @param name {@code com.acme.Pricing::quote}
 * @param selectedBy {@code annotation} ({@code @Memoize}) or {@code filter} ({@code memoize=})
 * @param state {@code active}, {@code unsafe} (a verification found a different result: no
 *     longer memoized) or {@code skipped} (never memoized)
 * @param reason why unsafe or skipped; {@code null} when active
 * @param evidence for {@code unsafe}: the arguments and both results; else {@code null}
 * @param settings the settings in force; {@code null} for a skipped method
 * @param hits calls answered from the cache, {@code waits} included
 * @param misses calls that ran the method because nothing was cached
 * @param verifyChecks hits that ran the method anyway to compare results
 * @param verifyFailures checks whose results differed
 * @param hitRatio (hits + checks) / (hits + misses + checks), 0..1
 * @param waits calls that waited for another thread computing the same arguments
 * @param evictions results evicted for size (or expired)
 * @param size results cached now
 * @param meanMissNanos mean time of a miss (inclusive of nested calls)
 * @param savedNanos estimated time saved: hits times {@code meanMissNanos}
 */
public record MemoReport(
    String key,
    String name,
    String className,
    String methodName,
    String descriptor,
    String parameters,
    String selectedBy,
    String state,
    String reason,
    String evidence,
    Settings settings,
    long hits,
    long misses,
    long verifyChecks,
    long verifyFailures,
    double hitRatio,
    long waits,
    long evictions,
    long size,
    double meanMissNanos,
    long savedNanos) {

  /**
   * How the method is memoized.
   *
   * @param expireAfterWriteNanos 0: results never expire
   */
  public record Settings(long maxSize, long expireAfterWriteNanos, int verify, double verifyRate) {}
}

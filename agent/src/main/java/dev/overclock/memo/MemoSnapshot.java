package dev.overclock.memo;

import dev.overclock.metrics.MethodRef;

/**
 * The figures of one memoized method at one moment, for the report.
 *
 * @param state {@code active}, {@code unsafe} (a verification found a different result; calls
 *     run the method as written since) or {@code skipped} (asked for, never memoized)
 * @param reason why the method is unsafe or skipped; {@code null} when active
 * @param evidence for an unsafe method: the arguments and the two differing results; else null
 * @param hits calls answered from the cache (the body did not run); includes {@code waits}
 * @param misses calls that ran the body because no result was cached
 * @param missNanos total time of the misses (inclusive of nested calls)
 * @param waits calls that waited for another thread's computation of the same arguments
 * @param checks hits that ran the body anyway to verify the cached result
 * @param checkFailures checks whose fresh result differed from the cached one
 * @param evictions results evicted to respect {@code maxSize} (or expired)
 * @param size results cached now
 */
public record MemoSnapshot(
    MethodRef method,
    MemoSettings settings,
    String state,
    String reason,
    String evidence,
    long hits,
    long misses,
    long missNanos,
    long waits,
    long checks,
    long checkFailures,
    long evictions,
    long size) {

  /** A method that was asked for but not memoized. */
  static MemoSnapshot skipped(MethodRef method, String reason) {
    return new MemoSnapshot(method, null, "skipped", reason, null, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Calls whose result was looked up: hits, misses and checks. */
  public long lookups() {
    return hits + misses + checks;
  }

  /** The share of lookups that found a result (hits and checks), 0..1; 0 without lookups. */
  public double hitRatio() {
    long lookups = lookups();
    return lookups == 0 ? 0 : (double) (hits + checks) / lookups;
  }

  /** The mean time of a miss, or 0 without misses. */
  public double meanMissNanos() {
    return misses == 0 ? 0 : (double) missNanos / misses;
  }

  /** Estimated time the hits saved: hits times the mean miss. */
  public long savedNanos() {
    return Math.round(hits * meanMissNanos());
  }

  /** The figures of the same method in two class loaders, added up. */
  MemoSnapshot plus(MemoSnapshot other) {
    boolean unsafe = !state.equals("active");
    return new MemoSnapshot(method, settings, unsafe ? state : other.state,
        unsafe ? reason : other.reason, unsafe ? evidence : other.evidence,
        hits + other.hits, misses + other.misses, missNanos + other.missNanos,
        waits + other.waits, checks + other.checks, checkFailures + other.checkFailures,
        evictions + other.evictions, size + other.size);
  }
}

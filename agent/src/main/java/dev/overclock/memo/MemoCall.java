package dev.overclock.memo;

import dev.overclock.bootstrap.MemoHit;

/**
 * One call of a memoized method whose body runs: a miss, or a verification of a hit. What the
 * advice hands back at exit, so that the exit needs no lookup.
 */
final class MemoCall {

  final MemoMethod method;
  final Object key;
  final Object[] arguments;
  final long startNanos;
  /** The registered computation this call owns, or {@code null}. */
  final InFlight claim;
  final ThreadClaims claims;
  /** For a verification: the cached hit to compare with; else {@code null}. */
  final MemoHit cached;
  /**
   * For a verification: {@code Arrays.deepHashCode} of the arguments before the body ran, so that
   * a body that changes its arguments is caught (set by {@link MemoRecorders}, 0 otherwise).
   */
  int argumentsHash;
  /**
   * For a verification: the order drawn for it ({@link MemoRecorders}): {@code true} to compare
   * the result with the cache as it stands after the body ran (recomputed first, then read),
   * {@code false} with the hit read before it ran (read first, then recomputed).
   */
  boolean recomputedFirst;

  MemoCall(MemoMethod method, Object key, Object[] arguments, long startNanos, InFlight claim,
      ThreadClaims claims, MemoHit cached) {
    this.method = method;
    this.key = key;
    this.arguments = arguments;
    this.startNanos = startNanos;
    this.claim = claim;
    this.claims = claims;
    this.cached = cached;
  }
}

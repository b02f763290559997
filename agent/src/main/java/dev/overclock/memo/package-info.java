/**
 * Memoization: the bounded per-method caches behind {@code @Memoize}, their keys, the
 * single-flight that lets concurrent callers share one computation, verification of cached
 * results, and the figures the report shows. Fed by the memoization advice through the bootstrap
 * {@link dev.overclock.bootstrap.Dispatcher}; read by the report through {@link
 * dev.overclock.memo.MemoSnapshot}.
 *
 * <p>Uses {@code bootstrap}, {@code config}, {@code metrics}, {@code select} and {@code log}.
 */
package dev.overclock.memo;

package dev.overclock.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the Overclock agent to cache the results of the annotated method by its arguments, and to
 * prove, while it does, that caching changed no result.
 *
 * <p>Without the agent this annotation does nothing: the method runs exactly as written. With
 * {@code -javaagent:overclock-agent.jar}, a call whose arguments equal those of an earlier call
 * returns the earlier result without running the method body:
 *
 * <ul>
 *   <li>arguments are compared with {@code equals} (arrays by content; the agent keeps its own
 *       copy of an array argument, so changing the caller's array later cannot corrupt the cache);
 *   <li>for an instance method, results are kept per receiver ({@code this}), which the cache
 *       does not keep alive;
 *   <li>{@code null} results are cached like any other; exceptions are never cached: the caller
 *       gets the very exception instance the method threw, and the next call runs the method
 *       again;
 *   <li>recursion works (self-calls go through the cache too), and threads asking for the same
 *       arguments at the same time wait for one computation instead of repeating it, where that
 *       cannot deadlock;
 *   <li>the first {@link #verify} cache hits, and a {@link #verifyRate} sample of later ones, run
 *       the method anyway and compare the fresh result with the cached one ({@code equals};
 *       arrays deeply). A difference means the method is not a function of its arguments: the
 *       agent prints one line, stops caching that method for good and reports it as unsafe. A
 *       checked call returns the fresh result, so the program sees what it would without the
 *       agent.
 * </ul>
 *
 * <p>Only pure methods are safe to memoize: the result must depend on nothing but the arguments
 * (and, for instance methods, state of the receiver that never changes), the method must have no
 * side effect the program relies on, and callers must not mutate a returned object (every hit
 * returns the same instance). On a {@code void} method, a constructor, or a method whose return
 * type is marked unsafe ({@code memoize.unsafe=}), the agent prints one warning and leaves the
 * method alone.
 *
 * <p>Every attribute can be overridden per method in the agent's options, for example {@code
 * memoize.com.acme.Pricing::quote.maxSize=500} in the file named by {@code config=}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Memoize {

  /**
   * How many results the cache keeps for this method (for an instance method: for all receivers
   * together); beyond it the least valuable entries are evicted (Caffeine's W-TinyLFU policy). At
   * least 1.
   */
  long maxSize() default 10_000;

  /**
   * How long a result stays valid after it was computed, in the agent's duration notation:
   * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}. Empty (the default): results
   * never expire, they are only evicted for size.
   */
  String expireAfterWrite() default "";

  /**
   * How many cache hits of this method are checked: the method runs anyway and its result must
   * equal the cached one. {@code 0} checks none (then only {@link #verifyRate} samples).
   */
  int verify() default 100;

  /**
   * The fraction of hits after the first {@link #verify} that are checked the same way, from
   * {@code 0} (none) to {@code 1} (every hit, which makes caching pointless).
   */
  double verifyRate() default 0.001;
}

package dev.overclock.bootstrap;

/**
 * One memoized method, bound into its woven class as a constant: the advice of a method of one or
 * two parameters calls its site directly, without the bridge's sink and without finding the method
 * by id on every call. The constant is a dynamic constant ({@code ldc} of a {@code
 * CONSTANT_Dynamic}, class files of Java 11 and later) that {@link Dispatcher#memoSite} resolves
 * once, at the method's first call, to the site of the memoization sink installed then; the JIT
 * then knows the site's class and inlines its hit path into the method. Where there is no site
 * (older class files, no sink at the first call) the advice calls {@link Dispatcher} as before.
 *
 * <p>A site answers the hits it can answer alone and hands every other call back to the advice,
 * which asks the bridge by id: so the code of the site, shared by every memoized method, stays
 * small enough for the JIT to inline into each. A site whose sink is no longer the one installed
 * in {@link Dispatcher} hands back every call (the bridge finds whatever sink is installed now,
 * or none): the implementation decides that in the same read of its state as everything else a
 * hit needs.
 */
public interface MemoSite {

  /**
   * As {@link Dispatcher#memoEnter1}, for this site's method, or the site itself: the site does
   * not answer this call, the advice asks {@link Dispatcher#memoHandedBack1} by id. Must never
   * throw: a failure is counted with {@link Dispatcher#failed} and answered with {@code null} (run
   * the body).
   *
   * @param hash the argument's {@code hashCode()} (0 for {@code null}), computed by the advice:
   *     in the woven method the JIT knows the argument's type there, and inlines its hash
   */
  Object enter1(Object receiver, Object argument, int hash);

  /**
   * As {@link Dispatcher#memoEnter2}, for this site's method, or the site itself; never throws
   * either.
   *
   * @param hash {@code 31 * first.hashCode() + second.hashCode()} ({@code null}s hash to 0)
   */
  Object enter2(Object receiver, Object first, Object second, int hash);
}

package dev.overclock.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The memoization advice's rare calls into the sink, behind method handles that the JIT calls
 * instead of inlining: a call a method's {@link MemoSite} hands back (a miss, the sampled
 * verification, a hit read through the cache, a method not caching) and the exit of a call that
 * ran the body for the sink.
 *
 * <p>Why: the sink's code for those calls (a cache lookup, a miss, a verification) runs often
 * enough during warm-up for the JIT to count it hot and inline it into every memoized method, and
 * a memoized method compiled with it is larger than {@code InlineSmallCode} (2,500 bytes of
 * machine code on JDK 17 and 25), so a caller compiled after it calls it ("already compiled into
 * a big method") instead of inlining its hit path. Behind a handle the JIT cannot take for a
 * constant, that code stays out of line and the memoized method small; the rare call pays the
 * handle's call.
 *
 * <p>Loaded at the first rare call, not at the agent's start.
 */
final class MemoRare {

  // Not final: the JIT takes a static final handle for a constant and inlines its target.
  static MethodHandle enter1 = find("memoEnter1",
      MethodType.methodType(Object.class, int.class, Object.class, Object.class));
  static MethodHandle enter2 = find("memoEnter2",
      MethodType.methodType(Object.class, int.class, Object.class, Object.class, Object.class));
  static MethodHandle exit = find("memoSinkExit",
      MethodType.methodType(void.class, int.class, Object.class, Object.class, Throwable.class));

  private MemoRare() {}

  private static MethodHandle find(String name, MethodType type) {
    try {
      return MethodHandles.lookup().findStatic(Dispatcher.class, name, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}

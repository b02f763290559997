package dev.overclock.instrument;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.asm.Advice;

/**
 * Builds a weaving's Byte Buddy {@link Advice} once, on a background thread or by the first class
 * that needs it, and hands it out when ready. Each weaving subclasses it with what its advice binds.
 *
 * <p>Building advice loads and runs a good part of Byte Buddy: a few hundred milliseconds of
 * interpreted code at JVM start-up. {@link Instrumenter#prepare} builds on a daemon thread the
 * advice that classes are likely to need as they load, so that it runs alongside the application's
 * first steps; the transformer waits for it only when it meets the first class that needs it, and
 * builds any other advice then. Most classes never need it ({@link DirectWeave} writes the advice
 * without Byte Buddy), so the agent's start builds none of it and touches no Byte Buddy type: a
 * subclass, not a lambda, because linking a lambda resolves every type of its method (Byte Buddy's
 * method descriptions, some thirty classes) where a class loads its types only when its code runs.
 */
abstract class AdviceFactory {

  private final CompletableFuture<Advice> advice = new CompletableFuture<>();
  private final AtomicBoolean claimed = new AtomicBoolean();

  /** The advice itself (see {@link IdAdvice#of}); called once. */
  abstract Advice make();

  /** Builds the advice, unless another thread does or did; called by the init thread. */
  final void build() {
    if (claimed.compareAndSet(false, true)) {
      try {
        advice.complete(make());
      } catch (Throwable failure) {
        advice.completeExceptionally(failure);
      }
    }
  }

  /**
   * The advice: built here if nobody started, else waited for.
   *
   * @throws java.util.concurrent.CompletionException if building failed
   */
  final Advice get() {
    build();
    return advice.join();
  }
}

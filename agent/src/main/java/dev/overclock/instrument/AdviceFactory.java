package dev.overclock.instrument;

import java.util.concurrent.CompletionException;
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

  // A lock and three fields rather than a CompletableFuture: every weaving builds a factory while
  // the agent starts, and CompletableFuture's first use initialises ForkJoinPool's common pool
  // (3-5 ms of the start, before the transformer is in place).
  private boolean claimed; // guarded by this
  private boolean done; // guarded by this
  private Advice advice; // guarded by this
  private Throwable failure; // guarded by this

  /** The advice itself (see {@link IdAdvice#of}); called once. */
  abstract Advice make();

  /** Builds the advice, unless another thread does or did; called by the init thread. */
  final void build() {
    synchronized (this) {
      if (claimed) {
        return;
      }
      claimed = true;
    }
    Advice made = null;
    Throwable failed = null;
    try {
      made = make();
    } catch (Throwable t) {
      failed = t;
    }
    synchronized (this) {
      advice = made;
      failure = failed;
      done = true;
      notifyAll();
    }
  }

  /**
   * The advice: built here if nobody started, else waited for (uninterruptibly, as {@code
   * CompletableFuture.join} did; an interrupt is kept for the caller).
   *
   * @throws CompletionException if building failed
   */
  final Advice get() {
    build();
    boolean interrupted = false;
    try {
      synchronized (this) {
        while (!done) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (failure != null) {
          throw new CompletionException(failure);
        }
        return advice;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package dev.overclock.instrument;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import net.bytebuddy.asm.Advice;

/**
 * Builds an {@link Advice} once, on a background thread or by the first class that needs it, and
 * hands it out when ready.
 *
 * <p>Building advice loads and runs a good part of Byte Buddy: a few hundred milliseconds of
 * interpreted code at JVM start-up. {@link Instrumenter#prepare} builds on a daemon thread the
 * advice that classes are likely to need as they load, so that it runs alongside the application's
 * first steps; the transformer waits for it only when it meets the first class that needs it, and
 * builds any other advice then.
 */
final class AdviceFactory {

  private final Supplier<Advice> build;
  private final CompletableFuture<Advice> advice = new CompletableFuture<>();
  private final AtomicBoolean claimed = new AtomicBoolean();

  AdviceFactory(Supplier<Advice> build) {
    this.build = build;
  }

  /** Builds the advice, unless another thread does or did; called by the init thread. */
  void build() {
    if (claimed.compareAndSet(false, true)) {
      try {
        advice.complete(build.get());
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
  Advice get() {
    build();
    return advice.join();
  }
}

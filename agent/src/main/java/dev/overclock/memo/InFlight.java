package dev.overclock.memo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One computation of a memoized method in progress, which callers with the same key may wait
 * for. Waiting parks the thread ({@link CompletableFuture}), so a virtual thread unmounts from its
 * carrier while it waits.
 */
final class InFlight {

  private final CompletableFuture<Object> outcome = new CompletableFuture<>();

  /** Completes the computation with its hit, or {@link MemoMethod#FAILED}. */
  void complete(Object hitOrFailed) {
    outcome.complete(hitOrFailed);
  }

  /**
   * Waits at most {@code nanos} for the outcome.
   *
   * @return the {@link dev.overclock.bootstrap.MemoHit}, or {@code null} when the computation
   *     failed, the wait ran out or was interrupted (the interrupt stays set)
   */
  Object await(long nanos) {
    try {
      Object result = outcome.get(nanos, TimeUnit.NANOSECONDS);
      return result == MemoMethod.FAILED ? null : result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }
}

package benchtarget;

import dev.overclock.annotations.Offload;
import java.util.concurrent.CompletableFuture;

/**
 * The methods the offload benchmarks call. Outside {@code dev.overclock}, which the agent never
 * instruments. Each {@code @Offload} method has a plain twin with the same body, which the
 * hand-written executors and the baselines call.
 */
public final class OffloadTargets {

  private OffloadTargets() {}

  /** Blocks for {@code millis}, like a remote call; returns its argument. */
  public static int block(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return millis;
  }

  /** {@link #block}, offloaded: the caller gets the future at once. */
  @Offload
  public static CompletableFuture<Integer> blockAsync(int millis) {
    return CompletableFuture.completedFuture(block(millis));
  }

  /** A trivial body: what is left to measure is the hand-off. */
  public static long trivial(long value) {
    return value * 31 + 7;
  }

  /** {@link #trivial}, offloaded; the caller waits for it. */
  @Offload
  public static long trivialWaited(long value) {
    return value * 31 + 7;
  }

  /** {@link #trivial}, offloaded as a future. */
  @Offload
  public static CompletableFuture<Long> trivialAsync(long value) {
    return CompletableFuture.completedFuture(value * 31 + 7);
  }
}

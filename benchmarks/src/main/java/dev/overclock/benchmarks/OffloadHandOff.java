package dev.overclock.benchmarks;

import benchtarget.OffloadTargets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What handing a call to another thread costs, for a trivial body (run on JDK 25 for the virtual
 * thread figures):
 *
 * <ul>
 *   <li>{@code direct}: the body, called directly;
 *   <li>{@code offloadWaited}: an {@code @Offload} method returning {@code long}: the caller waits
 *       for the body on its virtual thread;
 *   <li>{@code offloadFutureJoined}: an {@code @Offload} method returning a {@code
 *       CompletableFuture}, joined at once;
 *   <li>{@code virtualThreadPerTaskJoined}: the hand-written equivalent, {@code submit(..).get()}
 *       on {@code newVirtualThreadPerTaskExecutor()} (JDK 21+; fails on 17).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(1)
public class OffloadHandOff {

  /** Per-thread input. */
  @State(Scope.Thread)
  public static class Input {
    long value = 42;
  }

  /** The hand-written executor. */
  @State(Scope.Benchmark)
  public static class Virtual {
    ExecutorService executor;

    @Setup(Level.Trial)
    public void start() {
      if (Runtime.version().feature() >= 21) {
        executor = VirtualThreads.perTaskExecutor();
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  @Benchmark
  public long direct(Input input) {
    return OffloadTargets.trivial(input.value++);
  }

  @Benchmark
  public long offloadWaited(Input input) {
    return OffloadTargets.trivialWaited(input.value++);
  }

  @Benchmark
  public long offloadFutureJoined(Input input) {
    return OffloadTargets.trivialAsync(input.value++).join();
  }

  @Benchmark
  public long virtualThreadPerTaskJoined(Input input, Virtual virtual) throws Exception {
    if (virtual.executor == null) {
      throw new UnsupportedOperationException("no virtual threads before JDK 21");
    }
    long value = input.value++;
    return virtual.executor.submit(() -> OffloadTargets.trivial(value)).get();
  }
}

package dev.overclock.benchmarks;

import benchtarget.OffloadTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many blocking calls issued from one thread: {@code calls} calls (10,000) that each sleep
 * {@code millis} (10 ms), all started, then all awaited. One operation is the whole batch, so the
 * score is the batch's total time (calling directly would take {@code calls × millis}, 100 s):
 *
 * <ul>
 *   <li>{@code offloadByAgent}: through an {@code @Offload} method returning a {@code
 *       CompletableFuture} (virtual threads on JDK 21+, the agent's platform pool on 17);
 *   <li>{@code virtualThreadPerTask}: hand-written {@code
 *       Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+; fails on 17);
 *   <li>{@code fixedPool200}: a hand-written 200-thread {@code newFixedThreadPool}.
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class OffloadThroughput {

  @Param("10000")
  public int calls;

  @Param("10")
  public int millis;

  /** The hand-written executors, made once per trial like an application's would be. */
  @State(Scope.Benchmark)
  public static class Executors200 {
    ExecutorService fixed;
    ExecutorService virtual;

    @Setup(Level.Trial)
    public void start() {
      fixed = Executors.newFixedThreadPool(200);
      if (Runtime.version().feature() >= 21) {
        virtual = VirtualThreads.perTaskExecutor();
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      fixed.shutdownNow();
      if (virtual != null) {
        virtual.shutdownNow();
      }
    }
  }

  @Benchmark
  public long offloadByAgent() {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      futures.add(OffloadTargets.blockAsync(millis));
    }
    long sum = 0;
    for (CompletableFuture<Integer> future : futures) {
      sum += future.join();
    }
    return sum;
  }

  @Benchmark
  public long virtualThreadPerTask(Executors200 executors) throws Exception {
    if (executors.virtual == null) {
      throw new UnsupportedOperationException("no virtual threads before JDK 21");
    }
    return runAll(executors.virtual);
  }

  @Benchmark
  public long fixedPool200(Executors200 executors) throws Exception {
    return runAll(executors.fixed);
  }

  private long runAll(ExecutorService executor) throws InterruptedException, ExecutionException {
    List<Future<Integer>> futures = new ArrayList<>(calls);
    int sleep = millis;
    for (int i = 0; i < calls; i++) {
      futures.add(executor.submit(() -> OffloadTargets.block(sleep)));
    }
    long sum = 0;
    for (Future<Integer> future : futures) {
      sum += future.get();
    }
    return sum;
  }
}

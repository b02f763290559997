package benchtarget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The batches of the thread-pools issue, for {@code offload.executors=virtual}: run without the
 * agent, with it in its default mode and with the option by {@code benchmarks/executors.sh}, which
 * prints them side by side. One pool, made once, runs the batch several rounds in a row (a pool
 * lives as long as its program: the first round pays the JVM's and the agent's start, the later
 * ones show what the pool itself costs). Each round prints {@code elapsed <scenario> <round>
 * <seconds>}; the run ends with {@code checksum <scenario> <value>} (identical in every round, with
 * and without the agent).
 *
 * <p>Arguments: {@code <scenario> [tasks, 2000] [rounds, 1]}.
 *
 * <ul>
 *   <li>{@code blocking}: a fixed pool of 8 threads, tasks that each wait 10 ms;
 *   <li>{@code shared}: the same, each task holding one of 4 shared permits while it waits;
 *   <li>{@code cpu}: a fixed pool of as many threads as cores, CPU-bound tasks.
 * </ul>
 */
public final class PoolBatch {

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 ? args[0] : "blocking";
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(scenario.equals("cpu") ? cores : 8);
    Semaphore permits = new Semaphore(4);
    Long checksum = null;
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      long sum = batch(pool, scenario, tasks, permits);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("elapsed %s %d %.3f%n", scenario, round, seconds);
      if (checksum != null && checksum != sum) {
        throw new IllegalStateException("round " + round + ": checksum " + sum + " != " + checksum);
      }
      checksum = sum;
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    System.out.println("checksum " + scenario + " " + checksum);
  }

  private static long batch(ExecutorService pool, String scenario, int tasks, Semaphore permits)
      throws Exception {
    List<Future<Long>> futures = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      long n = i;
      futures.add(pool.submit(() -> switch (scenario) {
        case "blocking" -> waitAndReturn(n);
        case "shared" -> {
          permits.acquire();
          try {
            yield waitAndReturn(n);
          } finally {
            permits.release();
          }
        }
        case "cpu" -> spin(n);
        default -> throw new IllegalArgumentException(scenario);
      }));
    }
    long checksum = 0;
    for (Future<Long> future : futures) {
      checksum = checksum * 31 + future.get();
    }
    return checksum;
  }

  private static long waitAndReturn(long n) throws InterruptedException {
    Thread.sleep(10);
    return n * n;
  }

  /** Arithmetic that the JIT cannot skip: a few hundred microseconds once compiled. */
  private static long spin(long seed) {
    long x = seed;
    for (int k = 0; k < 5_000_000; k++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x >>> 40;
  }
}

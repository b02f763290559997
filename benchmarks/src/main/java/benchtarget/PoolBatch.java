package benchtarget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The batches of the thread-pools issue, for {@code offload.executors=virtual}: run with and
 * without the agent by {@code benchmarks/executors.sh}, which prints them side by side. Each run
 * prints {@code elapsed <scenario> <seconds>} and {@code checksum <scenario> <value>} (identical
 * with and without the agent).
 *
 * <ul>
 *   <li>{@code blocking}: a fixed pool of 8 threads, 2,000 tasks that each wait 10 ms;
 *   <li>{@code shared}: the same, each task holding one of 4 shared permits while it waits;
 *   <li>{@code cpu}: a fixed pool of as many threads as cores, CPU-bound tasks.
 * </ul>
 */
public final class PoolBatch {

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 ? args[0] : "blocking";
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(scenario.equals("cpu") ? cores : 8);
    Semaphore permits = new Semaphore(4);
    long start = System.nanoTime();
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
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    System.out.printf("elapsed %s %.3f%n", scenario, seconds);
    System.out.println("checksum " + scenario + " " + checksum);
  }

  private static long waitAndReturn(long n) throws InterruptedException {
    Thread.sleep(10);
    return n * n;
  }

  /** About 10 ms of arithmetic on a 2020s core. */
  private static long spin(long seed) {
    long x = seed;
    for (int k = 0; k < 5_000_000; k++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x >>> 40;
  }
}

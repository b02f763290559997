package fixtureapp.known;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An unbounded fan-out of blocking calls from a small fixed pool: {@link #fanOut} creates a pool
 * of two threads and gives it far more tasks than it can run, each waiting 25 ms in {@link
 * #fetch} (a remote call's stand-in) for a value. Both threads of the pool wait nearly all the
 * time. The answer: run that pool on virtual threads ({@code offload.executors=virtual}), naming
 * the pool; {@code fetch} returns a value its caller needs, so no {@code @Offload} of it.
 */
public final class FanOutCase {

  private FanOutCase() {}

  public static void main(String[] args) throws Exception {
    System.out.println("done checksum " + fanOut(args));
  }

  static long fanOut(String[] args) throws Exception {
    Until.start(args);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> results = new ArrayList<>();
    long checksum = 0;
    int id = 0;
    while (Until.running()) {
      // Far more tasks than two threads can run: the queue grows without bound.
      for (int i = 0; i < 20; i++) {
        int request = id++;
        results.add(pool.submit(() -> fetch(request)));
      }
      Thread.sleep(20);
      results.removeIf(result -> result.isDone());
    }
    pool.shutdownNow();
    return checksum + id;
  }

  /** Waits for a reply that takes 25 ms. */
  static int fetch(int request) throws InterruptedException {
    Thread.sleep(25);
    return request * 7;
  }
}

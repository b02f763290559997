package fixtureapp.known;

/**
 * {@code main} sleeping while workers run: two worker threads call {@link #crunch} in a loop, and
 * {@code main} only sleeps until the time is up. The answer: nothing for {@code main}.
 */
public final class SleepingMainCase {

  private static volatile long sink;

  private SleepingMainCase() {}

  public static void main(String[] args) throws Exception {
    Until.start(args);
    Thread[] workers = new Thread[2];
    for (int i = 0; i < workers.length; i++) {
      int id = i;
      workers[i] = new Thread(() -> {
        long round = id;
        while (Until.running()) {
          sink += crunch(round++);
        }
      }, "worker-" + i);
      workers[i].start();
    }
    while (Until.running()) {
      Thread.sleep(200);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    System.out.println("done checksum " + sink);
  }

  /** Sums a few hundred thousand square roots: about a millisecond of CPU. */
  static double crunch(long round) {
    double sum = 0;
    for (int i = 1; i < 300_000; i++) {
      sum += Math.sqrt(i + round);
    }
    return sum;
  }
}

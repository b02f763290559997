package fixtureapp.known;

/**
 * A method whose time is lock waiting: four threads call {@link #record}, which holds one
 * monitor while it works (25 ms), so each caller waits for the others most of the time. The
 * answer: investigate the lock, not {@code @Offload} (which would only move the wait), though
 * {@code record} returns nothing.
 */
public final class LockCase {

  private static final Object LEDGER = new Object();
  private static long total;

  private LockCase() {}

  public static void main(String[] args) throws Exception {
    Until.start(args);
    Thread[] writers = new Thread[4];
    for (int i = 0; i < writers.length; i++) {
      int id = i;
      writers[i] = new Thread(() -> {
        while (Until.running()) {
          record(id);
        }
      }, "writer-" + i);
      writers[i].start();
    }
    for (Thread writer : writers) {
      writer.join();
    }
    System.out.println("done checksum " + total);
  }

  /** Adds an entry under the ledger's lock; the write itself takes 25 ms (a slow device). */
  static void record(int entry) {
    synchronized (LEDGER) {
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      total += entry;
    }
  }
}

package fixtureapp.known;

/**
 * A web application's shape with more busy request threads than cores: six request threads each
 * serve requests by pricing them ({@link #price}, CPU-bound, its arguments repeating) and by a
 * slow remote call beside it ({@link #remoteStock}, 40 ms of waiting, one call in four requests).
 * On a machine with fewer cores than request threads, {@code price}'s threads also wait for a
 * core, which is no blocking. The answer: {@code price} reads as CPU-bound (memoize, not
 * offload); {@code remoteStock} is found as the method that waits.
 */
public final class BusyServerCase {

  private static volatile long sink;

  private BusyServerCase() {}

  public static void main(String[] args) throws Exception {
    Until.start(args);
    Thread[] requestThreads = new Thread[6];
    for (int i = 0; i < requestThreads.length; i++) {
      int id = i;
      requestThreads[i] = new Thread(() -> {
        int request = id;
        while (Until.running()) {
          sink += serve(request++);
        }
      }, "request-" + i);
      requestThreads[i].start();
    }
    for (Thread thread : requestThreads) {
      thread.join();
    }
    System.out.println("done checksum " + sink);
  }

  /** One request: a price, and every fourth request a stock level from a slow remote service. */
  static long serve(int request) {
    long total = price(request % 20, 2);
    if (request % 4 == 0) {
      total += remoteStock(request);
    }
    return total;
  }

  /** A price by many multiply-adds: CPU only, the same for the same arguments. */
  static long price(int item, int quantity) {
    long price = item * 17L + quantity;
    for (int i = 0; i < 400_000; i++) {
      price = price * 2_862_933_555_777_941_757L + 3_037_000_493L + i;
    }
    return price;
  }

  /** The remote call's stand-in: the answer takes 40 ms to arrive. */
  static int remoteStock(int request) {
    try {
      Thread.sleep(40);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return request % 100;
  }
}

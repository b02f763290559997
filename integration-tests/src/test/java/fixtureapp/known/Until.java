package fixtureapp.known;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long a corpus program runs: until the file named by its first argument exists (the test
 * saw the answer in the live report), or for the seconds of its second argument, whichever comes
 * first; {@code -} as the file: for those seconds only (a recording).
 */
final class Until {

  private static final long CHECK_EVERY_NANOS = 50_000_000L;
  private static Path stop;
  private static long deadline;
  private static volatile boolean over;
  private static volatile long checkedAt;

  private Until() {}

  /** Reads the program's arguments; call first. */
  static void start(String[] args) {
    stop = args[0].equals("-") ? null : Path.of(args[0]);
    deadline = System.nanoTime() + (long) (Double.parseDouble(args[1]) * 1e9);
  }

  /** Whether the program should go on; cheap enough to ask in a loop. */
  static boolean running() {
    if (over) {
      return false;
    }
    long now = System.nanoTime();
    if (now - checkedAt >= CHECK_EVERY_NANOS) {
      // Threads may race here: each then looks once more, which is harmless.
      checkedAt = now;
      over = now >= deadline || (stop != null && Files.exists(stop));
    }
    return !over;
  }

  /**
   * Waits until the stop file exists, at most {@code seconds}: a program that reached its own
   * deadline first (a slow machine) must not go on to what the test does only after creating the
   * file (a detach first, then the probe that checks it).
   */
  static void awaitStopFile(double seconds) throws InterruptedException {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    while (stop != null && !Files.exists(stop) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
  }
}

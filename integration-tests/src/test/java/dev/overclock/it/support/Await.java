package dev.overclock.it.support;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a bounded time passes: for watching a running JVM (its
 * report file), where there is nothing to wait on but the file itself.
 */
public final class Await {

  private static final long POLL_MILLIS = 200;

  private Await() {}

  /**
   * Returns the first non-null value {@code probe} gives within {@code timeout}.
   *
   * @param what what is waited for, for the failure message
   * @param state the state to show when it does not come (the JVM's output so far)
   * @throws AssertionError when the time is up
   */
  public static <T> T until(Duration timeout, String what, Supplier<T> probe, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s\n"
            + state.get());
      }
      try {
        Thread.sleep(POLL_MILLIS); // the pause between two looks at the file, not a wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}

package dev.overclock.jfr;

import dev.overclock.jvm.StartupBurst;

/**
 * The two edge cases of starting the JFR part in the background: waiting for the agent's own
 * start-up work first, and telling a JVM that is exiting from a JFR that failed. Its own class so
 * that {@link LiveJfr} reads as the wiring of its parts.
 */
final class JfrStartup {

  private JfrStartup() {}

  /**
   * Longest wait for the application's start-up burst ({@link StartupBurst}) before JFR starts:
   * hot-method detection begins at most this much later.
   */
  static final long BURST_WAIT_MILLIS = 2_000;

  /**
   * Waits for {@code thread} to end, at most a few seconds, then for the application's class
   * loading to calm ({@link StartupBurst}, at most {@link #BURST_WAIT_MILLIS}): JFR's start is
   * about half a second of CPU (and the JIT's work on its code) that would otherwise fall into
   * the application's start. JFR starts either way.
   */
  static void awaitQuietly(Thread thread) {
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    StartupBurst.awaitEnd(BURST_WAIT_MILLIS);
  }

  /** JFR refuses to start once the JVM runs its shutdown hooks. */
  static boolean isShutdown(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalStateException && cause.getMessage() != null
          && cause.getMessage().contains("Shutdown in progress")) {
        return true;
      }
    }
    return false;
  }
}

package dev.overclock.jfr;

/**
 * The two edge cases of starting the JFR part in the background: waiting for the agent's own
 * start-up work first, and telling a JVM that is exiting from a JFR that failed. Its own class so
 * that {@link LiveJfr} reads as the wiring of its parts.
 */
final class JfrStartup {

  private JfrStartup() {}

  /**
   * Waits for {@code thread} to end, at most a few seconds. JFR's start does not also wait for
   * the application's class loading to calm: tried (it moved half a second of CPU out of the
   * application's start, no difference measurable on the loaded machine), it started the stream
   * up to 2 s late, so a short program's early events were lost (a virtual thread pinned in its
   * first second, the "JFR is not available" line of a program that ends within 2 s).
   */
  static void awaitQuietly(Thread thread) {
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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

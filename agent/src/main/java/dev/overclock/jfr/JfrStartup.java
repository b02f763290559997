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

  /** Why this JVM cannot give the agent a JFR stream, or {@code null} when it can. */
  static String missing() {
    if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
      return "this Java runtime has no jdk.jfr module";
    }
    if (!JfrAvailability.available()) {
      return "JFR is not available in this JVM (is it started with -XX:-FlightRecorder?)";
    }
    return null;
  }

  /** Closes the stream, if any; one already closed is no failure. */
  static void closeQuietly(LiveStream live) {
    if (live != null) {
      try {
        live.close();
      } catch (RuntimeException ignored) {
        // already closed
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

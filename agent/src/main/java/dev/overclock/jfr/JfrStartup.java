package dev.overclock.jfr;

import dev.overclock.jvm.StartupBurst;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The two edge cases of starting the JFR part in the background: waiting for the agent's own
 * start-up work first, and telling a JVM that is exiting from a JFR that failed. Its own class so
 * that {@link LiveJfr} reads as the wiring of its parts.
 */
final class JfrStartup {

  private JfrStartup() {}

  /** The JFR part's state while it waits for the application's start. */
  static final String WAITING =
      "starting: the stream waits for the application's start to end: its class loading to"
          + " calm and its main thread to go idle";

  /**
   * Waits for {@code thread} to end, at most a few seconds (the advice, when it is built first).
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

  /**
   * Waits until the application's start is over ({@link StartupBurst}: class loading calm and
   * the main thread idle or ended), at most {@code max}, or until {@code stop} answers true. Only
   * when no class needs advice as it loads (the agent's caller decides): JFR's own start, about
   * 240 ms of CPU in its first second on this project's machine, then falls after the
   * application's start instead of into it. Availability is checked before (a JVM without JFR
   * says so at once); a program that ends within the wait has no JVM section. Tried first for
   * every application, with a 2 s cap, which lost the early events of annotated test programs (a
   * virtual thread pinned in the first second).
   *
   * @param main the application's main thread, or {@code null}: class loading alone
   */
  static void awaitApplicationStart(Duration max, Thread main, BooleanSupplier stop) {
    StartupBurst.awaitEnd(max.toMillis(), main, stop);
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

package dev.overclock.jvm;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits until the application's start-up burst is over, so that JFR's own start (a few hundred
 * milliseconds of CPU, and the JIT's work on its code) does not compete with it for the cores.
 *
 * <h2>Why</h2>
 *
 * An application starts by loading classes, thousands in its first second; on a machine with two
 * cores every millisecond of CPU the agent takes then delays the application's readiness by about
 * half a millisecond. Once the class loading has calmed, the application is serving or computing,
 * and the same work costs it a share of a second instead of its start.
 *
 * <h2>Rule</h2>
 *
 * Every {@link #POLL_MILLIS} ms, the number of classes the JVM has loaded is read; the burst is
 * over after {@link #QUIET_POLLS} polls in a row with fewer than {@link #QUIET_CLASSES} new
 * classes each, and in any case after the longest wait given ({@code jfr.startwait}), or as soon
 * as the caller stops waiting (the JVM exits).
 */
public final class StartupBurst {

  static final long POLL_MILLIS = 100;
  static final int QUIET_CLASSES = 20;
  static final int QUIET_POLLS = 3;

  private StartupBurst() {}

  /**
   * Returns once class loading has calmed, after {@code maxMillis}, when {@code stop} answers
   * true, or at once when interrupted (the interrupt stays set).
   */
  public static void awaitEnd(long maxMillis, BooleanSupplier stop) {
    LongSupplier loaded;
    try {
      ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
      loaded = classes::getTotalLoadedClassCount;
    } catch (RuntimeException | Error e) {
      return; // no management beans: nothing to wait for
    }
    try {
      awaitEnd(loaded, maxMillis, millis -> Thread.sleep(millis), stop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A pause of the given milliseconds (a test seam: tests count polls instead of sleeping). */
  @FunctionalInterface
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  /** @return the polls made */
  static int awaitEnd(LongSupplier loadedClasses, long maxMillis, Pause pause,
      BooleanSupplier stop) throws InterruptedException {
    long before = loadedClasses.getAsLong();
    int quiet = 0;
    int polls = 0;
    for (long waited = 0;
        waited < maxMillis && quiet < QUIET_POLLS && !stop.getAsBoolean();
        waited += POLL_MILLIS) {
      pause.sleep(Math.min(POLL_MILLIS, maxMillis - waited));
      polls++;
      long now = loadedClasses.getAsLong();
      quiet = now - before < QUIET_CLASSES ? quiet + 1 : 0;
      before = now;
    }
    return polls;
  }
}

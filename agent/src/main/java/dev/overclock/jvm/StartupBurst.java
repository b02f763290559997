package dev.overclock.jvm;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits until the application's start-up burst is over, so that JFR's own start (a few hundred
 * milliseconds of CPU, and the JIT's work on its code) does not compete with it for the cores.
 *
 * <h2>Why</h2>
 *
 * An application starts by loading classes, thousands in its first second, on its main thread;
 * on a machine with two cores every millisecond of CPU the agent takes then delays the
 * application's readiness by about half a millisecond. Once the class loading has calmed and the
 * main thread has handed over (it waits, blocks in I/O or has ended), the application is serving
 * or computing on its own threads, and the same work costs it a share of a second instead of its
 * start.
 *
 * <h2>Rule</h2>
 *
 * Every {@link #POLL_MILLIS} ms, the number of classes the JVM has loaded and the CPU time of the
 * application's main thread are read; a poll is quiet when fewer than {@link #QUIET_CLASSES}
 * classes were loaded and the main thread used less than a {@link #BUSY_SHARE}th of the poll's
 * time (or has ended). The burst is over after {@link #QUIET_POLLS} quiet polls in a row, and in
 * any case after the longest wait given ({@code jfr.startwait}), or as soon as the caller stops
 * waiting (the JVM exits). Class loading alone was the rule before: an application that computes
 * on its main thread while it starts (the cpu workload building its search index, 0.3 s without a
 * new class) looked started half-way through its start.
 */
public final class StartupBurst {

  static final long POLL_MILLIS = 100;
  static final int QUIET_CLASSES = 20;
  static final int QUIET_POLLS = 3;
  /** The main thread is idle below a tenth of a core: waiting, sleeping, blocked in I/O. */
  static final int BUSY_SHARE = 10;
  /** What {@link #awaitEnd}'s CPU reading answers for a main thread that ended (or is unknown). */
  static final long ENDED = -1;

  private StartupBurst() {}

  /**
   * Returns once the application's start is over (above), after {@code maxMillis}, when {@code
   * stop} answers true, or at once when interrupted (the interrupt stays set).
   *
   * @param main the application's main thread (the one that ran {@code premain}), or {@code null}
   *     to watch class loading alone
   */
  public static void awaitEnd(long maxMillis, Thread main, BooleanSupplier stop) {
    if (maxMillis <= 0) {
      return;
    }
    // The first pause before the first reading: a program that ends at once (an empty one, a
    // short command-line tool) never pays for setting the management beans up beside its start.
    long first = Math.min(POLL_MILLIS, maxMillis);
    try {
      Thread.sleep(first);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (stop.getAsBoolean()) {
      return;
    }
    LongSupplier loaded;
    LongSupplier mainCpu = () -> ENDED;
    try {
      ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
      loaded = classes::getTotalLoadedClassCount;
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      if (main != null && threads.isThreadCpuTimeSupported()) {
        long id = main.getId();
        mainCpu = () -> threads.getThreadCpuTime(id); // -1 once it has ended, or when disabled
      }
    } catch (RuntimeException | Error e) {
      return; // no management beans: nothing to wait for
    }
    try {
      awaitEnd(loaded, mainCpu, maxMillis - first, millis -> Thread.sleep(millis), stop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether the program has ended: its main thread is over and no other thread keeps the JVM
   * alive (none but daemons and the launcher's {@code DestroyJavaVM}, which waits for the others).
   * A server whose main thread returned after starting its own threads has not ended.
   *
   * @param main the application's main thread, or {@code null} (unknown: not ended)
   */
  public static boolean programEnded(Thread main) {
    if (main == null || main.isAlive()) {
      return false;
    }
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, true);
    if (count == threads.length) {
      return false; // more threads than room: cannot tell, so not ended
    }
    for (int i = 0; i < count; i++) {
      Thread thread = threads[i];
      if (!thread.isDaemon() && thread.isAlive() && !"DestroyJavaVM".equals(thread.getName())) {
        return false;
      }
    }
    return true;
  }

  /** A pause of the given milliseconds (a test seam: tests count polls instead of sleeping). */
  @FunctionalInterface
  interface Pause {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * @param mainCpuNanos the main thread's CPU time, {@link #ENDED} once it has ended
   * @return the polls made
   */
  static int awaitEnd(LongSupplier loadedClasses, LongSupplier mainCpuNanos, long maxMillis,
      Pause pause, BooleanSupplier stop) throws InterruptedException {
    long classesBefore = loadedClasses.getAsLong();
    long cpuBefore = mainCpuNanos.getAsLong();
    int quiet = 0;
    int polls = 0;
    for (long waited = 0;
        waited < maxMillis && quiet < QUIET_POLLS && !stop.getAsBoolean();
        waited += POLL_MILLIS) {
      long millis = Math.min(POLL_MILLIS, maxMillis - waited);
      pause.sleep(millis);
      polls++;
      long classes = loadedClasses.getAsLong();
      long cpu = mainCpuNanos.getAsLong();
      boolean mainIdle = cpu == ENDED || cpuBefore == ENDED
          || cpu - cpuBefore < millis * 1_000_000 / BUSY_SHARE;
      quiet = classes - classesBefore < QUIET_CLASSES && mainIdle ? quiet + 1 : 0;
      classesBefore = classes;
      cpuBefore = cpu;
    }
    return polls;
  }
}

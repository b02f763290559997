package dev.overclock.offload;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * What {@link PlatformProbe} reads about the calling thread before and after a task: its CPU
 * time, how often it waited in Java, and how long it waited for a core. An interface so that
 * tests give the probe the measurements of a busy or a quiet machine; {@link #HOST} reads the
 * real ones.
 */
interface ThreadClocks {

  /** The calling thread's CPU time in nanoseconds; -1 when this JVM does not measure it. */
  long cpuNanos();

  /** How often the calling thread has waited in Java so far (sleep, park, wait, a contended lock). */
  long javaWaits();

  /**
   * How long the calling thread has waited for a core so far (runnable, not running: the run
   * queue), in nanoseconds; -1 when the operating system does not tell.
   */
  long runQueueNanos();

  /**
   * The fallback where {@link #runQueueNanos} is unknown: by how much a CPU-bound thread's CPU
   * share is divided on this machine now (the load average per core, at least 1).
   */
  double busyFactor();

  /** The real clocks: the JVM's thread CPU time and wait counts, Linux's {@code schedstat}. */
  ThreadClocks HOST = new Host();

  /**
   * Reads the management beans once (looking them up goes through the platform's bean registry
   * on every call: microseconds, a stream pipeline and its compilation) and {@code
   * /proc/thread-self/schedstat}, whose second field is the thread's time on a run queue.
   */
  final class Host implements ThreadClocks {

    private static final String SCHEDSTAT = "/proc/thread-self/schedstat";

    private volatile boolean schedstat = true;
    private ThreadMXBean threads;

    private ThreadMXBean threads() {
      ThreadMXBean mx = threads;
      if (mx == null) {
        mx = ManagementFactory.getThreadMXBean();
        threads = mx;
      }
      return mx;
    }

    @Override
    public long cpuNanos() {
      ThreadMXBean mx = threads();
      return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
    }

    @Override
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
    public long javaWaits() {
      // Counts the JVM keeps anyway, unlike waited times, which need contention monitoring.
      ThreadInfo info = threads().getThreadInfo(Thread.currentThread().getId());
      return info == null ? 0 : info.getWaitedCount() + info.getBlockedCount();
    }

    @Override
    public long runQueueNanos() {
      if (!schedstat) {
        return -1;
      }
      byte[] text = new byte[96];
      int length;
      try (FileInputStream in = new FileInputStream(SCHEDSTAT)) {
        length = in.read(text);
      } catch (IOException | SecurityException e) {
        schedstat = false; // not Linux, or no procfs: the load average corrects instead
        return -1;
      }
      long waited = secondNumber(text, Math.max(0, length));
      if (waited < 0) {
        schedstat = false;
      }
      return waited;
    }

    /** {@code "on-cpu run-queue slices"}: the second number, or -1 when there is none. */
    static long secondNumber(byte[] text, int length) {
      int i = 0;
      while (i < length && text[i] >= '0' && text[i] <= '9') {
        i++;
      }
      if (i == 0 || i >= length || text[i] != ' ') {
        return -1;
      }
      i++;
      long value = 0;
      int digits = 0;
      for (; i < length && text[i] >= '0' && text[i] <= '9'; i++, digits++) {
        value = value * 10 + (text[i] - '0');
      }
      return digits == 0 ? -1 : value;
    }

    @Override
    public double busyFactor() {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      double load = os.getSystemLoadAverage();
      int cores = os.getAvailableProcessors();
      return load <= cores || cores <= 0 ? 1 : load / cores;
    }
  }
}

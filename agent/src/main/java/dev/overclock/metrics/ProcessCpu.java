package dev.overclock.metrics;

import java.lang.management.ManagementFactory;

/**
 * The whole process's CPU time: the one read that the governor (the agent's share), the live
 * report (the run's CPU) and the automatic memoizer (a method's share of a window) all divide by,
 * so that their figures agree.
 *
 * <p>It asks the platform bean ({@code clock_gettime} on Linux, nanosecond resolution) rather than
 * {@link ProcessHandle.Info#totalCpuDuration()}, which parses {@code /proc} in clock ticks.
 */
public final class ProcessCpu {

  // looked up once: finding the platform bean costs more than reading it
  private static final java.lang.management.OperatingSystemMXBean OS =
      ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  /** CPU time of the whole process so far in nanoseconds, or -1 where the JVM does not tell. */
  public static long nanos() {
    return OS instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime() : -1;
  }
}

package dev.overclock.report;

import java.util.List;

/**
 * The offload figures of one method, as the report shows them. Times are nanoseconds.
 *
 * @param key unique: class, method and JVM descriptor
 * @param name {@code com.acme.Client::fetch}
 * @param selectedBy {@code annotation} ({@code @Offload}) or {@code filter} ({@code offload=})
 * @param mode {@code future} (returns a future: the caller gets one at once), {@code
 *     fire-and-forget} ({@code void}) or {@code wait} (the caller waits for the body)
 * @param carrier where bodies run: {@code virtual} (threads) or {@code platform} (a pool)
 * @param settings the limits in force
 * @param calls calls offloaded, rejected and timed-out ones included
 * @param inFlight bodies running when the report was made
 * @param maxInFlight the most bodies that ran at once
 * @param queueWaits calls that waited for a free slot of {@code maxConcurrency}
 * @param timeouts bodies that exceeded the timeout (and were interrupted)
 * @param rejections calls that found no free slot within {@code queueTimeout}
 * @param failures bodies that threw (for {@code void} methods: exceptions nobody else saw)
 * @param latency how long bodies ran, on their own thread
 * @param distribution body latency at fixed percentiles, for the chart
 * @param pinning how bodies pinned their carrier thread; {@code null} when never seen
 */
public record OffloadReport(
    String key,
    String name,
    String className,
    String methodName,
    String descriptor,
    String parameters,
    String selectedBy,
    String mode,
    String carrier,
    Settings settings,
    long calls,
    int inFlight,
    int maxInFlight,
    long queueWaits,
    long timeouts,
    long rejections,
    long failures,
    MethodReport.Latency latency,
    List<MethodReport.Percentile> distribution,
    Pinning pinning) {

  public OffloadReport {
    distribution = List.copyOf(distribution);
  }

  /**
   * The method's limits.
   *
   * @param timeoutNanos {@code null}: none
   * @param maxConcurrency {@code null}: no limit
   * @param queueTimeoutNanos {@code null}: callers wait as long as it takes
   */
  public record Settings(Long timeoutNanos, Integer maxConcurrency, Long queueTimeoutNanos) {}

  /**
   * Pinning seen by the JFR event {@code jdk.VirtualThreadPinned} (JDK 21 and later).
   *
   * @param events how many times a body blocked while pinned
   * @param maxNanos the longest such block
   * @param stack the stack of the longest, innermost frame first
   * @param fix what to change
   */
  public record Pinning(long events, long maxNanos, String stack, String fix) {}

  /** The 95th percentile of the body's latency, from the chart (one of its points). */
  public long p95() {
    return MethodReport.Percentile.valueAt(distribution, 95);
  }
}

package dev.overclock.report;

import java.util.List;

/**
 * The figures of one timed method, as the report shows them. Times are nanoseconds.
 *
 * @param key unique: class, method and JVM descriptor
 * @param name {@code com.acme.Pricing::quote}
 * @param parameters parameter types as written in source, {@code String, int}
 * @param selectedBy why it is timed: {@code annotation} or {@code filter}
 * @param callsPerSecond calls divided by the agent's uptime
 * @param totalNanos inclusive time of outermost calls (recursion counted once)
 * @param share {@code totalNanos} divided by the sum over all methods, 0..1
 * @param distribution latency at fixed percentiles, for the chart
 * @param cpu sampled CPU figures, or {@code null} when CPU measurement is off
 * @param classification {@code cpu-bound}, {@code blocking}, {@code mixed} or {@code unclassified}
 * @param recommendation one sentence, or {@code null}
 */
public record MethodReport(
    String key,
    String name,
    String className,
    String methodName,
    String descriptor,
    String parameters,
    String selectedBy,
    long calls,
    long errors,
    double callsPerSecond,
    Latency latency,
    long totalNanos,
    double share,
    List<Percentile> distribution,
    Cpu cpu,
    String classification,
    String recommendation) {

  public MethodReport {
    distribution = List.copyOf(distribution);
  }

  /** Latency of every call; percentiles within 1% of the true value. */
  public record Latency(
      long min, double mean, long p50, long p90, long p99, long p999, long max) {}

  /** One point of the percentile chart. */
  public record Percentile(double percentile, long nanos) {}

  /**
   * Sampled CPU figures.
   *
   * @param cpuShare CPU time over wall time of the sampled calls, 0..1
   */
  public record Cpu(
      long sampledCalls,
      double cpuNanosPerCall,
      double wallNanosPerCall,
      double cpuShare,
      double allocatedBytesPerCall) {}
}

package dev.overclock.report;

import java.time.Instant;
import java.util.List;

/**
 * The figures of one timed method, as the report shows them. Times are nanoseconds.
 *
 * @param key unique: class, method and JVM descriptor
 * @param name {@code com.acme.Pricing::quote}
 * @param parameters parameter types as written in source, {@code String, int}
 * @param selectedBy why it is timed: {@code annotation}, {@code filter} or {@code auto}
 * @param callsPerSecond calls divided by the agent's uptime
 * @param totalNanos inclusive time of outermost calls (recursion counted once)
 * @param share {@code totalNanos} divided by the sum over all methods, 0..1
 * @param distribution latency at fixed percentiles, for the chart
 * @param cpu sampled CPU figures, or {@code null} when CPU measurement is off
 * @param classification {@code cpu-bound}, {@code blocking}, {@code mixed} or {@code unclassified}
 * @param recommendation one sentence, or {@code null}
 * @param classifiedBy what the classification rests on: {@code cpu-time} (measured thread CPU
 *     time, {@code cpu=true}), {@code jfr} (execution samples), or {@code null} when unclassified
 * @param auto when and why the agent timed it on its own, or {@code null}
 * @param evidence what JFR events say about it, or {@code null} without the JFR stream
 * @param arguments how often its arguments repeated in a sample of calls, or {@code null}
 * @param histogram every latency bucket, HdrHistogram's compressed encoding in base64, or {@code
 *     null} (offline figures): what {@code compare} judges changes with
 * @param sampleEvery 1 when every call is timed; else one call in this many (per thread) is
 *     clocked and the latency figures come from those, while {@code calls} and {@code errors}
 *     count every call and {@code totalNanos} is scaled by N
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
    String recommendation,
    String classifiedBy,
    Auto auto,
    Evidence evidence,
    Arguments arguments,
    String histogram,
    int sampleEvery) {

  public MethodReport {
    distribution = List.copyOf(distribution);
  }

  /** Whether the latency figures come from one call in {@link #sampleEvery}. */
  public boolean sampled() {
    return sampleEvery > 1;
  }

  /** Latency of every call; percentiles within 1% of the true value. */
  public record Latency(
      long min, double mean, long p50, long p90, long p99, long p999, long max) {}

  /** One point of the percentile chart. */
  public record Percentile(double percentile, long nanos) {

    /**
     * The latency at a percentile of the chart ({@code 95} is one of its points), or, when the
     * chart lacks it, at the next percentile above (rounded up, like every percentile here); 0
     * for an empty chart.
     */
    public static long valueAt(List<Percentile> distribution, double percentile) {
      for (Percentile point : distribution) {
        if (point.percentile() >= percentile) {
          return point.nanos();
        }
      }
      return distribution.isEmpty() ? 0 : distribution.get(distribution.size() - 1).nanos();
    }
  }

  /** The 95th percentile of every call's latency, from the chart (one of its points). */
  public long p95() {
    return Percentile.valueAt(distribution, 95);
  }

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

  /**
   * Why the agent started timing a method nobody named: a hot method found by sampling.
   *
   * @param addedAt when its timing advice went in
   * @param selfShare its share of the window's execution samples as innermost application frame
   * @param totalShare its share of the window's samples anywhere on the stack
   * @param samples its samples (self) in that window
   * @param windowSamples all samples of that window
   * @param state {@code timed}, or {@code removed} when the agent took the timing out again
   * @param note why it was removed, or {@code null}
   */
  public record Auto(
      Instant addedAt,
      double selfShare,
      double totalShare,
      long samples,
      long windowSamples,
      String state,
      String note) {}

  /**
   * What JFR events say about a method, over the same period as its timed wall time.
   *
   * @param executionSamples execution samples with the method on the stack
   * @param sampledCpuNanos those samples times the sampling interval: an estimate of its time on
   *     CPU
   * @param wallNanos its timed wall time (outermost calls) over the same period
   * @param cpuShare {@code sampledCpuNanos / wallNanos}, at most 1
   * @param lockNanos time in monitor, park and wait events with it on the stack
   * @param ioNanos time in socket and file events with it on the stack
   * @param sleepNanos time in {@code Thread.sleep} with it on the stack
   * @param blockingEvents how many blocking events those times come from
   * @param virtualThreadEvents of those, how many were on virtual threads
   * @param raisedThresholdNanos the blocking events' threshold the overhead governor raised to
   *     for some of this period, or 0 when the configured one held throughout: waits shorter than
   *     it were not recorded
   */
  public record Evidence(
      long executionSamples,
      long sampledCpuNanos,
      long wallNanos,
      double cpuShare,
      long lockNanos,
      long ioNanos,
      long sleepNanos,
      long blockingEvents,
      long virtualThreadEvents,
      long raisedThresholdNanos) {

    /** Evidence gathered under the configured blocking threshold throughout. */
    public Evidence(long executionSamples, long sampledCpuNanos, long wallNanos, double cpuShare,
        long lockNanos, long ioNanos, long sleepNanos, long blockingEvents,
        long virtualThreadEvents) {
      this(executionSamples, sampledCpuNanos, wallNanos, cpuShare, lockNanos, ioNanos,
          sleepNanos, blockingEvents, virtualThreadEvents, 0);
    }
  }

  /**
   * How often the arguments of sampled calls repeated.
   *
   * @param distinct distinct argument tuples (receiver identity and argument hash codes)
   * @param repeatRate {@code 1 - distinct / sampledCalls}: the share of sampled calls a cache
   *     would have answered
   * @param complete whether sampling finished
   * @param expectedHitRate the share of later calls a cache would answer, estimated from the
   *     sample (see {@link dev.overclock.metrics.ArgumentSummary#expectedHitRate})
   */
  public record Arguments(long sampledCalls, long distinct, double repeatRate, boolean complete,
      double expectedHitRate) {

    /** Without an estimate of the hit rate beyond the sample: the repeat rate stands for it. */
    public Arguments(long sampledCalls, long distinct, double repeatRate, boolean complete) {
      this(sampledCalls, distinct, repeatRate, complete, repeatRate);
    }
  }
}

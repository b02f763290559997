package dev.overclock.metrics;

/**
 * CPU and allocation figures of the sampled calls of one method.
 *
 * @param sampledCalls how many calls were measured (outermost calls only)
 * @param wallNanos wall time of those calls together
 * @param cpuNanos thread CPU time of those calls together
 * @param allocatedBytes bytes allocated by those calls together (0 when not measurable)
 */
public record CpuSample(long sampledCalls, long wallNanos, long cpuNanos, long allocatedBytes) {

  public static final CpuSample NONE = new CpuSample(0, 0, 0, 0);

  /** Share of wall time spent on CPU, 0..1 (capped: clocks differ in resolution). */
  public double cpuShare() {
    return wallNanos <= 0 ? 0 : Math.min(1.0, (double) cpuNanos / wallNanos);
  }

  public double cpuNanosPerCall() {
    return sampledCalls == 0 ? 0 : (double) cpuNanos / sampledCalls;
  }

  public double allocatedBytesPerCall() {
    return sampledCalls == 0 ? 0 : (double) allocatedBytes / sampledCalls;
  }
}

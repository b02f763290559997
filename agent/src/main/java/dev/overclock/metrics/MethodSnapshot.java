package dev.overclock.metrics;

/**
 * The figures of one method at one moment: cumulative since the agent started, plus a window of
 * recent calls: from {@link TimingRecorders#snapshot()} the calls since the previous snapshot (for
 * periodic events and rates), from {@link TimingRecorders#read} those of about the last few
 * minutes (for a Prometheus summary's quantiles).
 *
 * @param calls every completed call, including nested (recursive) ones
 * @param totalNanos inclusive time of the outermost calls only, so recursion is not counted twice
 * @param latency every call's latency since the start
 * @param window latency of the calls in the window
 * @param windowErrors calls in the window that ended by throwing
 * @param cpu sampled CPU figures, {@link CpuSample#NONE} when CPU measurement is off
 * @param sampleEvery 1 when every call is clocked; else one call in this many (per thread) is,
 *     and {@code latency} and {@code window} hold the clocked calls' latencies ({@link
 *     TimingSampling}) while {@code calls} and {@code errors} still count every call
 */
public record MethodSnapshot(
    MethodRef method,
    long calls,
    long errors,
    long totalNanos,
    LatencySummary latency,
    LatencySummary window,
    long windowErrors,
    CpuSample cpu,
    int sampleEvery) {

  /** The figures of a method timed exactly. */
  public MethodSnapshot(
      MethodRef method,
      long calls,
      long errors,
      long totalNanos,
      LatencySummary latency,
      LatencySummary window,
      long windowErrors,
      CpuSample cpu) {
    this(method, calls, errors, totalNanos, latency, window, windowErrors, cpu, 1);
  }

  /** Whether only one call in {@link #sampleEvery} is clocked. */
  public boolean sampled() {
    return sampleEvery > 1;
  }

  /** The classification of this method from its CPU sample. */
  public Classification classification() {
    return Classification.of(cpu);
  }
}

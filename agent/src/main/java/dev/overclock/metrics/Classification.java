package dev.overclock.metrics;

/**
 * How a method spends its wall time, judged from sampled thread CPU time: on CPU, waiting
 * (blocked on I/O, locks, sleeps, or for a core), or both.
 */
public enum Classification {
  CPU_BOUND("cpu-bound"),
  BLOCKING("blocking"),
  MIXED("mixed"),
  UNCLASSIFIED("unclassified");

  /** Fewer sampled calls than this leave a method unclassified. */
  public static final int MIN_SAMPLES = 5;

  /** A method is CPU-bound at this share of CPU time or above, blocking at 1 minus it or below. */
  public static final double DOMINANT_SHARE = 0.7;

  private final String label;

  Classification(String label) {
    this.label = label;
  }

  /** The lower-case name used in reports. */
  public String label() {
    return label;
  }

  public static Classification of(CpuSample sample) {
    if (sample.sampledCalls() < MIN_SAMPLES || sample.wallNanos() <= 0) {
      return UNCLASSIFIED;
    }
    return ofShare(sample.cpuShare());
  }

  /** The classification of a share of wall time on CPU, however it was measured. */
  public static Classification ofShare(double cpu) {
    if (cpu >= DOMINANT_SHARE) {
      return CPU_BOUND;
    }
    if (cpu <= 1 - DOMINANT_SHARE) {
      return BLOCKING;
    }
    return MIXED;
  }
}

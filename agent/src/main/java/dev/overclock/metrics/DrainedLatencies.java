package dev.overclock.metrics;

import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;

/**
 * The latencies of one drain of a method's stripes, merged bucket by bucket in {@link
 * LatencyCounts}' layout, and handed to each view of the method (the cumulative histogram, the
 * report's window, the recent window) with one call per bucket that holds calls.
 *
 * <h2>Why not a scratch histogram</h2>
 *
 * A drain used to collect into an HdrHistogram and add that histogram to each view; HdrHistogram's
 * {@code add} walks every bucket of the histogram added (about 3,000 for latencies up to a
 * second), three times per method and drain, and it was the agent's largest compilation in a
 * workload's first seconds (C2 inlined 8 KB into it). Recording each bucket's count at the
 * bucket's value leaves every view with the same counts in the same buckets, the same total,
 * minimum, maximum and percentiles as before, and encoded exactly as a histogram that recorded
 * every call itself ({@code MethodRecorderTest}); {@code add} had left a different highest
 * trackable value in the encoding's header, nothing else.
 *
 * <p>One reader reuses an instance from method to method; not thread-safe.
 */
final class DrainedLatencies {

  private long[] counts = new long[LatencyCounts.FIRST_LENGTH];
  private int lowest = Integer.MAX_VALUE;
  private int highest = -1;
  private long total;

  /** Forgets the previous drain (clearing only the buckets it used). */
  void reset() {
    if (highest >= 0) {
      Arrays.fill(counts, lowest, highest + 1, 0L);
    }
    lowest = Integer.MAX_VALUE;
    highest = -1;
    total = 0;
  }

  /** Adds {@code count} calls to the bucket {@code index} ({@link LatencyCounts#index}). */
  void add(int index, long count) {
    if (index >= counts.length) {
      counts = Arrays.copyOf(counts, Math.min(LatencyCounts.MAX_LENGTH,
          Math.max(index + 1, 2 * counts.length)));
    }
    counts[index] += count;
    lowest = Math.min(lowest, index);
    highest = Math.max(highest, index);
    total += count;
  }

  /** Calls drained. */
  long total() {
    return total;
  }

  /** Records every bucket's calls into {@code histogram} (two significant digits, unit 1). */
  void addTo(AbstractHistogram histogram) {
    for (int i = lowest; i <= highest; i++) {
      long count = counts[i];
      if (count != 0) {
        histogram.recordValueWithCount(LatencyCounts.valueAt(i), count);
      }
    }
  }

  /**
   * The mean latency, computed as HdrHistogram's {@code getMean} computes it from the same
   * buckets (each call at its bucket's middle value, summed in bucket order): the same double.
   */
  double mean() {
    if (total == 0) {
      return 0.0;
    }
    double sum = 0;
    for (int i = lowest; i <= highest; i++) {
      long count = counts[i];
      if (count != 0) {
        sum += LatencyCounts.medianAt(i) * (double) count;
      }
    }
    return sum / total;
  }
}

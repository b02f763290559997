package dev.overclock.metrics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;
import java.util.zip.Deflater;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency figures of a set of calls, in nanoseconds, read from an HdrHistogram with two
 * significant digits: every percentile is within 1% of the true value (rounded up, so percentiles
 * never decrease and {@code max} is the largest).
 *
 * @param meanNanos exact mean of every call (from the summed durations), not the histogram's
 * @param distribution value at fixed percentiles, for the percentile chart
 * @param histogram every bucket, encoded (see {@link #withHistogram}), or {@code null}
 */
public record LatencySummary(
    long calls,
    long minNanos,
    double meanNanos,
    long p50Nanos,
    long p90Nanos,
    long p99Nanos,
    long p999Nanos,
    long maxNanos,
    List<Point> distribution,
    String histogram) {

  /** A summary without the encoded histogram (windows, offloaded bodies, offline figures). */
  public LatencySummary(long calls, long minNanos, double meanNanos, long p50Nanos,
      long p90Nanos, long p99Nanos, long p999Nanos, long maxNanos, List<Point> distribution) {
    this(calls, minNanos, meanNanos, p50Nanos, p90Nanos, p99Nanos, p999Nanos, maxNanos,
        distribution, null);
  }

  /**
   * This summary with every bucket of its histogram, encoded (HdrHistogram's compressed form in
   * base64): what {@code compare} needs to judge a change against noise, at a few hundred bytes.
   */
  public LatencySummary withHistogram(AbstractHistogram of) {
    if (of.getTotalCount() == 0) {
      return this;
    }
    ByteBuffer buffer = ByteBuffer.allocate(of.getNeededByteBufferCapacity());
    int length = of.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
    String encoded = Base64.getEncoder().encodeToString(
        java.util.Arrays.copyOf(buffer.array(), length));
    return new LatencySummary(calls, minNanos, meanNanos, p50Nanos, p90Nanos, p99Nanos,
        p999Nanos, maxNanos, distribution, encoded);
  }

  /** The percentiles the distribution chart plots: dense in the tail where latency matters. */
  static final double[] CHART_PERCENTILES = {
    0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100
  };

  /** One point of the percentile distribution. */
  public record Point(double percentile, long nanos) {}

  /**
   * The 95th percentile: one of the chart's points, so not a component of its own (the
   * constructor's callers stay as they are); 0 without calls.
   */
  public long p95Nanos() {
    for (Point point : distribution) {
      if (point.percentile() >= 95) {
        return point.nanos();
      }
    }
    return distribution.isEmpty() ? 0 : distribution.get(distribution.size() - 1).nanos();
  }

  public static final LatencySummary EMPTY =
      new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, List.of());

  public static LatencySummary of(AbstractHistogram histogram, long sumNanos) {
    return of(histogram, sumNanos, histogram.getTotalCount());
  }

  /**
   * The figures of {@code calls} calls whose latencies were sampled into {@code histogram} (a
   * sampled method clocks one call in N): percentiles from the histogram, the call count and the
   * mean from the exact count and the (scaled) summed durations.
   */
  public static LatencySummary of(AbstractHistogram histogram, long sumNanos, long calls) {
    if (calls <= 0) {
      return EMPTY;
    }
    if (histogram.getTotalCount() == 0) {
      // a sampled method's window in which no call was clocked: counted, not timed
      return new LatencySummary(calls, 0, 0, 0, 0, 0, 0, 0, List.of());
    }
    long[] values = valuesAt(histogram, CHART_PERCENTILES);
    List<Point> points = new ArrayList<>(CHART_PERCENTILES.length);
    long p50 = 0;
    long p90 = 0;
    long p99 = 0;
    long p999 = 0;
    for (int i = 0; i < CHART_PERCENTILES.length; i++) {
      double percentile = CHART_PERCENTILES[i];
      points.add(new Point(percentile, values[i]));
      if (percentile == 50) {
        p50 = values[i];
      } else if (percentile == 90) {
        p90 = values[i];
      } else if (percentile == 99) {
        p99 = values[i];
      } else if (percentile == 99.9) {
        p999 = values[i];
      }
    }
    return new LatencySummary(
        calls,
        histogram.getMinValue(),
        (double) sumNanos / calls,
        p50,
        p90,
        p99,
        p999,
        histogram.highestEquivalentValue(histogram.getMaxValue()),
        List.copyOf(points));
  }

  /**
   * The value at each of the given percentiles (ascending), exactly as {@link
   * AbstractHistogram#getValueAtPercentile} gives it (0 is the minimum), in one pass over the
   * histogram instead of one per percentile: a pass reads every bucket, which in a packed
   * histogram costs tens of nanoseconds each, and the report and every scrape read each method's
   * histograms.
   */
  static long[] valuesAt(AbstractHistogram histogram, double[] ascending) {
    long total = histogram.getTotalCount();
    long[] values = new long[ascending.length];
    long[] counts = new long[ascending.length];
    for (int i = 0; i < ascending.length; i++) {
      // getValueAtPercentile's own arithmetic: just below the percentile, rounded up, at least 1
      double requested =
          Math.min(Math.max(Math.nextAfter(ascending[i], Double.NEGATIVE_INFINITY), 0.0), 100.0);
      counts[i] = Math.max(1L, (long) Math.ceil(requested * total / 100.0));
    }
    int next = 0;
    while (next < ascending.length && ascending[next] == 0) {
      values[next++] = histogram.getMinValue();
    }
    for (HistogramIterationValue value : histogram.recordedValues()) {
      while (next < ascending.length && counts[next] <= value.getTotalCountToThisValue()) {
        values[next++] = value.getValueIteratedTo();
      }
      if (next == ascending.length) {
        break;
      }
    }
    while (next < ascending.length) {
      values[next++] = histogram.highestEquivalentValue(histogram.getMaxValue());
    }
    return values;
  }
}

package dev.overclock.metrics;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;

/**
 * Latency figures of a set of calls, in nanoseconds, read from an HdrHistogram with two
 * significant digits: every percentile is within 1% of the true value (rounded up, so percentiles
 * never decrease and {@code max} is the largest).
 *
 * @param meanNanos exact mean of every call (from the summed durations), not the histogram's
 * @param distribution value at fixed percentiles, for the percentile chart
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
    List<Point> distribution) {

  /** The percentiles the distribution chart plots: dense in the tail where latency matters. */
  static final double[] CHART_PERCENTILES = {
    0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100
  };

  /** One point of the percentile distribution. */
  public record Point(double percentile, long nanos) {}

  public static final LatencySummary EMPTY =
      new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, List.of());

  public static LatencySummary of(AbstractHistogram histogram, long sumNanos) {
    long calls = histogram.getTotalCount();
    if (calls == 0) {
      return EMPTY;
    }
    List<Point> points = new ArrayList<>(CHART_PERCENTILES.length);
    for (double percentile : CHART_PERCENTILES) {
      points.add(new Point(percentile, valueAt(histogram, percentile)));
    }
    return new LatencySummary(
        calls,
        histogram.getMinValue(),
        (double) sumNanos / calls,
        valueAt(histogram, 50),
        valueAt(histogram, 90),
        valueAt(histogram, 99),
        valueAt(histogram, 99.9),
        histogram.highestEquivalentValue(histogram.getMaxValue()),
        List.copyOf(points));
  }

  private static long valueAt(AbstractHistogram histogram, double percentile) {
    if (percentile == 0) {
      return histogram.getMinValue();
    }
    return histogram.getValueAtPercentile(percentile);
  }
}

package dev.overclock.optimize;

import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum), one-sided: are the latencies of the calls {@code
 * with} a change smaller than those {@code without} it? Rank-based, so a few slow outliers (a GC
 * pause, a preempted thread) weigh no more than any other slower call, which a comparison of
 * means cannot say.
 *
 * <p>The samples are tie groups: distinct values ascending, with how many of each side have that
 * value. That is the shape of an HdrHistogram (every value within 1% of its bucket's is a tie)
 * and of a sorted array alike. The p-value is the normal approximation with the tie correction
 * of the variance and a continuity correction, as R's {@code wilcox.test(exact = FALSE)} and
 * SciPy's {@code mannwhitneyu(method="asymptotic")} compute it; the test's sample sizes are tens
 * to thousands of calls, where it is accurate.
 *
 * @param without calls in the sample without the change
 * @param with calls in the sample with it
 * @param u the U statistic of the {@code without} sample: how many (without, with) pairs have the
 *     call without the change slower (a tie counts one half)
 * @param z the standardised U (positive: the calls with the change are faster)
 * @param pValue the one-sided p-value of "the calls with the change are faster"
 * @param medianWithout the median latency without the change, in nanoseconds
 * @param medianWith the median latency with it
 */
public record MannWhitney(long without, long with, double u, double z, double pValue,
    double medianWithout, double medianWith) {

  /** The test of two samples of single values. */
  public static MannWhitney of(long[] without, long[] with) {
    long[] values = new long[without.length + with.length];
    System.arraycopy(without, 0, values, 0, without.length);
    System.arraycopy(with, 0, values, without.length, with.length);
    Arrays.sort(values);
    values = Arrays.stream(values).distinct().toArray();
    long[] countsWithout = new long[values.length];
    long[] countsWith = new long[values.length];
    for (long value : without) {
      countsWithout[Arrays.binarySearch(values, value)]++;
    }
    for (long value : with) {
      countsWith[Arrays.binarySearch(values, value)]++;
    }
    return of(values, countsWithout, countsWith);
  }

  /**
   * The test of two histograms of latencies: each bucket is a tie group, valued by the bucket's
   * highest equivalent value (so equal buckets of the two histograms meet as ties).
   */
  public static MannWhitney of(AbstractHistogram without, AbstractHistogram with) {
    long[][] a = groups(without);
    long[][] b = groups(with);
    long[] values = new long[a[0].length + b[0].length];
    long[] countsWithout = new long[values.length];
    long[] countsWith = new long[values.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a[0].length || j < b[0].length) {
      long next = j == b[0].length || (i < a[0].length && a[0][i] <= b[0][j]) ? a[0][i] : b[0][j];
      values[n] = next;
      if (i < a[0].length && a[0][i] == next) {
        countsWithout[n] = a[1][i++];
      }
      if (j < b[0].length && b[0][j] == next) {
        countsWith[n] = b[1][j++];
      }
      n++;
    }
    return of(Arrays.copyOf(values, n), Arrays.copyOf(countsWithout, n),
        Arrays.copyOf(countsWith, n));
  }

  /**
   * The test over tie groups.
   *
   * @param values the distinct values, ascending
   * @param countsWithout how many calls without the change have each value
   * @param countsWith how many calls with it have each value
   */
  static MannWhitney of(long[] values, long[] countsWithout, long[] countsWith) {
    long nWithout = 0;
    long nWith = 0;
    for (int i = 0; i < values.length; i++) {
      nWithout += countsWithout[i];
      nWith += countsWith[i];
    }
    if (nWithout == 0 || nWith == 0) {
      return new MannWhitney(nWithout, nWith, 0, 0, 1, median(values, countsWithout, nWithout),
          median(values, countsWith, nWith));
    }
    double n = (double) nWithout + nWith;
    double rankSum = 0; // of the calls without the change
    double ties = 0; // the sum of t^3 - t over the tie groups
    double below = 0; // calls ranked before the current group
    for (int i = 0; i < values.length; i++) {
      double t = (double) countsWithout[i] + countsWith[i];
      if (t == 0) {
        continue;
      }
      double midRank = below + (t + 1) / 2;
      rankSum += countsWithout[i] * midRank;
      ties += t * t * t - t;
      below += t;
    }
    double u = rankSum - (double) nWithout * (nWithout + 1) / 2;
    double mean = (double) nWithout * nWith / 2;
    double variance = (double) nWithout * nWith / 12 * ((n + 1) - ties / (n * (n - 1)));
    double z;
    double p;
    if (variance <= 0) { // every call has the same value: no evidence either way
      z = 0;
      p = 1;
    } else {
      // the continuity correction of a one-sided test: half a step against the alternative
      z = (u - mean - 0.5) / Math.sqrt(variance);
      p = upperTail(z);
    }
    return new MannWhitney(nWithout, nWith, u, z, p, median(values, countsWithout, nWithout),
        median(values, countsWith, nWith));
  }

  /** How many times the median without the change the median with it is: 2 = twice as fast. */
  public double medianRatio() {
    return medianWith <= 0 ? (medianWithout > 0 ? Double.POSITIVE_INFINITY : 1)
        : medianWithout / medianWith;
  }

  /** The distinct values of a histogram ascending ({@code [0]}) and their counts ({@code [1]}). */
  private static long[][] groups(AbstractHistogram histogram) {
    int size = 0;
    long[] values = new long[16];
    long[] counts = new long[16];
    for (HistogramIterationValue value : histogram.recordedValues()) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        counts = Arrays.copyOf(counts, size * 2);
      }
      values[size] = value.getValueIteratedTo();
      counts[size++] = value.getCountAtValueIteratedTo();
    }
    return new long[][] {Arrays.copyOf(values, size), Arrays.copyOf(counts, size)};
  }

  /** The median of a tie-grouped sample (the mean of the two middle values for an even count). */
  private static double median(long[] values, long[] counts, long total) {
    if (total == 0) {
      return 0;
    }
    long low = (total - 1) / 2; // zero-based ranks of the middle one or two
    long high = total / 2;
    double lowValue = -1;
    long seen = 0;
    for (int i = 0; i < values.length; i++) {
      seen += counts[i];
      if (lowValue < 0 && seen > low) {
        lowValue = values[i];
      }
      if (seen > high) {
        return (lowValue + values[i]) / 2;
      }
    }
    return lowValue;
  }

  /** P(Z > z) of the standard normal distribution. */
  static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  /**
   * The complementary error function, to a relative error below 1.2e-7 everywhere (the Chebyshev
   * fit of Numerical Recipes' {@code erfcc}), so small p-values keep their magnitude.
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
        + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
        + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}

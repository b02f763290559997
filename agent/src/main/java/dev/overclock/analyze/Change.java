package dev.overclock.analyze;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * How a latency percentile changed from the baseline runs to the candidate runs, judged against
 * noise: the estimated ratio candidate / baseline, a 95% interval around it, and a verdict.
 *
 * <p>Two sources of noise matter, and a report's histogram only shows the first: the spread of
 * calls within a run, and the drift of the whole machine between runs (10-50% on a loaded CI
 * host). Calls within one run are not independent samples of that drift, so a test on pooled
 * calls alone would call every difference between two runs of the same build significant once
 * there are thousands of calls. Hence two methods:
 *
 * <ul>
 *   <li><b>One run per side.</b> The run-to-run noise cannot be measured, so it is assumed: the
 *       interval of the ratio comes from the two histograms (the distribution-free confidence
 *       interval of a percentile from order statistics: the rank of the percentile among {@code
 *       n} calls is binomial, so its 95% interval spans ranks {@code nq ± 1.96 sqrt(nq(1-q))};
 *       the ratio's interval pairs the candidate's low end with the baseline's high end and vice
 *       versa), and is then widened on both sides by the <b>noise floor</b>: a change counts only
 *       if it exceeds what the floor says two runs of one build may differ by. The floor must be
 *       given (measured by A/A runs on the machine); without it one run per side is not judged.
 *       Order statistics rather than Mann-Whitney because a budget names a percentile, and a rank
 *       test tests a shift of the whole distribution (a p95 budget must not fail on a p50 shift);
 *       rather than a bootstrap because over a histogram the bootstrap of a percentile converges
 *       to this same binomial interval, and this one needs no random resampling, so the gate
 *       gives the same answer each time it is run on the same reports.
 *   <li><b>Several runs on at least one side.</b> The noise is measured: each run's percentile is
 *       one observation, and the change is the ratio of the geometric means, with a Student t
 *       interval on the log scale from the runs' pooled spread ({@code m + k - 2} degrees of
 *       freedom). No floor is added: the runs' own spread takes its place, so more runs give a
 *       narrower interval (CI time traded for certainty). The spread of the runs' percentiles
 *       holds both levels of noise at once (each run's sampling error within its histogram and
 *       the drift between runs), which is why this summary-statistic interval is used rather
 *       than a two-level bootstrap (resample runs, then calls within each run): with three to
 *       five runs per side a bootstrap over runs has only a few dozen distinct resamples, and
 *       its interval is too narrow by the factor {@code sqrt((n-1)/n)} and lacks the t
 *       distribution's allowance for a spread estimated from few runs; the t interval is exact
 *       for log-normal run-level figures and needs no random numbers.
 * </ul>
 *
 * <p><b>Tails need several runs per side.</b> A tail percentile ({@code p90} and beyond) of one
 * run is set by its slowest few hundred calls, which are the calls the machine preempted or
 * slowed: between two runs of one build here, a 10 µs method's p99 rose 186% on a quiet machine
 * and its p95 134% under load, past any floor that still lets a 2x change through. So a tail
 * percentile with fewer than {@link #MIN_TAIL_RUNS} runs on either side is {@link
 * Verdict#INCONCLUSIVE}: only the runs' own spread can tell its change from that drift. Other
 * percentiles (the median) are judged with one run per side only against a noise floor the user
 * measured ({@code --noise-floor}): without one, they are inconclusive too.
 *
 * <p>Too few calls for the percentile (fewer than {@link #MIN_CALLS} in a run, Kayenta's minimum,
 * or fewer than 5 calls beyond the percentile) give {@link Verdict#INCONCLUSIVE}. Without
 * histograms (reports of older versions) nothing can be judged: the raw figures are compared
 * ({@link Verdict#RAW}), as {@code compare} always did.
 *
 * @param before the baseline's figure (pooled over its runs)
 * @param after the candidate's figure (pooled)
 * @param ratio the estimated change, {@code after / before} (1: none)
 * @param low low end of the 95% interval of the ratio
 * @param high high end of the 95% interval of the ratio
 * @param runs how the interval was made, for the output: {@code "1 vs 1 runs, noise floor 40%"}
 */
public record Change(double before, double after, double ratio, double low, double high,
    Verdict verdict, String runs) {

  /** Kayenta's minimum of data points per metric. */
  public static final int MIN_CALLS = 50;
  /**
   * Runs per side a tail percentile needs: with three the t interval has 4 degrees of freedom
   * (t = 2.78); with two it has 2 (t = 4.30), so wide that only a change of several times could
   * show, from a spread estimated on two points a side; with one there is no spread at all.
   */
  public static final int MIN_TAIL_RUNS = 3;
  /** From this quantile on a percentile is a tail one ({@code p90}, {@code p95}, {@code p99}). */
  static final double TAIL = 0.9;
  /** Calls beyond the percentile needed for its interval to mean anything. */
  static final int MIN_TAIL_CALLS = 5;
  /**
   * No noise floor given: one run per side is not judged. No default can be right for every
   * machine: on the loaded 2-core CI host of this project the same build's median moved 4x
   * between two runs (load average 30), past the 100% this default used to be; a quiet machine
   * measures its own floor from A/A runs (README, CI section) and passes it as {@code
   * --noise-floor}.
   */
  public static final double NO_NOISE_FLOOR = Double.NaN;

  /** What a change means. */
  public enum Verdict {
    REGRESSION("regression"),
    IMPROVEMENT("improvement"),
    NO_CHANGE("no significant change"),
    INCONCLUSIVE("inconclusive"),
    RAW("raw figures, not judged against noise");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The quantile (0..1) a latency metric names, or -1 for {@code mean}, {@code min}, {@code max}. */
  public static double quantile(String metric) {
    switch (metric) {
      case "p50":
        return 0.5;
      case "p90":
        return 0.9;
      case "p95":
        return 0.95;
      case "p99":
        return 0.99;
      case "p999":
        return 0.999;
      default:
        return -1;
    }
  }

  /**
   * Judges the change of one metric of one method.
   *
   * @param baseline the method's figures in each baseline run that has it
   * @param candidate the method's figures in each candidate run that has it
   * @param noiseFloor how much two runs of one build may differ (0.4: 40%), used with one run
   *     per side; {@link #NO_NOISE_FLOOR} when not given, and then one run per side is
   *     inconclusive
   */
  public static Change judge(String metric, List<MethodFigures> baseline,
      List<MethodFigures> candidate, double noiseFloor) {
    double before = MethodFigures.pool(baseline).value(metric);
    double after = MethodFigures.pool(candidate).value(metric);
    double q = quantile(metric);
    if (q < 0 || !allHaveHistograms(baseline) || !allHaveHistograms(candidate)) {
      double ratio = before <= 0 ? (after <= 0 ? 1 : Double.POSITIVE_INFINITY) : after / before;
      return new Change(before, after, ratio, ratio, ratio, Verdict.RAW, "raw figures");
    }
    String runs = baseline.size() + " vs " + candidate.size() + " runs";
    for (MethodFigures run : concat(baseline, candidate)) {
      long n = run.histogram().getTotalCount();
      if (n < MIN_CALLS || n * (1 - q) < MIN_TAIL_CALLS) {
        return new Change(before, after, Double.NaN, Double.NaN, Double.NaN,
            Verdict.INCONCLUSIVE, runs + ": " + n + " calls in a run, "
            + minimumCalls(q) + " needed for " + metric);
      }
    }
    if (q >= TAIL && Math.min(baseline.size(), candidate.size()) < MIN_TAIL_RUNS) {
      return new Change(before, after, before > 0 ? after / before : Double.NaN, Double.NaN,
          Double.NaN, Verdict.INCONCLUSIVE, runs + ": " + metric + " needs " + MIN_TAIL_RUNS
          + " runs per side to be told from run-to-run drift");
    }
    if (baseline.size() + candidate.size() >= 3) {
      return acrossRuns(q, before, after, baseline, candidate, runs);
    }
    if (Double.isNaN(noiseFloor)) {
      return new Change(before, after, before > 0 ? after / before : Double.NaN, Double.NaN,
          Double.NaN, Verdict.INCONCLUSIVE, runs + ": one run per side needs a --noise-floor"
          + " measured by A/A runs, or " + MIN_TAIL_RUNS + " runs per side");
    }
    return withinRuns(q, before, after, baseline.get(0).histogram(),
        candidate.get(0).histogram(), noiseFloor, runs);
  }

  private static Change withinRuns(double q, double before, double after, Histogram a,
      Histogram b, double noiseFloor, String runs) {
    double[] aRange = interval(a, q);
    double[] bRange = interval(b, q);
    double widen = 1 + noiseFloor;
    double ratio = bRange[1] / aRange[1];
    double low = bRange[0] / aRange[2] / widen;
    double high = bRange[2] / aRange[0] * widen;
    return new Change(before, after, ratio, low, high, verdict(low, high),
        runs + ", noise floor " + Math.round(noiseFloor * 100) + "%");
  }

  /** Low end, value and high end of the 95% interval of a percentile of one histogram. */
  static double[] interval(Histogram histogram, double q) {
    long n = histogram.getTotalCount();
    double half = 1.96 * Math.sqrt(n * q * (1 - q));
    double lowRank = Math.max(1, Math.floor(n * q - half));
    double highRank = Math.min(n, Math.ceil(n * q + half) + 1);
    return new double[] {
      histogram.lowestEquivalentValue(histogram.getValueAtPercentile(100.0 * lowRank / n)),
      histogram.getValueAtPercentile(q * 100),
      histogram.getValueAtPercentile(100.0 * highRank / n)
    };
  }

  private static Change acrossRuns(double q, double before, double after,
      List<MethodFigures> baseline, List<MethodFigures> candidate, String runs) {
    double[] x = logs(baseline, q);
    double[] y = logs(candidate, q);
    double meanX = mean(x);
    double meanY = mean(y);
    double squares = squares(x, meanX) + squares(y, meanY);
    int df = x.length + y.length - 2;
    double spread = Math.sqrt(squares / df);
    double error = spread * Math.sqrt(1.0 / x.length + 1.0 / y.length);
    double t = studentT975(df);
    double d = meanY - meanX;
    double low = Math.exp(d - t * error);
    double high = Math.exp(d + t * error);
    return new Change(before, after, Math.exp(d), low, high, verdict(low, high),
        runs + String.format(java.util.Locale.ROOT, ", run-to-run spread %.0f%%",
            (Math.exp(spread) - 1) * 100));
  }

  private static Verdict verdict(double low, double high) {
    if (low > 1) {
      return Verdict.REGRESSION;
    }
    if (high < 1) {
      return Verdict.IMPROVEMENT;
    }
    return Verdict.NO_CHANGE;
  }

  private static double[] logs(List<MethodFigures> runs, double q) {
    double[] logs = new double[runs.size()];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(Math.max(1, runs.get(i).histogram().getValueAtPercentile(q * 100)));
    }
    return logs;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  private static double squares(double[] values, double mean) {
    double sum = 0;
    for (double value : values) {
      sum += (value - mean) * (value - mean);
    }
    return sum;
  }

  /** The 97.5th percentile of Student's t distribution: a two-sided 95% interval. */
  static double studentT975(int df) {
    double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074,
        2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df <= table.length) {
      return table[Math.max(1, df) - 1];
    }
    return df <= 60 ? 2.000 : 1.96;
  }

  private static long minimumCalls(double q) {
    return Math.max(MIN_CALLS, (long) Math.ceil(MIN_TAIL_CALLS / (1 - q)));
  }

  private static boolean allHaveHistograms(List<MethodFigures> runs) {
    for (MethodFigures run : runs) {
      if (run.histogram() == null) {
        return false;
      }
    }
    return true;
  }

  private static List<MethodFigures> concat(List<MethodFigures> a, List<MethodFigures> b) {
    List<MethodFigures> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencySummaryTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 100, 1_000, 100_000})
  void onePass_givesWhatGetValueAtPercentileGives(int calls) {
    Random random = new Random(calls);
    for (AbstractHistogram histogram : new AbstractHistogram[] {new Histogram(2), new PackedHistogram(2)}) {
      for (int i = 0; i < calls; i++) {
        // log-uniform from 100 ns to 10 s, with repeats
        histogram.recordValue(100L + (long) Math.exp(random.nextDouble() * Math.log(1e10)));
      }

      LatencySummary summary = LatencySummary.of(histogram, 12_345L * calls);

      double[] percentiles = LatencySummary.CHART_PERCENTILES;
      for (int i = 0; i < percentiles.length; i++) {
        long expected = percentiles[i] == 0
            ? histogram.getMinValue()
            : histogram.getValueAtPercentile(percentiles[i]);
        assertThat(summary.distribution().get(i).nanos()).as("p" + percentiles[i]).isEqualTo(expected);
      }
      assertThat(summary.p50Nanos()).isEqualTo(histogram.getValueAtPercentile(50));
      assertThat(summary.p90Nanos()).isEqualTo(histogram.getValueAtPercentile(90));
      assertThat(summary.p99Nanos()).isEqualTo(histogram.getValueAtPercentile(99));
      assertThat(summary.p999Nanos()).isEqualTo(histogram.getValueAtPercentile(99.9));
      assertThat(summary.maxNanos()).isEqualTo(histogram.highestEquivalentValue(histogram.getMaxValue()))
          .isGreaterThanOrEqualTo(summary.p999Nanos());
      assertThat(summary.meanNanos()).isEqualTo(12_345.0);
    }
  }
}

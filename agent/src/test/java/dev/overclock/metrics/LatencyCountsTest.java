package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * {@link LatencyCounts} must fill exactly the buckets an HdrHistogram of two significant digits
 * fills: the readers' histograms, and so every percentile and mean, depend on it.
 */
class LatencyCountsTest {

  @Test
  void drained_equalsAHistogramThatRecordedTheSameValues_bucketByBucket() {
    Random random = new Random(7);
    Histogram direct = new Histogram(2);
    LatencyCounts counts = new LatencyCounts();
    long[] edges = {0, 1, 2, 127, 128, 255, 256, 257, 511, 512, 1_000, 65_535, 65_536,
        999_999_999, 1_000_000_000, 1L << 40, (1L << 40) + 1};
    for (long value : edges) {
      direct.recordValue(value);
      counts.record(value);
    }
    for (int i = 0; i < 200_000; i++) {
      // log-uniform from 1 ns to about 11 days, and a cluster of short calls
      long value = i % 2 == 0
          ? (long) Math.pow(10, random.nextDouble() * 15)
          : 280 + random.nextInt(40);
      direct.recordValue(value);
      counts.record(value);
    }
    assertThat(counts.total()).isEqualTo(direct.getTotalCount());

    DrainedLatencies merged = new DrainedLatencies();
    counts.drainInto(merged);
    Histogram drained = new Histogram(2);
    merged.addTo(drained);

    assertThat(drained).isEqualTo(direct);
    assertThat(drained.getValueAtPercentile(50)).isEqualTo(direct.getValueAtPercentile(50));
    assertThat(drained.getValueAtPercentile(99)).isEqualTo(direct.getValueAtPercentile(99));
    assertThat(drained.getMean()).isEqualTo(direct.getMean());
    assertThat(merged.mean()).as("the same double, summed the same way").isEqualTo(direct.getMean());
    assertThat(drained.getMaxValue()).isEqualTo(direct.getMaxValue());
    assertThat(drained.getMinNonZeroValue()).isEqualTo(direct.getMinNonZeroValue());
    assertThat(counts.total()).as("the drain clears the counts").isZero();
  }

  @Test
  void drainingTwice_addsEachCountOnce() {
    LatencyCounts counts = new LatencyCounts();
    DrainedLatencies drained = new DrainedLatencies();
    counts.record(300);
    counts.drainInto(drained);
    counts.drainInto(drained); // nothing new
    counts.record(5_000_000);
    counts.drainInto(drained);
    Histogram window = new Histogram(2);
    drained.addTo(window);

    assertThat(drained.total()).isEqualTo(2);
    assertThat(window.getTotalCount()).isEqualTo(2);
    assertThat(window.getCountAtValue(300)).isEqualTo(1);
    assertThat(window.getCountAtValue(5_000_000)).isEqualTo(1);
  }

  @Test
  void drainsFromSeveralStripes_mergeBucketByBucket_andAResetForgetsThem() {
    LatencyCounts first = new LatencyCounts();
    LatencyCounts second = new LatencyCounts();
    Histogram direct = new Histogram(2);
    for (long value : new long[] {3, 300, 301, 70_000, 9_000_000_000L}) {
      first.record(value);
      second.record(value * 3);
      direct.recordValue(value);
      direct.recordValue(value * 3);
    }
    DrainedLatencies drained = new DrainedLatencies();
    drained.add(0, 1); // a previous drain's call, forgotten by the reset
    drained.reset();
    first.drainInto(drained);
    second.drainInto(drained);
    Histogram merged = new Histogram(2);
    drained.addTo(merged);

    assertThat(merged).isEqualTo(direct);
    assertThat(drained.mean()).isEqualTo(direct.getMean());
    drained.reset();
    assertThat(drained.total()).isZero();
    assertThat(drained.mean()).isZero();
  }

  @Test
  void medianAt_isHdrHistogramsMedianEquivalentValue_overEveryBucket() {
    Histogram layout = new Histogram(2);
    for (int i = 0; i < LatencyCounts.MAX_LENGTH; i++) {
      long value = LatencyCounts.valueAt(i);
      assertThat(LatencyCounts.medianAt(i)).as("bucket %d", i)
          .isEqualTo(layout.medianEquivalentValue(value));
    }
  }

  @Test
  void index_andValueAt_areInverse_overEveryBucket() {
    for (int i = 0; i < LatencyCounts.MAX_LENGTH; i++) {
      assertThat(LatencyCounts.index(LatencyCounts.valueAt(i))).isEqualTo(i);
    }
    assertThat(LatencyCounts.index(Long.MAX_VALUE)).isEqualTo(LatencyCounts.MAX_LENGTH - 1);
  }
}

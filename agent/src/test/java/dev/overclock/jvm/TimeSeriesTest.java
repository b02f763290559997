package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeSeriesTest {

  @Test
  void aLongRun_staysWithinCapacity_andCoversTheWholeRun() {
    TimeSeries series = new TimeSeries(10, 1);

    for (int i = 0; i < 1_000; i++) {
      series.add(i * 1_000L, i);
    }

    assertThat(series.points()).hasSizeLessThanOrEqualTo(10);
    assertThat(series.points().get(0).offsetNanos()).isZero();
    // the last point covers the end of the run
    TimeSeries.Point last = series.points().get(series.points().size() - 1);
    assertThat(last.offsetNanos()).isGreaterThan(800_000L);
  }

  @Test
  void mergedPoints_averageTheirValues() {
    TimeSeries series = new TimeSeries(4, 2);

    series.add(0, 1, 10);
    series.add(1, 3, 30);
    series.add(2, 5, 50);
    series.add(3, 7, 70);

    assertThat(series.points()).hasSize(2);
    assertThat(series.points().get(0).values()).containsExactly(2, 20);
    assertThat(series.points().get(1).values()).containsExactly(6, 60);
  }
}

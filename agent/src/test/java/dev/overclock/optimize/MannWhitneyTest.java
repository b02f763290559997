package dev.overclock.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The rank test against values computed independently, with SciPy 1.17's {@code
 * mannwhitneyu(without, with, alternative="greater", method="asymptotic", use_continuity=True)}.
 */
class MannWhitneyTest {

  private static final long[] WITHOUT = {12, 15, 11, 18, 20, 14, 16, 19, 13, 17};
  private static final long[] WITH = {9, 11, 10, 8, 12, 7, 11, 10, 9, 6};

  @Test
  void clearlyFasterSample_matchesScipy() {
    MannWhitney test = MannWhitney.of(WITHOUT, WITH);

    assertThat(test.u()).isEqualTo(97.5);
    assertThat(test.pValue()).isCloseTo(0.00018384305984029547, withinPercentage(0.1));
    assertThat(test.z()).isPositive();
    assertThat(test.medianWithout()).isEqualTo(15.5);
    assertThat(test.medianWith()).isEqualTo(9.5);
    assertThat(test.medianRatio()).isCloseTo(15.5 / 9.5, within(1e-12));
  }

  @Test
  void manyTies_useTheTieCorrection_matchesScipy() {
    MannWhitney test = MannWhitney.of(new long[] {5, 5, 5, 6, 6, 7, 8, 8, 8, 8, 9},
        new long[] {5, 6, 6, 6, 7, 7, 7, 8, 9, 9});

    assertThat(test.u()).isEqualTo(51.0);
    assertThat(test.pValue()).isCloseTo(0.6269089316099608, withinPercentage(0.1));
  }

  @Test
  void slowerWithTheChange_givesAPValueNearOne() {
    MannWhitney test = MannWhitney.of(WITH, WITHOUT);

    assertThat(test.u()).isEqualTo(2.5);
    assertThat(test.pValue()).isCloseTo(0.9998626424829886, within(1e-6));
    assertThat(test.medianRatio()).isLessThan(1);
  }

  @Test
  void histograms_giveTheSameTestAsTheirValues() {
    Histogram without = new Histogram(2);
    Histogram with = new Histogram(2);
    for (long value : WITHOUT) {
      without.recordValue(value);
    }
    for (long value : WITH) {
      with.recordValue(value);
    }

    MannWhitney test = MannWhitney.of(without, with);

    assertThat(test.without()).isEqualTo(10);
    assertThat(test.with()).isEqualTo(10);
    assertThat(test.u()).isEqualTo(97.5);
    assertThat(test.pValue()).isCloseTo(0.00018384305984029547, withinPercentage(0.1));
    assertThat(test.medianWith()).isEqualTo(9.5);
  }

  @Test
  void identicalOrEmptySamples_proveNothing() {
    assertThat(MannWhitney.of(new long[] {7, 7, 7}, new long[] {7, 7}).pValue()).isEqualTo(1);
    assertThat(MannWhitney.of(new long[] {}, new long[] {1, 2}).pValue()).isEqualTo(1);
  }

  @Test
  void normalTail_matchesScipy_downToSmallProbabilities() {
    assertThat(MannWhitney.upperTail(0)).isCloseTo(0.5, within(1e-7));
    assertThat(MannWhitney.upperTail(1)).isCloseTo(0.15865525393145707, withinPercentage(0.001));
    assertThat(MannWhitney.upperTail(1.96)).isCloseTo(0.024997895148220435,
        withinPercentage(0.001));
    assertThat(MannWhitney.upperTail(5)).isCloseTo(2.866515718791933e-07,
        withinPercentage(0.001));
    assertThat(MannWhitney.upperTail(8)).isCloseTo(6.22096057427174e-16, withinPercentage(0.001));
    assertThat(MannWhitney.upperTail(-3)).isCloseTo(1 - 0.0013498980316300933, within(1e-7));
  }
}

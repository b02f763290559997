package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

  @ParameterizedTest
  @CsvSource({"0, 0 ns", "870, 870 ns", "12345, 12.3 us", "4560000, 4.56 ms", "1200000000, 1.20 s",
      "210000000000, 210 s", "900000000000, 15.0 min"})
  void duration_hasThreeSignificantDigits(double nanos, String text) {
    assertThat(Units.duration(nanos)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"950, 950", "12345, 12.3k", "4560000, 4.56M"})
  void count_isShort(long count, String text) {
    assertThat(Units.count(count)).isEqualTo(text);
  }
}

package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationTest {

  @ParameterizedTest
  @CsvSource({
    "100, 1000, 950, CPU_BOUND",
    "100, 1000, 700, CPU_BOUND",
    "100, 1000, 699, MIXED",
    "100, 1000, 301, MIXED",
    "100, 1000, 300, BLOCKING",
    "100, 1000, 20, BLOCKING",
    "4, 1000, 950, UNCLASSIFIED",
    "0, 0, 0, UNCLASSIFIED",
  })
  void classifiesByCpuShareOfSampledCalls(long samples, long wall, long cpu, Classification expected) {
    assertThat(Classification.of(new CpuSample(samples, wall, cpu, 0))).isEqualTo(expected);
  }
}

package dev.overclock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"0, 0", "10ns, 10", "250us, 250000", "500ms, 500000000", "10s, 10000000000",
      "5m, 300000000000", "1h, 3600000000000", "2d, 172800000000000", "10 s, 10000000000",
      "10S, 10000000000", "'10\tms', 10000000", "999999999ns, 999999999"})
  void parse_acceptsEachUnit(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", "10", "-1s", "1.5s", "10 seconds", "s", "1000000000s",
      "10msx", "10m s", "\u0663s", "s10", "10 ", "+5s"})
  void parse_returnsNullForAnythingElse(String text) {
    assertThat(Durations.parse(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"10s, 10s", "1500ms, 1500ms", "60s, 1m", "0, 0", "90m, 90m"})
  void format_isTheShortestExactForm(String text, String formatted) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(formatted);
  }
}

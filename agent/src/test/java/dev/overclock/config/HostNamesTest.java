package dev.overclock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host names read by hand ({@link ValueType#isHostName}) against the pattern they replace. */
class HostNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "a", "a.", "0.0.0.0", "10.0.0.5", "metrics.example.com",
      "x-1.y", "::1", "[::1]", "fe80::1%eth0"})
  void acceptsNamesAndAddresses(String text) {
    assertThat(ValueType.isHostName(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "a..b", "a..", "-a", "a-", "a_b", "no host", "a.-b",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void refusesTheRest(String text) {
    assertThat(ValueType.isHostName(text)).isFalse();
  }

  @Test
  void answersAsThePatternOnManyTexts() {
    Random random = new Random(20261206);
    String alphabet = "aZ09-.-.:[]%_ ";
    for (int n = 0; n < 200_000; n++) {
      int length = random.nextInt(n % 10 == 0 ? 70 : 12);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String candidate = text.toString();
      assertThat(ValueType.isHostName(candidate))
          .as(candidate)
          .isEqualTo(ValueType.HostName.NAME.matcher(candidate).matches());
    }
  }
}

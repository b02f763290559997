package dev.overclock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OffloadOptionsTest {

  private static Config parse(String argument) {
    return ConfigParser.parse(argument, new Properties(), Map.of());
  }

  @Test
  void defaults_offloadAnnotatedMethods_withoutLimits() {
    Config config = parse("");

    assertThat(config.offload().on()).isTrue();
    assertThat(config.offload().filters()).isEmpty();
    assertThat(config.offload().timeout()).isEqualTo(Duration.ZERO);
    assertThat(config.offload().concurrency()).isZero();
    assertThat(config.offload().queueTimeout()).isNull();
    assertThat(config.offload().threads()).isEqualTo(256);
  }

  @Test
  void options_setFiltersAndTheDefaultLimits() {
    Config config = parse("offload=com.acme.Client::fetch;::lookup,offload.timeout=2s,"
        + "offload.concurrency=16,offload.queue.timeout=0,offload.threads=32");

    assertThat(config.offload().on()).isTrue();
    assertThat(config.offload().filters()).extracting(Object::toString)
        .containsExactly("com.acme.Client::fetch", "::lookup");
    assertThat(config.offload().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.offload().concurrency()).isEqualTo(16);
    assertThat(config.offload().queueTimeout()).isEqualTo(Duration.ZERO);
    assertThat(config.offload().threads()).isEqualTo(32);
    assertThat(config.problems()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "offload=::| option offload='::' (agent argument): expected filters like"
            + " com.acme.Pricing::quote, com.acme.Pricing, ::quote, @com.acme.Hot or com.acme.*,"
            + " joined with ';' ('::': expected a method name after '::'); offload is off",
        "offload.timeout=soon| option offload.timeout='soon' (agent argument): expected a duration"
            + " from 1ms to 1d, such as 500ms or 10s, or 0 for none; offload is off",
        "offload.concurrency=-1| option offload.concurrency='-1' (agent argument): expected a"
            + " whole number from 0 (no limit) to 1000000; offload is off",
        "offload.queue.timeout=later| option offload.queue.timeout='later' (agent argument):"
            + " expected a duration up to 1d, such as 0, 100ms or 5s; unset: no limit; offload is"
            + " off",
        "offload.threads=0| option offload.threads='0' (agent argument): expected a whole number"
            + " from 1 to 10000; offload is off",
      })
  void badOffloadOption_turnsOnlyOffloadOff(String argument, String message) {
    Config config = parse(argument + ",cpu=true");

    assertThat(config.problems()).containsExactly(message);
    assertThat(config.offload().on()).isFalse();
    assertThat(config.enabled()).isTrue();
    assertThat(config.timing().on()).isTrue();
    assertThat(config.memo().on()).isTrue();
    assertThat(config.timing().cpu()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "'', false, false",
      "auto=timing, false, false",
      "auto=optimize, true, true",
      "auto=OPTIMIZE, true, true",
      // offload.executors, set either way, decides instead of auto=optimize
      "'auto=optimize,offload.executors=off', false, false",
      "'auto=optimize,offload.executors=virtual', true, false",
      "offload.executors=virtual, true, false",
      // a bad offload.executors turns pools off, even under auto=optimize
      "'auto=optimize,offload.executors=maybe', false, false",
  })
  void autoOptimize_substitutesPoolsOnEvidence_unlessOffloadExecutorsIsSet(
      String argument, boolean executors, boolean onEvidence) {
    Config config = parse(argument);

    assertThat(config.offload().executors()).isEqualTo(executors);
    assertThat(config.offload().executorsOnEvidence()).isEqualTo(onEvidence);
  }

  @Test
  void autoOptimize_keepsAutomaticTimingOn() {
    assertThat(parse("auto=optimize").jfr().auto()).isTrue();
    assertThat(parse("auto=optimize").problems()).isEmpty();
  }
}

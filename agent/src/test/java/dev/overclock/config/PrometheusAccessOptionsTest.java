package dev.overclock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code prometheus.token} and {@code prometheus.allow}: what they accept, and what is shown. */
class PrometheusAccessOptionsTest {

  private static Config parse(String argument) {
    return ConfigParser.parse(argument, new Properties(), Map.of());
  }

  @Test
  void token_isWhereTheTokenIsRead_fromAFileOrAnEnvironmentVariable() {
    assertThat(parse("prometheus.port=0,prometheus.token=file:/run/secrets/metrics").prometheus()
        .token()).isEqualTo(new SecretReference("file", "/run/secrets/metrics"));
    assertThat(parse("prometheus.port=0,prometheus.token=env:METRICS_TOKEN").prometheus()
        .token()).isEqualTo(new SecretReference("env", "METRICS_TOKEN"));
    assertThat(parse("prometheus.port=0").prometheus().token()).isNull();
  }

  @Test
  void aTokenWrittenWhereItsReferenceBelongs_isRefused_andShownNowhere() {
    Config config = parse("prometheus.port=0,prometheus.token=hunter2-secret");

    assertThat(config.prometheus()).isNull();
    assertThat(config.problems()).containsExactly("option prometheus.token='(hidden)' (agent"
        + " argument): expected file:<path> or env:<variable> (where the token is read from;"
        + " never the token itself); the Prometheus endpoint is off");
    assertThat(config.settings()).extracting(Setting::value)
        .containsExactlyInAnyOrder("0", "(hidden)");
  }

  @Test
  void aTokenGivenTwice_isNotShownEither() {
    Config config =
        parse("prometheus.port=0,prometheus.token=hunter2-secret,prometheus.token=env:TOKEN");

    assertThat(config.prometheus()).isNull();
    assertThat(config.problems()).singleElement().asString()
        .contains("'(hidden)' (agent argument) and 'env:TOKEN' (agent argument)")
        .doesNotContain("hunter2");
    assertThat(config.settings()).extracting(Setting::value).doesNotContain("hunter2-secret");
  }

  @Test
  void aGoodReference_isShownAsGiven() {
    Config config = parse("prometheus.port=0,prometheus.token=env:METRICS_TOKEN");

    assertThat(config.problems()).isEmpty();
    assertThat(config.settings()).extracting(Setting::value).contains("env:METRICS_TOKEN");
  }

  @Test
  void allow_readsAddressesAndRanges() throws Exception {
    PrometheusOptions options =
        parse("prometheus.port=0,prometheus.allow=\"10.1.2.3; 192.168.0.0/16;[fd00::]/8;::1\"")
            .prometheus();

    assertThat(options.allow()).extracting(AddressRange::toString).containsExactly("10.1.2.3",
        "192.168.0.0/16", "fd00:0:0:0:0:0:0:0/8", "0:0:0:0:0:0:0:1");
    AddressRange lan = options.allow().get(1);
    assertThat(lan.contains(InetAddress.getByName("192.168.200.7"))).isTrue();
    assertThat(lan.contains(InetAddress.getByName("192.169.0.1"))).isFalse();
    assertThat(lan.contains(InetAddress.getByName("::1"))).isFalse();
    assertThat(options.allow().get(2).contains(InetAddress.getByName("fdab::5"))).isTrue();
    assertThat(options.allow().get(2).contains(InetAddress.getByName("fe80::5"))).isFalse();
    assertThat(AddressRange.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8")))
        .isTrue();
    assertThat(parse("prometheus.port=0").prometheus().allow()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "example.com| ('example.com' is not an IP address or range)",
      "10.0.0.256| ('10.0.0.256' is not an IP address or range)",
      "10.0.0.0/33| ('10.0.0.0/33' has a prefix length outside 0..32)",
      "::1/129| ('::1/129' has a prefix length outside 0..128)",
  })
  void allow_refusesNamesAndImpossibleRanges(String value, String detail) {
    Config config = parse("prometheus.port=0,prometheus.allow=" + value);

    assertThat(config.prometheus()).isNull();
    assertThat(config.problems()).containsExactly("option prometheus.allow='" + value
        + "' (agent argument): expected IP addresses or CIDR ranges joined with ';', such as"
        + " 10.0.0.5;192.168.0.0/16;::1 " + detail + "; the Prometheus endpoint is off");
  }
}

package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpositionFormatTest {

  /** What Prometheus 2.42 sends (scrape.go), and what later versions send. */
  private static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private static final List<MetricFamily> FAMILIES = List.of(
      new MetricFamily("acme", MetricType.INFO, "", "About \"acme\".",
          List.of(Sample.of("_info", List.of(new Label("version", "1.0")), 1L))),
      new MetricFamily("acme_calls", MetricType.COUNTER, "", "Calls\\done,\nall of them.",
          List.of(Sample.of("_total", List.of(new Label("method", "a\\b \"c\"\nd")), 42L))),
      new MetricFamily("acme_open", MetricType.GAUGE, "", "Open things.",
          List.of(Sample.of("", List.of(), 3L))),
      new MetricFamily("acme_latency_seconds", MetricType.SUMMARY, "seconds", "Latency.",
          List.of(
              Sample.of("", List.of(new Label("m", "x"), new Label("quantile", "0.5")), 0.00015),
              Sample.of("", List.of(new Label("m", "x"), new Label("quantile", "0.99")), Double.NaN),
              Sample.of("_sum", List.of(new Label("m", "x")), 1.5),
              Sample.of("_count", List.of(new Label("m", "x")), 10L))));

  @Test
  void text_0_0_4_namesSamplesInMetadata_andHasNoUnitOrEof() {
    StringBuilder out = new StringBuilder();

    ExpositionFormat.TEXT.write(FAMILIES, out);

    assertThat(out.toString()).isEqualTo(String.join("\n",
        "# TYPE acme_info gauge",
        "# HELP acme_info About \"acme\".",
        "acme_info{version=\"1.0\"} 1",
        "# TYPE acme_calls_total counter",
        "# HELP acme_calls_total Calls\\\\done,\\nall of them.",
        "acme_calls_total{method=\"a\\\\b \\\"c\\\"\\nd\"} 42",
        "# TYPE acme_open gauge",
        "# HELP acme_open Open things.",
        "acme_open 3",
        "# TYPE acme_latency_seconds summary",
        "# HELP acme_latency_seconds Latency.",
        "acme_latency_seconds{m=\"x\",quantile=\"0.5\"} 1.5e-4",
        "acme_latency_seconds{m=\"x\",quantile=\"0.99\"} NaN",
        "acme_latency_seconds_sum{m=\"x\"} 1.5",
        "acme_latency_seconds_count{m=\"x\"} 10",
        ""));
  }

  @Test
  void openMetrics_namesFamiliesInMetadata_withUnits_escapedHelp_andEof() {
    StringBuilder out = new StringBuilder();

    ExpositionFormat.OPENMETRICS.write(FAMILIES, out);

    assertThat(out.toString()).isEqualTo(String.join("\n",
        "# TYPE acme info",
        "# HELP acme About \\\"acme\\\".",
        "acme_info{version=\"1.0\"} 1",
        "# TYPE acme_calls counter",
        "# HELP acme_calls Calls\\\\done,\\nall of them.",
        "acme_calls_total{method=\"a\\\\b \\\"c\\\"\\nd\"} 42",
        "# TYPE acme_open gauge",
        "# HELP acme_open Open things.",
        "acme_open 3",
        "# TYPE acme_latency_seconds summary",
        "# UNIT acme_latency_seconds seconds",
        "# HELP acme_latency_seconds Latency.",
        "acme_latency_seconds{m=\"x\",quantile=\"0.5\"} 1.5e-4",
        "acme_latency_seconds{m=\"x\",quantile=\"0.99\"} NaN",
        "acme_latency_seconds_sum{m=\"x\"} 1.5",
        "acme_latency_seconds_count{m=\"x\"} 10",
        "# EOF",
        ""));
  }

  @Test
  void emptyExposition_isValidInBothFormats() {
    StringBuilder text = new StringBuilder();
    StringBuilder openMetrics = new StringBuilder();

    ExpositionFormat.TEXT.write(List.of(), text);
    ExpositionFormat.OPENMETRICS.write(List.of(), openMetrics);

    assertThat(text.toString()).isEmpty();
    assertThat(openMetrics.toString()).isEqualTo("# EOF\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "0.5| 0.5",
    "3.0| 3.0",
    "1.2e-5| 1.2e-5",
    "123456789.5| 1.234567895e8",
    "0.001| 0.001",
    "1.0E-4| 1.0e-4",
  })
  void numbers_haveAPointOrAnExponent_inLowerCase(double value, String written) {
    assertThat(Sample.number(value)).isEqualTo(written);
  }

  @Test
  void specialNumbers_areSpelledAsBothFormatsRead() {
    assertThat(Sample.number(Double.NaN)).isEqualTo("NaN");
    assertThat(Sample.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(Sample.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(Sample.of("", List.of(), Long.MAX_VALUE).value()).isEqualTo("9223372036854775807");
  }

  @Test
  void prometheus_getsOpenMetrics() {
    assertThat(ExpositionFormat.forAccept(PROMETHEUS_ACCEPT)).isEqualTo(ExpositionFormat.OPENMETRICS);
    assertThat(ExpositionFormat.forAccept(
        "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;"
            + "version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"))
        .isEqualTo(ExpositionFormat.OPENMETRICS);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "application/openmetrics-text",
    "application/openmetrics-text; version=0.0.1",
    "Application/OpenMetrics-Text; Version=1.0.0; charset=utf-8",
    "text/plain;q=0.5, application/openmetrics-text;q=0.5",
  })
  void openMetrics_whenAcceptedAtLeastAsMuchAsText(String accept) {
    assertThat(ExpositionFormat.forAccept(accept)).isEqualTo(ExpositionFormat.OPENMETRICS);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
    "*/*",
    "text/plain; version=0.0.4",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/openmetrics-text; version=2.0.0",
    "application/openmetrics-text; q=0",
    "application/openmetrics-text; q=0.4, text/plain; q=0.9",
    "application/openmetrics-text; q=nonsense",
    "application/json",
    ";;,,=",
  })
  void text_otherwise(String accept) {
    assertThat(ExpositionFormat.forAccept(accept)).isEqualTo(ExpositionFormat.TEXT);
  }

  @Test
  void contentTypes_areTheOnesTheFormatsSpecify() {
    assertThat(ExpositionFormat.TEXT.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(ExpositionFormat.OPENMETRICS.contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
  }
}

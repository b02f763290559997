package dev.overclock.prometheus;

/**
 * The metric types Overclock exports, with the names each exposition format gives them: the
 * two formats agree on sample names but not on what a {@code TYPE} line calls a counter or an
 * info metric.
 */
enum MetricType {
  /** Monotonic; its one sample is {@code <family>_total}. */
  COUNTER("counter", "counter", "_total"),
  /** A current value; its one sample is named as the family. */
  GAUGE("gauge", "gauge", ""),
  /** Quantiles (label {@code quantile}) plus {@code _sum} and {@code _count}. */
  SUMMARY("summary", "summary", ""),
  /**
   * Constant text in labels; its one sample is {@code <family>_info} with the value 1. The 0.0.4
   * format has no such type, so there it is the gauge {@code <family>_info}, as client libraries
   * write it.
   */
  INFO("info", "gauge", "_info");

  private final String openMetricsName;
  private final String textName;
  private final String textSuffix;

  MetricType(String openMetricsName, String textName, String textSuffix) {
    this.openMetricsName = openMetricsName;
    this.textName = textName;
    this.textSuffix = textSuffix;
  }

  /** The word on an OpenMetrics {@code # TYPE} line. */
  String openMetricsName() {
    return openMetricsName;
  }

  /** The word on a Prometheus text format 0.0.4 {@code # TYPE} line. */
  String textName() {
    return textName;
  }

  /**
   * What the 0.0.4 format appends to the family name in {@code # TYPE} and {@code # HELP} lines:
   * there, metadata names the sample ({@code foo_total}), where OpenMetrics names the family
   * ({@code foo}).
   */
  String textSuffix() {
    return textSuffix;
  }
}

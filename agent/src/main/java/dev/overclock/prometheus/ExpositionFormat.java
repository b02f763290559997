package dev.overclock.prometheus;

import java.util.List;
import java.util.Locale;

/**
 * The two text formats a scraper may ask for: Prometheus text format 0.0.4, which every scraper
 * reads, and OpenMetrics 1.0, which Prometheus asks for first. They differ in small ways that a
 * strict parser rejects, so each rule is in one place here:
 *
 * <ul>
 *   <li>metadata names the family in OpenMetrics ({@code # TYPE foo counter}) but the sample in
 *       0.0.4 ({@code # TYPE foo_total counter}); an info metric is a gauge in 0.0.4;
 *   <li>OpenMetrics has {@code # UNIT} lines and must end with {@code # EOF};
 *   <li>{@code # HELP} text escapes backslash and line feed in both, and double quotes too in
 *       OpenMetrics; label values escape all three in both.
 * </ul>
 */
enum ExpositionFormat {
  TEXT("text format 0.0.4", "text/plain; version=0.0.4; charset=utf-8"),
  OPENMETRICS("OpenMetrics 1.0", "application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String description;
  private final String contentType;

  ExpositionFormat(String description, String contentType) {
    this.description = description;
    this.contentType = contentType;
  }

  /** The format's name for people: {@code OpenMetrics 1.0}. */
  String description() {
    return description;
  }

  /** The {@code Content-Type} of a response in this format. */
  String contentType() {
    return contentType;
  }

  /**
   * The format to answer a request with this {@code Accept} header: OpenMetrics when the client
   * accepts it (version 1.0.0, 0.0.1 or unspecified) at least as much as the text format,
   * otherwise text, also for a missing or unparseable header (a browser, {@code curl}).
   * Prometheus sends {@code application/openmetrics-text;version=1.0.0;q=0.5,...,
   * text/plain;version=0.0.4;q=0.3,*}{@code /*;q=0.2} and gets OpenMetrics.
   */
  static ExpositionFormat forAccept(String accept) {
    if (accept == null) {
      return TEXT;
    }
    double openMetrics = 0;
    double text = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";", -1);
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      double quality = 1;
      String version = null;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].strip();
        int equals = parameter.indexOf('=');
        if (equals < 0) {
          continue;
        }
        String name = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        String value = parameter.substring(equals + 1).strip();
        if (name.equals("q")) {
          quality = quality(value);
        } else if (name.equals("version")) {
          version = value;
        }
      }
      if (type.equals("application/openmetrics-text")
          && (version == null || version.equals("1.0.0") || version.equals("0.0.1"))) {
        openMetrics = Math.max(openMetrics, quality);
      } else if ((type.equals("text/plain") && (version == null || version.equals("0.0.4")))
          || type.equals("text/*") || type.equals("*/*")) {
        text = Math.max(text, quality);
      }
    }
    return openMetrics > 0 && openMetrics >= text ? OPENMETRICS : TEXT;
  }

  private static double quality(String value) {
    try {
      double quality = Double.parseDouble(value);
      return quality >= 0 && quality <= 1 ? quality : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Writes the families, in order, as one complete exposition. */
  void write(List<MetricFamily> families, StringBuilder out) {
    for (MetricFamily family : families) {
      String metadataName = this == OPENMETRICS
          ? family.name()
          : family.name() + family.type().textSuffix();
      String typeName = this == OPENMETRICS
          ? family.type().openMetricsName()
          : family.type().textName();
      out.append("# TYPE ").append(metadataName).append(' ').append(typeName).append('\n');
      if (this == OPENMETRICS && !family.unit().isEmpty()) {
        out.append("# UNIT ").append(metadataName).append(' ').append(family.unit()).append('\n');
      }
      out.append("# HELP ").append(metadataName).append(' ');
      escape(family.help(), this == OPENMETRICS, out);
      out.append('\n');
      for (Sample sample : family.samples()) {
        out.append(family.name()).append(sample.suffix());
        if (!sample.labels().isEmpty()) {
          out.append('{');
          for (int i = 0; i < sample.labels().size(); i++) {
            Label label = sample.labels().get(i);
            if (i > 0) {
              out.append(',');
            }
            out.append(label.name()).append("=\"");
            escape(label.value(), /* quotes= */ true, out);
            out.append('"');
          }
          out.append('}');
        }
        out.append(' ').append(sample.value()).append('\n');
      }
    }
    if (this == OPENMETRICS) {
      out.append("# EOF\n");
    }
  }

  /** Escapes backslash and line feed, and double quotes if asked to. */
  static void escape(String text, boolean quotes, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '"' && quotes) {
        out.append("\\\"");
      } else {
        out.append(c);
      }
    }
  }
}

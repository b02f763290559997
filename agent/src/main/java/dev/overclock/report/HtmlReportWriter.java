package dev.overclock.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders a {@link Report} as {@code report.html}: one self-contained page (styles, script and
 * charts inline; nothing fetched from the network) that draws itself from the report's JSON,
 * embedded in the page. The page and {@code report.json} therefore always show the same figures.
 */
public final class HtmlReportWriter {

  static final String TEMPLATE = "report.html";
  static final String PLACEHOLDER = "/*OVERCLOCK_REPORT_JSON*/null";

  private static volatile String template;

  private HtmlReportWriter() {}

  public static String write(Report report) {
    // JsonWriter escapes '<', so the data cannot close the <script> element it sits in.
    return template().replace(PLACEHOLDER, JsonReportWriter.write(report, /* pretty= */ false));
  }

  private static String template() {
    String loaded = template;
    if (loaded == null) {
      try (InputStream in = HtmlReportWriter.class.getResourceAsStream(TEMPLATE)) {
        if (in == null) {
          throw new IllegalStateException("report template " + TEMPLATE + " missing from the jar");
        }
        loaded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!loaded.contains(PLACEHOLDER)) {
        throw new IllegalStateException("report template lacks " + PLACEHOLDER);
      }
      template = loaded;
    }
    return loaded;
  }
}

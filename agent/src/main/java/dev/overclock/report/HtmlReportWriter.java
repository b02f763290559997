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

  // The template cut at its placeholder, once: the periodic report (every report.interval) then
  // joins three strings instead of searching and copying the whole page (over 100 kB, stored as
  // UTF-16 for its non-Latin-1 characters) for the placeholder each time.
  private static volatile String[] halves;

  private HtmlReportWriter() {}

  public static String write(Report report) {
    // JsonWriter escapes '<', so the data cannot close the <script> element it sits in.
    String json = JsonReportWriter.write(report, /* pretty= */ false);
    String[] page = halves();
    return new StringBuilder(page[0].length() + json.length() + page[1].length())
        .append(page[0]).append(json).append(page[1]).toString();
  }

  private static String[] halves() {
    String[] cut = halves;
    if (cut == null) {
      String whole = template();
      int at = whole.indexOf(PLACEHOLDER);
      cut = new String[] {whole.substring(0, at), whole.substring(at + PLACEHOLDER.length())};
      halves = cut;
    }
    return cut;
  }

  private static String template() {
    String loaded;
    try (InputStream in = HtmlReportWriter.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("report template " + TEMPLATE + " missing from the jar");
      }
      loaded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // once, exactly: the page would otherwise carry the data twice, or not at all
    int at = loaded.indexOf(PLACEHOLDER);
    if (at < 0 || at != loaded.lastIndexOf(PLACEHOLDER)) {
      throw new IllegalStateException("report template lacks " + PLACEHOLDER + " or has it twice");
    }
    return loaded;
  }
}

package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The page is the template with the report's compact JSON where its placeholder was. */
class HtmlReportWriterTest {

  @Test
  void write_putsTheCompactJsonInThePlaceholder_andChangesNothingElse() throws IOException {
    String template;
    try (InputStream in = HtmlReportWriter.class.getResourceAsStream(HtmlReportWriter.TEMPLATE)) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Report report = ReportFixtures.full();

    String page = HtmlReportWriter.write(report);

    assertThat(page).isEqualTo(template.replace(
        HtmlReportWriter.PLACEHOLDER, JsonReportWriter.write(report, /* pretty= */ false)));
    assertThat(HtmlReportWriter.write(report)).isEqualTo(page);
  }
}

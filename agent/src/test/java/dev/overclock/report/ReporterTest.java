package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

class ReporterTest {

  @Test
  void finish_writesJsonAndHtml_ownerOnly(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("reports/nested");
    Reporter reporter = new Reporter(complete -> ReportFixtures.sample(), dir, Duration.ZERO);

    reporter.finish();

    assertThat(new ObjectMapper().readTree(dir.resolve("report.json").toFile())
        .get("methods")).hasSize(3);
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).doesNotContain(HtmlReportWriter.PLACEHOLDER).contains("fetchStock");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("report.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.json", "report.html");
    }
    assertThat(reporter.writeErrors()).isZero();
  }

  @Test
  void unwritableDirectory_countsTheError_andNeverThrows(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("not-a-directory");
    Files.writeString(file, "x");
    AtomicInteger built = new AtomicInteger();
    Reporter reporter = new Reporter(complete -> {
      built.incrementAndGet();
      return ReportFixtures.sample();
    }, file.resolve("reports"), Duration.ZERO);

    Report report = reporter.finish();

    assertThat(report.methods()).hasSize(3);
    assertThat(reporter.writeErrors()).isEqualTo(1);
    assertThat(built).hasValue(1);
  }

  @Test
  void noDirectory_writesNothing_butStillBuildsTheReport() {
    Reporter reporter = new Reporter(complete -> ReportFixtures.sample(), null, Duration.ofSeconds(1));
    reporter.start();

    assertThat(reporter.finish().methods()).hasSize(3);
    assertThat(reporter.dir()).isNull();
  }

  @Test
  void completeFlag_isTrueOnlyForTheFinalReport(@TempDir Path tmp) {
    AtomicInteger finals = new AtomicInteger();
    Reporter reporter = new Reporter(complete -> {
      if (complete) {
        finals.incrementAndGet();
      }
      return ReportFixtures.sample();
    }, tmp, Duration.ZERO);

    reporter.finish();

    assertThat(finals).hasValue(1);
  }
}

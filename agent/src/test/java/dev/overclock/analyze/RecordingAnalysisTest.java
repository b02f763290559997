package dev.overclock.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline analysis as an API: a recording in, a {@link Report} out, nothing printed or
 * written (the {@code analyze} command's output is tested with the command line).
 */
class RecordingAnalysisTest {

  @TempDir Path dir;

  @Test
  void recording_givesTheReportOfTheRecordedRun() throws Exception {
    Path recording = fixture("demo-jdk17-default.jfr");
    List<Long> positions = new java.util.ArrayList<>();

    RecordingAnalysis analysis = RecordingAnalysis.open(recording);
    Report report = analysis.analyze(new RecordingAnalysis.Settings(List.of(), 10, false),
        new ReadingProgress() {
          @Override
          public void at(long position) {
            positions.add(position);
          }

          @Override
          public void done() {
            positions.add(-1L);
          }
        });

    assertThat(analysis.fileBytes()).isEqualTo(Files.size(recording));
    assertThat(report.jvm().source()).isEqualTo("recording");
    assertThat(report.agent().mode()).isEqualTo("analyze");
    assertThat(report.analysis().recording()).isEqualTo(recording.toString());
    assertThat(report.analysis().events()).isPositive();
    assertThat(report.analysis().rulesNote()).contains("--no-rules");
    assertThat(positions).endsWith(-1L);
  }

  @Test
  void missingRecording_isUnreadable_namingTheFile() {
    Path missing = dir.resolve("nope.jfr");

    assertThatThrownBy(() -> RecordingAnalysis.open(missing)).isInstanceOf(Unreadable.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void durations_readJfrSettingValues() {
    assertThat(RecordingReader.Durations.parse("20 ms")).isEqualTo(20_000_000L);
    assertThat(RecordingReader.Durations.parse("1 s")).isEqualTo(1_000_000_000L);
    assertThat(RecordingReader.Durations.parse("0 ns")).isZero();
    assertThat(RecordingReader.Durations.parse("off")).isEqualTo(-1);
    assertThat(RecordingReader.Durations.parse("everyChunk")).isEqualTo(-1);
  }

  @Test
  void pureShape_valueArgumentsAndAResult() {
    assertThat(RecordingAdvisor.looksPure("a.B::c(II)I")).isTrue();
    assertThat(RecordingAdvisor.looksPure("a.B::c(Ljava/lang/String;ILjava/lang/String;)J"))
        .isTrue();
    assertThat(RecordingAdvisor.looksPure("a.B::c(I)V")).isFalse();
    assertThat(RecordingAdvisor.looksPure("a.B::c()I")).isFalse();
    assertThat(RecordingAdvisor.looksPure("a.B::c([I)I")).isFalse();
    assertThat(RecordingAdvisor.looksPure("a.B::c(Ljava/util/List;)I")).isFalse();
  }

  private Path fixture(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (InputStream in = RecordingAnalysisTest.class.getResourceAsStream(name)) {
      Files.copy(in, copy);
    }
    return copy;
  }
}

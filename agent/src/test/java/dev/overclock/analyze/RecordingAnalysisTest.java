package dev.overclock.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.report.JsonReportWriter;
import dev.overclock.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordingFile;
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

  /**
   * The streamed analysis (only the event types the report uses, events counted from record
   * headers) gives the report the full parse gave, figure by figure: the two reports' JSON differ
   * only in when they were generated. Also for a file of several copies of a recording, which is
   * how the large benchmark recordings are made. The full parse derives each event's sites from
   * its stack afresh, the stream keeps them per stack (JvmProfile's cache): so this also shows
   * the cache changes no figure.
   */
  @Test
  void streamedAnalysis_givesTheSameReportAsParsingEveryEvent() throws Exception {
    Path jdk17 = fixture("demo-jdk17-default.jfr");
    Path jdk25 = fixture("demo-jdk25-method-trace.jfr");
    Path copies = dir.resolve("three-copies.jfr");
    for (int i = 0; i < 3; i++) {
      Files.write(copies, Files.readAllBytes(jdk17), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    RecordingAnalysis.Settings settings = new RecordingAnalysis.Settings(List.of(), 10, false);

    for (Path recording : List.of(jdk17, jdk25, copies)) {
      RecordingAnalysis analysis = RecordingAnalysis.open(recording);
      Report streamed = analysis.analyze(settings, null, false);
      Report parsed = analysis.analyze(settings, null, true);

      assertThat(withoutTime(JsonReportWriter.write(streamed)))
          .isEqualTo(withoutTime(JsonReportWriter.write(parsed)));
      assertThat(streamed.analysis().events()).isEqualTo(countEvents(recording));
      assertThat(streamed.jvm().hotMethods()).isNotEmpty();
    }
    assertThat(RecordingAnalysis.open(copies).analyze(settings, null).analysis().events())
        .isEqualTo(3 * countEvents(jdk17));
  }

  private static long countEvents(Path recording) throws IOException {
    long count = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        file.readEvent();
        count++;
      }
    }
    return count;
  }

  /** The report's JSON without the times it was generated at (the only lines that differ). */
  private static String withoutTime(String json) {
    return json.replaceAll("\"generatedAt\"\\s*:\\s*\"[^\"]*\"", "");
  }

  @Test
  void jmcRules_readAllChunksThatFit_elseChunksSpreadOverTheRecordingWithinTheBudget() {
    List<Chunks.Chunk> chunks = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      chunks.add(new Chunks.Chunk(i * 100L, 100, i, 1));
    }

    assertThat(JmcRules.spread(chunks, 1_000)).isEqualTo(chunks);
    assertThat(JmcRules.spread(chunks, 300)).extracting(Chunks.Chunk::offset)
        .containsExactly(0L, 400L, 800L);
    assertThat(JmcRules.spread(chunks, 99)).isEmpty();
    assertThat(JmcRules.budget()).isLessThanOrEqualTo(64L << 20);
  }

  @Test
  void missingRecording_isUnreadable_namingTheFile() {
    Path missing = dir.resolve("nope.jfr");

    assertThatThrownBy(() -> RecordingAnalysis.open(missing)).isInstanceOf(Unreadable.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void durations_readJfrSettingValues() {
    assertThat(JfrDurations.parse("20 ms")).isEqualTo(20_000_000L);
    assertThat(JfrDurations.parse("1 s")).isEqualTo(1_000_000_000L);
    assertThat(JfrDurations.parse("0 ns")).isZero();
    assertThat(JfrDurations.parse("off")).isEqualTo(-1);
    assertThat(JfrDurations.parse("everyChunk")).isEqualTo(-1);
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

  @Test
  void pureShapedHotMethod_isAMemoizationCandidate_unlessItsSamplesAreInFileOrNetworkIo() {
    String key = "com.acme.Catalog::load(Ljava/lang/String;)Ljava/lang/String;";
    long interval = 20_000_000L;
    long duration = 60_000_000_000L;
    // 100 samples, all on CPU (no blocking events): cpu-bound and hot.
    var computes = new dev.overclock.jvm.MethodEvidence(100, 100, 0, 0, 0, 0, 0, 0);
    var readsFiles = new dev.overclock.jvm.MethodEvidence(100, 100, 0, 0, 0, 0, 0, 60);

    Report.Recommendation pure = RecordingAdvisor.method("com.acme.Catalog::load", key, computes,
        interval, duration, true);
    Report.Recommendation io = RecordingAdvisor.method("com.acme.Catalog::load", key, readsFiles,
        interval, duration, true);

    assertThat(pure.kind()).isEqualTo("memoize");
    assertThat(io.kind()).isEqualTo("time");
    assertThat(io.text()).contains("60 of its samples were in file or network I/O");
  }

  private Path fixture(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (InputStream in = RecordingAnalysisTest.class.getResourceAsStream(name)) {
      Files.copy(in, copy);
    }
    return copy;
  }
}

package dev.overclock.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.overclock.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made to break the readers: one line naming the problem, an exit code, no stack trace. */
class HostileInputTest {

  @TempDir Path dir;

  @Test
  void deeplyNestedJson_isRefusedWithOneLine_notAStackOverflow() throws Exception {
    String nested = "[".repeat(1_000_000) + "]".repeat(1_000_000);

    assertThatThrownBy(() -> JsonReader.parse(nested)).isInstanceOf(JsonReader.Malformed.class)
        .hasMessageContaining("nested deeper than 256 levels");
    assertThat(JsonReader.parse("[".repeat(200) + "{\"a\":1}" + "]".repeat(200))).isNotNull();

    Path hostile = Files.writeString(dir.resolve("hostile.json"), "{\"methods\":" + nested + "}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"compare", hostile.toString(), hostile.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
        .contains("nested deeper than 256 levels").doesNotContain("Exception");
  }

  @Test
  void chunkSizeThatOverflowsTheOffset_stopsReadingThere_withOneLine() throws Exception {
    byte[] chunk;
    try (InputStream in = HostileInputTest.class.getResourceAsStream("demo-jdk17-default.jfr")) {
      chunk = in.readAllBytes();
    }
    Chunks whole = Chunks.read(Files.write(dir.resolve("one.jfr"), chunk));
    long first = whole.readableBytes();
    // A second chunk header whose size makes offset + size wrap around to a negative number.
    byte[] header = java.util.Arrays.copyOf(chunk, 68);
    ByteBuffer.wrap(header).putLong(8, Long.MAX_VALUE - 8);
    byte[] crafted = java.util.Arrays.copyOf(chunk, (int) first + header.length + 100);
    System.arraycopy(header, 0, crafted, (int) first, header.length);
    Path file = Files.write(dir.resolve("crafted.jfr"), crafted);

    Chunks chunks = Chunks.read(file);

    assertThat(chunks.readableBytes()).isEqualTo(first);
    assertThat(chunks.stoppedAt).contains("chunk 2 needs " + (Long.MAX_VALUE - 8) + " bytes");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(new String[] {"analyze", file.toString(), "--no-rules", "--quiet",
        "--json", dir.resolve("r.json").toString(), "--html", dir.resolve("r.html").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
  }

  /**
   * The JDK's parser may run out of stack (a crafted recording nests deep) or of memory (one
   * claims a huge array) while it calls analyze's handlers. Both are thrown here from inside the
   * parser's event loop, by the progress hook it calls: out of stack, the events before it are
   * analysed and the report says where reading stopped; out of memory, analyze ends with one
   * line saying how to give it more, never the error itself.
   */
  @Test
  void parserOutOfStackOrMemory_endsWithOneLine_neverTheError() throws Exception {
    byte[] chunk;
    try (InputStream in = HostileInputTest.class.getResourceAsStream("demo-jdk17-default.jfr")) {
      chunk = in.readAllBytes();
    }
    // Three chunks: enough events that the parser reports its position (every 4096 events).
    java.io.ByteArrayOutputStream three = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 3; i++) {
      three.write(chunk);
    }
    Path file = Files.write(dir.resolve("demo.jfr"), three.toByteArray());
    RecordingAnalysis.Settings settings =
        new RecordingAnalysis.Settings(java.util.List.of(), 10, false);

    dev.overclock.report.Report report =
        RecordingAnalysis.open(file).analyze(settings, failing(new StackOverflowError()));

    assertThat(report.analysis().stoppedAt()).contains("the parser failed");
    assertThatThrownBy(() -> RecordingAnalysis.open(file)
        .analyze(settings, failing(new OutOfMemoryError("Java heap space"))))
        .isInstanceOf(Unreadable.class)
        .hasMessageContaining("ran out of memory reading it (Java heap space)")
        .hasMessageContaining("-Xmx");
  }

  /** A progress hook that throws {@code error} the first time the parser reports a position. */
  private static ReadingProgress failing(Error error) {
    return new ReadingProgress() {
      @Override
      public void at(long position) {
        throw error;
      }

      @Override
      public void done() {}
    };
  }
}

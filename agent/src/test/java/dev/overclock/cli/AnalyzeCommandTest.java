package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.overclock.analyze.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code analyze} command on the recordings kept in the test resources, and on bad input. */
class AnalyzeCommandTest {

  private static Schema schema;

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void readSchemaFromTheDocs() throws IOException {
    Path docs = Path.of(System.getProperty("overclock.docs.dir", "../docs"));
    String document = Files.readString(docs.resolve("report-schema.md"));
    String section = document.substring(document.indexOf("## JSON Schema"));
    int start = section.indexOf("```json") + 7;
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(section.substring(start, section.indexOf("```", start)), InputFormat.JSON);
  }

  @Test
  void jdk17Recording_ranksTheCpuHotspotFirst_andFindsTheBlockingAndMemoizableMethods()
      throws Exception {
    Path json = dir.resolve("report.json");

    int code = analyze(fixture("demo-jdk17-default.jfr").toString(), "--json", json.toString(),
        "--no-rules");

    assertThat(code).as(err()).isZero();
    String text = Files.readString(json);
    assertThat(schema.validate(text, InputFormat.JSON)).isEmpty();
    Map<String, Object> report = object(JsonReader.parse(text));
    Map<String, Object> jvm = object(report.get("jvm"));
    assertThat(jvm.get("source")).isEqualTo("recording");
    String first = (String) object(list(jvm.get("hotMethods")).get(0)).get("name");
    assertThat(first).isIn("com.acme.shop.PricingEngine::quote",
        "com.acme.shop.RoutePlanner::shortestPath");
    // fetchStock waits on a socket, but returns the stock level its caller needs at once: the
    // recording says to look at its callers' threads, not to @Offload it (which would free none).
    assertThat(kindOf(report, "com.acme.shop.InventoryClient::fetchStock"))
        .isEqualTo("investigate");
    assertThat(kindOf(report, "com.acme.shop.RoutePlanner::shortestPath")).isEqualTo("memoize");
    Map<String, Object> analysis = object(report.get("analysis"));
    assertThat(analysis.get("stoppedAt")).isNull();
    assertThat(list(analysis.get("callPaths"))).isNotEmpty();
    assertThat(String.join("\n", strings(analysis.get("unavailable"))))
        .contains("per-method latency percentiles");
    assertThat(out()).contains("hot methods", "recommendations:");
  }

  /**
   * A recording's name (it may come from an archive anyone made) reaches the terminal escaped,
   * like its content.
   */
  @Test
  void aRecordingNamedWithEscapes_isNamedEscapedInTheErrorLine() throws Exception {
    Path crafted = Files.writeString(dir.resolve("evil\u001b]0;pwned\u0007.jfr"), "not jfr");

    int code = analyze(crafted.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err().lines()).singleElement().asString()
        .contains("evil\\u001b]0;pwned\\u0007.jfr", "not a JFR recording");
    assertThat(err()).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void jdk25MethodTrace_givesLatencyPercentilesOfTheTracedMethod() throws Exception {
    Path json = dir.resolve("report.json");

    int code = analyze(fixture("demo-jdk25-method-trace.jfr").toString(), "--json",
        json.toString(), "--no-rules");

    assertThat(code).as(err()).isZero();
    String text = Files.readString(json);
    assertThat(schema.validate(text, InputFormat.JSON)).isEmpty();
    Map<String, Object> report = object(JsonReader.parse(text));
    Map<String, Object> method = object(list(report.get("methods")).get(0));
    assertThat(method.get("name")).isEqualTo("com.acme.shop.RoutePlanner::shortestPath");
    assertThat((Double) method.get("calls")).isGreaterThan(100);
    Map<String, Object> latency = object(method.get("latencyNanos"));
    assertThat((Double) latency.get("p50")).isPositive()
        .isLessThanOrEqualTo((Double) latency.get("p99"));
    assertThat(object(report.get("analysis")).get("latencySource")).isEqualTo("jdk.MethodTrace");
  }

  @Test
  void jmcRules_runAndAppearInTheReport_andTheHtmlCarriesThem() throws Exception {
    Path json = dir.resolve("report.json");
    Path html = dir.resolve("report.html");

    int code = analyze(fixture("demo-jdk17-default.jfr").toString(), "--json", json.toString(),
        "--html", html.toString());

    assertThat(code).as(err()).isZero();
    Map<String, Object> analysis = object(object(JsonReader.parse(Files.readString(json)))
        .get("analysis"));
    assertThat(analysis.get("rulesNote")).isNull();
    List<Object> rules = list(analysis.get("rules"));
    assertThat(rules).hasSizeGreaterThan(10);
    assertThat(rules).anySatisfy(rule -> assertThat(object(rule).get("id"))
        .isEqualTo("GcPauseRatio"));
    assertThat(Files.readString(html)).contains("\"rules\":[", "GcPauseRatio");
  }

  @Test
  void consoleSummary_namesEveryRuleThatIsNotOk_withSeverityAndScore() throws Exception {
    Path json = dir.resolve("report.json");

    int code = analyze(fixture("demo-jdk17-default.jfr").toString(), "--json", json.toString());

    assertThat(code).as(err()).isZero();
    List<Object> rules = list(object(object(JsonReader.parse(Files.readString(json)))
        .get("analysis")).get("rules"));
    List<Map<String, Object>> notOk = rules.stream().map(AnalyzeCommandTest::object)
        .filter(rule -> !"OK".equals(rule.get("severity"))).toList();
    assertThat(notOk).isNotEmpty();
    for (Map<String, Object> rule : notOk) {
      assertThat(out()).contains(rule.get("severity") + " " + rule.get("name") + " (score ");
    }
  }

  @Test
  void configOut_timesExactlyTheRecommendedMethods_withAutoTimingOff() throws Exception {
    Path config = dir.resolve("overclock.properties");

    int code = analyze(fixture("demo-jdk17-default.jfr").toString(), "--config-out",
        config.toString(), "--no-rules");

    assertThat(code).as(err()).isZero();
    List<String> lines = Files.readAllLines(config);
    assertThat(lines).contains("auto=off");
    String timed = lines.stream().filter(l -> l.startsWith("timed=")).findFirst().orElseThrow();
    assertThat(timed.substring(6).split(";")).contains(
        "com.acme.shop.RoutePlanner::shortestPath", "com.acme.shop.InventoryClient::fetchStock");
    assertThat(lines).contains("# memoize=com.acme.shop.RoutePlanner::shortestPath")
        .noneMatch(l -> l.startsWith("memoize=") || l.startsWith("offload="));
  }

  @Test
  void reportFiles_ownerOnly_andNoTemporaryFileLeft() throws Exception {
    // Reports name the application's classes: the same treatment as the live agent's files.
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path out = dir.resolve("out");
    Path json = out.resolve("report.json");
    Path html = out.resolve("report.html");
    Path config = out.resolve("overclock.properties");

    int code = analyze(fixture("demo-jdk17-default.jfr").toString(), "--json", json.toString(),
        "--html", html.toString(), "--config-out", config.toString(), "--no-rules");

    assertThat(code).as(err()).isZero();
    for (Path file : List.of(json, html, config)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(file.toString()).isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("report.json", "report.html", "overclock.properties");
    }
  }

  @Test
  void missingFile_oneLine_exit1() {
    assertThat(analyze(dir.resolve("nope.jfr").toString())).isEqualTo(1);
    assertThat(err().lines()).containsExactly(
        "overclock analyze: " + dir.resolve("nope.jfr") + ": no such file");
  }

  @Test
  void directory_oneLine_exit1() {
    assertThat(analyze(dir.toString())).isEqualTo(1);
    assertThat(err()).contains("is a directory");
  }

  @Test
  void notJfr_oneLine_exit1() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.jfr"), "hello, not a recording\n");

    assertThat(analyze(text.toString())).isEqualTo(1);
    assertThat(err().lines()).singleElement().asString().contains("not a JFR recording");
  }

  @Test
  void emptyFile_oneLine_exit1() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jfr"));

    assertThat(analyze(empty.toString())).isEqualTo(1);
    assertThat(err().lines()).singleElement().asString().contains("empty file");
  }

  @Test
  void truncatedSingleChunk_nothingReadable_exit1() throws IOException {
    byte[] whole = Files.readAllBytes(fixture("demo-jdk17-default.jfr"));
    Path cut = Files.write(dir.resolve("cut.jfr"), java.util.Arrays.copyOf(whole,
        whole.length / 2));

    assertThat(analyze(cut.toString())).isEqualTo(1);
    assertThat(err().lines()).singleElement().asString()
        .contains("nothing readable", "truncated");
  }

  @Test
  void truncatedSecondChunk_analysesTheFirst_andSaysWhereReadingStopped() throws Exception {
    byte[] whole = Files.readAllBytes(fixture("demo-jdk17-default.jfr"));
    byte[] twice = new byte[whole.length + whole.length / 3];
    System.arraycopy(whole, 0, twice, 0, whole.length);
    System.arraycopy(whole, 0, twice, whole.length, whole.length / 3);
    Path cut = Files.write(dir.resolve("two-chunks-cut.jfr"), twice);
    Path json = dir.resolve("report.json");

    int code = analyze(cut.toString(), "--json", json.toString());

    assertThat(code).as(err()).isZero();
    assertThat(err()).contains("reading stopped at byte " + whole.length, "truncated");
    Map<String, Object> analysis = object(object(JsonReader.parse(Files.readString(json)))
        .get("analysis"));
    assertThat((String) analysis.get("stoppedAt")).contains("chunk 2");
    assertThat((String) analysis.get("rulesNote")).contains("truncated");
  }

  @Test
  void recordingWithoutExecutionSamples_saysWhichAnalysesAreUnavailable() throws Exception {
    Path file = dir.resolve("no-samples.jfr");
    try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
      recording.enable("jdk.JVMInformation");
      recording.enable("jdk.CPUInformation");
      recording.start();
      recording.stop();
      recording.dump(file);
    }
    Path json = dir.resolve("report.json");

    int code = analyze(file.toString(), "--json", json.toString(), "--no-rules");

    assertThat(code).as(err()).isZero();
    Map<String, Object> analysis = object(object(JsonReader.parse(Files.readString(json)))
        .get("analysis"));
    assertThat(String.join("\n", strings(analysis.get("unavailable"))))
        .contains("no jdk.ExecutionSample events", "no jdk.CPULoad events",
            "no jdk.GarbageCollection events");
    assertThat(out()).contains("unavailable: hot methods");
  }

  @Test
  void recordingWithoutEvents_oneLine_exit1() throws Exception {
    Path file = dir.resolve("no-events.jfr");
    try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
      recording.start();
      recording.stop();
      recording.dump(file);
    }

    assertThat(analyze(file.toString(), "--no-rules")).isEqualTo(1);
    assertThat(err().lines()).singleElement().asString().contains("holds no events");
  }

  @Test
  void unknownOption_usageError_exit2() {
    assertThat(analyze("x.jfr", "--frobnicate")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--frobnicate'", "usage: analyze");
  }

  @Test
  void badTop_usageError_exit2() {
    assertThat(analyze("x.jfr", "--top", "0")).isEqualTo(2);
    assertThat(err()).contains("bad value '0' for --top");
  }

  @Test
  void noRecording_usageError_exit2() {
    assertThat(analyze()).isEqualTo(2);
    assertThat(err()).contains("no recording given");
  }

  // ---- helpers ----

  private int analyze(String... args) {
    return AnalyzeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path fixture(String name) throws IOException {
    Path copy = dir.resolve(name);
    if (!Files.exists(copy)) {
      try (InputStream in = AnalyzeCommandTest.class.getResourceAsStream(
          "/dev/overclock/analyze/" + name)) {
        Files.copy(in, copy);
      }
    }
    return copy;
  }

  private static String kindOf(Map<String, Object> report, String method) {
    for (Object item : list(report.get("recommendations"))) {
      if (method.equals(object(item).get("method"))) {
        return (String) object(item).get("kind");
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  static List<String> strings(Object value) {
    return list(value).stream().map(String.class::cast).toList();
  }
}

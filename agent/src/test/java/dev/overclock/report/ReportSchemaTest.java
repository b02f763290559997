package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON writer and {@code docs/report-schema.md} must agree: the schema is read from the
 * document itself, so neither can change alone.
 */
class ReportSchemaTest {

  private static Schema schema;
  private static String document;

  @BeforeAll
  static void readSchemaFromTheDocs() throws IOException {
    Path docs = Path.of(System.getProperty("overclock.docs.dir", "../docs"));
    document = Files.readString(docs.resolve("report-schema.md"));
    String section = document.substring(document.indexOf("## JSON Schema"));
    String json = section.substring(section.indexOf("```json") + 7, section.indexOf("```", section.indexOf("```json") + 7));
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(json, InputFormat.JSON);
  }

  @Test
  void writerOutput_isValidAgainstTheDocumentedSchema() {
    String json = JsonReportWriter.write(ReportFixtures.sample());

    List<Error> errors = schema.validate(json, InputFormat.JSON);

    assertThat(errors).isEmpty();
  }

  @Test
  void fullReport_withJvmSectionAutoEvidenceAndArguments_isValid() {
    String json = JsonReportWriter.write(ReportFixtures.full());

    assertThat(json).contains("\"jvm\": {", "\"flameGraph\"", "\"auto\": {", "\"arguments\": {");
    assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
  }

  @Test
  void overheadWithKeptSteps_isValid_andAKeptStepWithoutWhyIsNot() {
    Report.Overhead o = ReportFixtures.full().health().overhead();
    Report.Overhead kept = new Report.Overhead(o.budget(), o.overhead(), o.lastPeriod(),
        o.worstPeriod(), o.periods(), o.agentThreadsCpuNanos(), o.adviceNanos(),
        o.applicationCpuNanos(), o.clockedCallNanos(), o.unclockedCallNanos(),
        o.startCpuNanos(), o.shed(), o.steps(), List.of(new Report.KeptStep(
            "argument sampling", "auto=optimize decides from it; bounded: 1,000 calls")));
    String json = JsonReportWriter.write(ReportFixtures.withOverhead(kept));

    assertThat(json).contains("\"kept\": [", "\"why\": \"auto=optimize decides from it");
    assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
    assertThat(schema.validate(json.replace("\"why\":", "\"because\":"), InputFormat.JSON))
        .isNotEmpty();
  }

  @Test
  void reportWithPools_isValid_andAnUnknownPoolModeIsNot() {
    String json = JsonReportWriter.write(ReportFixtures.withPools());

    assertThat(json).contains("\"pools\": [", "\"limit\": {", "\"evidence\": {");
    assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
    assertThat(schema.validate(json.replace("\"mode\": \"virtual\"", "\"mode\": \"fast\""),
        InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void reportWithOptimizations_isValid_andAnUnknownStateIsNot() {
    Report report = ReportFixtures.sample().withOptimizations(List.of(
        new OptimizationReport("a.B::c(I)J", "a.B::c", "memoize", "applied", "auto=optimize: ...",
            null, java.time.Instant.parse("2026-03-02T10:15:31Z"), 0.9, 80_000, 4_000, 120, 40,
            new OptimizationReport.Gain(1_000, 2_000, 79_000, 3_900, 1e-30, "proven"), null),
        new OptimizationReport("a.B::d(I)J", "a.B::d", "memoize", "refused", "purity gate: ...",
            null, java.time.Instant.parse("2026-03-02T10:15:31Z"), 0.7, -1, -1, 0, 0, null, null),
        new OptimizationReport("a.B::e(I)J", "a.B::e", "memoize", "undone", "no gain proven ...",
            null, java.time.Instant.parse("2026-03-02T10:15:31Z"), 0.8, 50_000, 49_000, 900, 30,
            new OptimizationReport.Gain(400, 3_000, 50_000, 49_500, 0.31, "refuted"),
            "no-gain")));
    String json = JsonReportWriter.write(report);

    assertThat(json).contains("\"optimizations\": [", "\"perCallNanosBefore\": null",
        "\"verdict\": \"proven\"", "\"gain\": null", "\"undoneBecause\": \"no-gain\"");
    assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
    assertThat(schema.validate(json.replace("\"state\": \"refused\"", "\"state\": \"maybe\""),
        InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void reportWithPoolMoves_isValid_andAPoolEntryWithoutItsPoolIsNot() {
    Report report = ReportFixtures.sample().withOptimizations(List.of(
        OptimizationReport.of(PoolOptimizationTest.paid()),
        OptimizationReport.of(PoolOptimizationTest.movedBack()),
        OptimizationReport.of(new dev.overclock.offload.PoolMove("a.B::c line 3 (new"
            + " ThreadPoolExecutor)", 4, java.time.Instant.parse("2026-03-02T10:15:31Z"),
            java.time.Instant.parse("2026-03-02T10:15:32Z"), "undone", "pinned: ...",
            "a.B::lock:9", null, "pinned", 20, -1, 5e6, -1))));
    String json = JsonReportWriter.write(report);

    assertThat(json).contains("\"change\": \"pool\"", "\"undoneBecause\": \"pinned\"",
        "\"verdict\": null");
    assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
    assertThat(schema.validate(json.replaceFirst("\"pool\": \\{[^}]*\\}", "\"pool\": null"),
        InputFormat.JSON)).isNotEmpty();
    assertThat(schema.validate(json.replace("\"verdict\": \"refuted\"", "\"verdict\": \"maybe\""),
        InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void schema_rejectsAnUnknownSelectedBy() {
    String json = JsonReportWriter.write(ReportFixtures.sample())
        .replace("\"selectedBy\": \"filter\"", "\"selectedBy\": \"guess\"");

    assertThat(schema.validate(json, InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void emptyReport_isValidToo() {
    String json = JsonReportWriter.write(ReportFixtures.withMethods(List.of()));

    assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
  }

  @Test
  void schema_rejectsAReportMissingAField() {
    String json = JsonReportWriter.write(ReportFixtures.sample()).replace("\"totals\"", "\"totalz\"");

    assertThat(schema.validate(json, InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void documentedExample_isValid() {
    String example = document.substring(document.indexOf("```json") + 7,
        document.indexOf("```", document.indexOf("```json") + 7));

    assertThat(schema.validate(example, InputFormat.JSON)).isEmpty();
  }
}

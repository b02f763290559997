package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.offload.Mode;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.offload.OffloadSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffloadReportTest {

  private static final MethodRef STOCK = new MethodRef("com.acme.shop.InventoryClient",
      "stockAsync", "(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;", "annotation");
  private static final MethodRef AUDIT = new MethodRef("com.acme.shop.Audit", "record",
      "(Ljava/lang/String;)V", "filter");

  private static Report report() {
    Report base = ReportFixtures.sample();
    LatencySummary latency = new LatencySummary(40, 1_000_000, 1_200_000.5, 1_100_000,
        1_400_000, 2_100_000, 3_900_000, 4_100_000,
        List.of(new LatencySummary.Point(0, 1_000_000), new LatencySummary.Point(100, 4_100_000)));
    List<OffloadSnapshot> offloaded = List.of(
        new OffloadSnapshot(STOCK, Mode.FUTURE, new OffloadSettings(2_000_000_000L, 64, -1),
            "virtual", 40, 0, 64, 23, 1, 0, 0, latency, 2, 30_000_000L,
            "at com.acme.shop.Cache.load:12\nat com.acme.shop.InventoryClient.stockAsync:40",
            "replace synchronized"),
        new OffloadSnapshot(AUDIT, Mode.VOID, OffloadSettings.DEFAULTS, "platform", 3, 0, 1, 0,
            0, 0, 3, LatencySummary.EMPTY, 0, 0, null, null));
    return ReportBuilder.build(base.generatedAt(), true, base.run(), base.agent(), base.health(),
        ReportFixtures.sampleSnapshots(), ReportFixtures.sampleMemo(), offloaded);
  }

  private static Schema schema() throws IOException {
    Path docs = Path.of(System.getProperty("overclock.docs.dir", "../docs"));
    String document = Files.readString(docs.resolve("report-schema.md"));
    String section = document.substring(document.indexOf("## JSON Schema"));
    String json = section.substring(section.indexOf("```json") + 7,
        section.indexOf("```", section.indexOf("```json") + 7));
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(json, InputFormat.JSON);
  }

  @Test
  void offloadedMethods_areValidAgainstTheDocumentedSchema() throws IOException {
    String json = JsonReportWriter.write(report());

    assertThat(schema().validate(json, InputFormat.JSON)).isEmpty();
  }

  @Test
  void json_namesModeCarrierLimitsAndPinning() {
    String json = JsonReportWriter.write(report(), false);

    assertThat(json).contains("\"offloaded\":[{\"key\":\"com.acme.shop.InventoryClient::stockAsync"
            + "(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;\"")
        .contains("\"mode\":\"future\",\"carrier\":\"virtual\",\"settings\":{\"timeoutNanos\""
            + ":2000000000,\"maxConcurrency\":64,\"queueTimeoutNanos\":null}")
        .contains("\"calls\":40,\"inFlight\":0,\"maxInFlight\":64,\"queueWaits\":23,"
            + "\"timeouts\":1,\"rejections\":0,\"failures\":0")
        .contains("\"pinning\":{\"events\":2,\"maxNanos\":30000000,")
        .contains("\"mode\":\"fire-and-forget\",\"carrier\":\"platform\",\"settings\":"
            + "{\"timeoutNanos\":null,\"maxConcurrency\":null,\"queueTimeoutNanos\":null}")
        .contains("\"pinning\":null");
  }

  @Test
  void exitSummary_hasOneLinePerCalledMethod() {
    assertThat(SummaryTable.offloadLines(report())).containsExactly(
        "offloaded com.acme.shop.InventoryClient::stockAsync: 40 calls on virtual threads, at"
            + " most 64 at once, p99 2.10 ms; 1 timeouts, 0 rejections, 0 failures, pinned 2"
            + " times (see the report)",
        "offloaded com.acme.shop.Audit::record: 3 calls on platform threads, at most 1 at once,"
            + " p99 0 ns; 0 timeouts, 0 rejections, 3 failures");
  }
}

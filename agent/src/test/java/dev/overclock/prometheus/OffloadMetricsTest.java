package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.offload.Mode;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.offload.OffloadSnapshot;
import dev.overclock.report.Report;
import dev.overclock.report.ReportBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffloadMetricsTest {

  private static final MethodRef STOCK = new MethodRef("com.acme.shop.InventoryClient",
      "stockAsync", "(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;", "annotation");

  private static String text(String offloadFeature) {
    Report sample = ScrapeFixtures.report(List.of());
    Report.Agent agent = new Report.Agent("0.1.0-test", "premain", sample.agent().startedAt(),
        sample.agent().uptimeNanos(), List.of(), Map.of("timing", "on", "offload", offloadFeature));
    OffloadSnapshot stock = new OffloadSnapshot(STOCK, Mode.FUTURE,
        new OffloadSettings(0, 4, -1), "virtual", 40, 3, 4, 9, 2, 5, 1, LatencySummary.EMPTY, 0,
        0, null, null);
    Report report = ReportBuilder.build(Instant.parse("2026-11-22T10:00:13Z"), false,
        sample.run(), agent, sample.health(), List.of(), List.of(), List.of(stock));
    StringBuilder out = new StringBuilder();
    ExpositionFormat.TEXT.write(ScrapeMetrics.families(new Scrape(report, Map.of()), 500,
        Duration.ofMinutes(5)), out);
    return out.toString();
  }

  @Test
  void offloadedMethods_exportInFlightTimeoutsRejectionsAndFailures() {
    String text = text("on, virtual threads");

    String labels = "{class=\"com.acme.shop.InventoryClient\",method=\"stockAsync\"}";
    assertThat(text)
        .contains("# TYPE overclock_offload_in_flight gauge\n")
        .contains("overclock_offload_in_flight" + labels + " 3\n")
        .contains("overclock_offload_timeouts_total" + labels + " 2\n")
        .contains("overclock_offload_rejections_total" + labels + " 5\n")
        .contains("overclock_offload_failures_total" + labels + " 1\n");
  }

  @Test
  void offloadOff_exportsNoOffloadFamilies() {
    assertThat(text("off")).doesNotContain("overclock_offload_");
  }
}

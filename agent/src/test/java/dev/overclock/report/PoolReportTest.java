package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.offload.PoolSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolReportTest {

  private static PoolSnapshot at(String site) {
    return new PoolSnapshot(site, "platform", "why", 2, 2, -1, 0, 0, 0, 0, 0, 2, 2, 2, 0,
        List.of(), PoolSnapshot.Times.NONE, PoolSnapshot.Times.NONE, 0, null,
        PoolSnapshot.Evidence.NONE, false);
  }

  @Test
  void theCreationSite_isTakenApart() {
    PoolReport pool =
        PoolReport.of(at("com.acme.Shop::start line 42 (Executors.newFixedThreadPool)"));
    assertThat(pool.className()).isEqualTo("com.acme.Shop");
    assertThat(pool.methodName()).isEqualTo("start");
    assertThat(pool.line()).isEqualTo(42);
    assertThat(pool.factory()).isEqualTo("Executors.newFixedThreadPool");
    assertThat(pool.where()).isEqualTo("com.acme.Shop::start:42");

    PoolReport noLine = PoolReport.of(at("com.acme.Shop::<init> (new ThreadPoolExecutor)"));
    assertThat(noLine.line()).isEqualTo(-1);
    assertThat(noLine.where()).isEqualTo("com.acme.Shop::<init>");
    assertThat(noLine.factory()).isEqualTo("new ThreadPoolExecutor");
  }

  @Test
  void json_saysWhereHowLargeWhereItRunsAndWhatItsTasksDid() {
    String json = JsonReportWriter.write(ReportFixtures.withPools());

    assertThat(json)
        .contains("\"className\": \"com.acme.shop.OrderService\"", "\"line\": 42",
            "\"factory\": \"Executors.newFixedThreadPool\"",
            "\"configured\": {\n        \"coreSize\": 8,\n        \"maxSize\": 8,\n"
                + "        \"queueCapacity\": null",
            "\"mode\": \"virtual\"", "\"tasks\": 2000", "\"maxRunning\": 182",
            "\"changes\": 7", "\"from\": 121", "\"to\": 182",
            "\"p99\": 52000000", "\"blockedShare\": 0.99", "\"frame\": \"com.acme.shop.Ledger.post:88\"")
        // the pool left alone: no line number in its site, no pinning, nothing sampled
        .contains("\"line\": null", "\"pinning\": null", "\"blockedShare\": null");
  }

  @Test
  void summaryLine_givesTheFiguresAndEndsWithTheReason() {
    List<String> lines = SummaryTable.poolLines(ReportFixtures.withPools());

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("pool com.acme.shop.OrderService::start:42 (Executors.newFixedThreadPool,"
            + " 8 threads): virtual threads, 2000 tasks, at most 182 at once, limit 182 (8 to 182,"
            + " 7 moves), queue wait p50/p95/p99 ")
        .contains(", blocked 99.0% of 4 sampled tasks, pinned 2x at com.acme.shop.Ledger.post:88")
        .endsWith("; blocking: the first 4 tasks spent 1% of their time on a CPU");
    assertThat(lines.get(1)).isEqualTo("pool com.acme.shop.Audit::<init>"
        + " (Executors.newFixedThreadPool, 1 thread): platform threads, 0 tasks;"
        + " runs one task at a time: its order may be relied on");
  }
}

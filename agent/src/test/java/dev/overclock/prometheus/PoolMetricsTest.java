package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.report.ReportFixturesAccess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolMetricsTest {

  private static String text(dev.overclock.report.Report report) {
    StringBuilder out = new StringBuilder();
    ExpositionFormat.TEXT.write(ScrapeMetrics.families(new Scrape(report, Map.of()), 500,
        Duration.ofMinutes(5)), out);
    return out.toString();
  }

  @Test
  void pools_exportTheirTasksModeConcurrencyLimitPinningAndEvidence_bySite() {
    String text = text(ReportFixturesAccess.withPools());

    String site = "class=\"com.acme.shop.OrderService\",method=\"start\",line=\"42\"";
    assertThat(text)
        .contains("# TYPE overclock_pool_tasks_total counter\n")
        .contains("overclock_pool_tasks_total{" + site + ",threads=\"virtual\"} 1996\n")
        .contains("overclock_pool_tasks_total{" + site + ",threads=\"platform\"} 4\n")
        .contains("overclock_pool_virtual{" + site + "} 1\n")
        .contains("overclock_pool_running_tasks{" + site + "} 3\n")
        .contains("overclock_pool_queued_tasks{" + site + "} 5\n")
        .contains("overclock_pool_concurrency_limit{" + site + "} 182\n")
        .contains("overclock_pool_pinned_events_total{" + site + "} 2\n")
        .contains("overclock_pool_blocked_ratio{" + site + "} 0.99\n")
        .contains("overclock_pool_virtual{class=\"com.acme.shop.Audit\",method=\"<init>\","
            + "line=\"\"} 0\n")
        .contains("overclock_pool_blocked_ratio{class=\"com.acme.shop.Audit\",method=\"<init>\","
            + "line=\"\"} NaN\n");
  }

  @Test
  void withoutPools_noPoolFamilies() {
    assertThat(text(ReportFixturesAccess.sample())).doesNotContain("overclock_pool_");
  }
}

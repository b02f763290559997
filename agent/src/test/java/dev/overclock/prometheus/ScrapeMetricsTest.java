package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.report.Report;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScrapeMetricsTest {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private static String text(Scrape scrape, int top) {
    StringBuilder out = new StringBuilder();
    ExpositionFormat.TEXT.write(ScrapeMetrics.families(scrape, top, Duration.ofMinutes(5)), out);
    return out.toString();
  }

  private static Map<String, MetricFamily> byName(List<MetricFamily> families) {
    return families.stream().collect(Collectors.toMap(MetricFamily::name, f -> f));
  }

  @Test
  void names_followPrometheusConventions() {
    List<MetricFamily> families = ScrapeMetrics.families(ScrapeFixtures.sample(), 500,
        Duration.ofMinutes(5));

    assertThat(families).extracting(MetricFamily::name).doesNotHaveDuplicates()
        .allMatch(name -> name.startsWith("overclock"))
        .allMatch(name -> METRIC_NAME.matcher(name).matches())
        // OpenMetrics family names: the writer adds _total and _info
        .noneMatch(name -> name.endsWith("_total") || name.endsWith("_info"));
    for (MetricFamily family : families) {
      assertThat(family.help()).as(family.name()).isNotBlank().doesNotContain("\n");
      if (family.type() == MetricType.COUNTER) {
        assertThat(family.samples()).allMatch(sample -> sample.suffix().equals("_total"));
      }
      for (Sample sample : family.samples()) {
        assertThat(sample.labels()).allMatch(label -> LABEL_NAME.matcher(label.name()).matches());
      }
    }
  }

  @Test
  void perMethodFamilies_haveClassAndMethodLabels_withTheReportsFigures() {
    String text = text(ScrapeFixtures.sample(), 500);

    String quote = "class=\"com.acme.shop.PricingEngine\",method=\"quote\"";
    assertThat(text)
        .contains("overclock_method_calls_total{" + quote + "} 1000\n")
        .contains("overclock_method_errors_total{class=\"com.acme.shop.InventoryClient\","
            + "method=\"fetchStock\"} 12\n")
        .contains("overclock_method_duration_seconds_count{" + quote + "} 1000\n")
        // the sum of every call: 1000 calls of 120 us each
        .contains("overclock_method_duration_seconds_sum{" + quote + "} 0.12\n");
  }

  @Test
  void quantiles_comeFromTheRecentWindow_inSeconds() {
    String text = text(ScrapeFixtures.sample(), 500);

    // recent window of quote: p50 200 us, p90 300 us, p99 400 us, p99.9 600 us
    String quote = "class=\"com.acme.shop.PricingEngine\",method=\"quote\"";
    assertThat(text)
        .contains("overclock_method_duration_seconds{" + quote + ",quantile=\"0.5\"} 2.0e-4\n")
        .contains("overclock_method_duration_seconds{" + quote + ",quantile=\"0.9\"} 3.0e-4\n")
        .contains("overclock_method_duration_seconds{" + quote + ",quantile=\"0.99\"} 4.0e-4\n")
        .contains("overclock_method_duration_seconds{" + quote + ",quantile=\"0.999\"} 6.0e-4\n");
  }

  @Test
  void quantiles_areNaN_withoutCallsInTheWindow() {
    String text = text(ScrapeFixtures.sample(), 500);

    assertThat(text)
        .contains("overclock_method_duration_seconds{class=\"com.acme.shop.InventoryClient\","
            + "method=\"fetchStock\",quantile=\"0.99\"} NaN\n")
        .contains("overclock_method_duration_seconds{class=\"com.acme.Odd$Inner\","
            + "method=\"say \\\"hi\\\"\\\\\\nnow\",quantile=\"0.5\"} NaN\n");
  }

  @Test
  void labelValues_areEscaped() {
    String text = text(ScrapeFixtures.sample(), 500);

    assertThat(text).contains(
        "overclock_method_calls_total{class=\"com.acme.Odd$Inner\",method=\"say \\\"hi\\\"\\\\\\nnow\"} 3\n");
    // every line is one line: the line feed in the method name is escaped
    assertThat(text.lines()).allMatch(line -> line.startsWith("# ") || line.startsWith("overclock"));
  }

  @Test
  void top_boundsTheMethods_byTotalTime_andCountsTheRest() {
    String text = text(ScrapeFixtures.sample(), 1);

    assertThat(text).contains("overclock_prometheus_omitted_methods 2\n")
        .contains("method=\"fetchStock\"")
        .doesNotContain("method=\"quote\"")
        .doesNotContain("Odd$Inner");
    assertThat(text.lines().filter(line -> line.startsWith("overclock_method_")))
        .hasSize(9); // calls, errors, 5 quantiles (p95 added), _sum, _count
    assertThat(text(ScrapeFixtures.sample(), 500)).contains("overclock_prometheus_omitted_methods 0\n");
  }

  @Test
  void overloads_areToldApartByTheirParameters() {
    MethodRef quoteByCode = new MethodRef("com.acme.shop.PricingEngine", "quote", "(I)J", "filter");
    List<MethodSnapshot> snapshots = List.of(
        ScrapeFixtures.snapshot(ScrapeFixtures.QUOTE, 10, 0, 1_000_000L, 100_000),
        ScrapeFixtures.snapshot(quoteByCode, 20, 0, 2_000_000L, 100_000),
        ScrapeFixtures.snapshot(ScrapeFixtures.FETCH, 5, 0, 500_000L, 100_000));
    Scrape scrape = new Scrape(ScrapeFixtures.report(snapshots), Map.of());

    String text = text(scrape, 500);

    assertThat(text)
        .contains("overclock_method_calls_total{class=\"com.acme.shop.PricingEngine\","
            + "method=\"quote\",parameters=\"(String, int, String)\"} 10\n")
        .contains("overclock_method_calls_total{class=\"com.acme.shop.PricingEngine\","
            + "method=\"quote\",parameters=\"(int)\"} 20\n")
        .contains("overclock_method_calls_total{class=\"com.acme.shop.InventoryClient\","
            + "method=\"fetchStock\"} 5\n");
  }

  @Test
  void agentFamilies_carryTheReportsHealthAndInfo() {
    String text = text(ScrapeFixtures.sample(), 500);

    assertThat(text)
        .contains("overclock_info{version=\"0.1.0-test\",mode=\"premain\",java_version=\"17.0.15\","
            + "jvm_name=\"OpenJDK 64-Bit Server VM\",jvm_vendor=\"Debian\"} 1\n")
        .contains("overclock_agent_start_time_seconds 1.79534160125e9\n")
        .contains("overclock_instrumented_methods 3\n")
        .contains("overclock_instrumented_classes_total 7\n")
        .contains("overclock_suppressed_advice_errors_total 1\n")
        .contains("overclock_failed_classes_total 2\n")
        .contains("overclock_report_write_errors_total 3\n")
        .contains("overclock_dropped_calls_total 4\n")
        .contains("overclock_configuration_problems 1\n")
        .contains("overclock_overhead_ratio{kind=\"run\"} 0.004\n")
        .contains("overclock_overhead_ratio{kind=\"last\"} 0.02\n")
        .contains("overclock_overhead_budget_ratio 0.01\n")
        .contains("overclock_shed_steps 1\n")
        .doesNotContain("overclock_agent_jit_seconds"); // not measured in the sample
  }

  @Test
  void theJitsWorkOnTheAgentsCode_isACounterInSeconds_whereTheStreamMeasuredIt() {
    Report r = ScrapeFixtures.sample().report();
    Report.Health h = r.health();
    Report measured = new Report(r.schemaVersion(), r.generatedAt(), r.complete(), r.run(),
        r.agent(), new Report.Health(h.instrumentedMethods(), h.instrumentedClasses(),
            h.suppressedAdviceErrors(), h.failedClasses(), h.reportWriteErrors(),
            h.droppedCalls(), h.problems(), h.overhead().withAgentJitNanos(1_250_000_000L)),
        r.totals(), r.methods(), r.recommendations(), r.memoized(), r.offloaded(), r.jvm(),
        r.analysis(), r.pools(), r.optimizations());

    assertThat(text(new Scrape(measured, Map.of()), 500))
        .contains("# TYPE overclock_agent_jit_seconds_total counter\n")
        .contains("overclock_agent_jit_seconds_total 1.25\n");
  }

  @Test
  void methodsNeverCalled_areExportedAsZero() {
    Scrape scrape = new Scrape(ScrapeFixtures.report(List.of(new MethodSnapshot(
        ScrapeFixtures.QUOTE, 0, 0, 0, LatencySummary.EMPTY, LatencySummary.EMPTY, 0,
        dev.overclock.metrics.CpuSample.NONE))), Map.of());

    assertThat(text(scrape, 500))
        .contains("overclock_method_calls_total{class=\"com.acme.shop.PricingEngine\",method=\"quote\"} 0\n")
        .contains("overclock_method_duration_seconds_sum{class=\"com.acme.shop.PricingEngine\","
            + "method=\"quote\"} 0.0\n");
  }

  @Test
  void summaryHelp_saysWhatTheQuantilesCover() {
    MetricFamily duration = byName(ScrapeMetrics.families(ScrapeFixtures.sample(), 500,
        Duration.ofMinutes(2))).get("overclock_method_duration_seconds");

    assertThat(duration.help()).contains("last 2m");
    assertThat(duration.unit()).isEqualTo("seconds");
  }

  @Test
  void memoizedMethods_exportTheirCaches_perMethod() {
    String text = text(ScrapeFixtures.withMemoAndJvm(), 500);

    String quote = "class=\"com.acme.shop.PricingEngine\",method=\"quote\"";
    assertThat(text)
        .contains("# TYPE overclock_memo_hits_total counter\n")
        .contains("overclock_memo_hits_total{" + quote + "} 900\n")
        .contains("overclock_memo_misses_total{" + quote + "} 100\n")
        .contains("overclock_memo_evictions_total{" + quote + "} 3\n")
        .contains("# TYPE overclock_memo_entries gauge\n")
        .contains("overclock_memo_entries{" + quote + "} 97\n");
  }

  @Test
  void jvmFigures_comeFromTheJfrSection_inBaseUnits() {
    String text = text(ScrapeFixtures.withMemoAndJvm(), 500);

    assertThat(text)
        .contains("# TYPE overclock_jvm_gc_pause_seconds summary\n")
        .contains("overclock_jvm_gc_pause_seconds_count 2\n")
        .contains("overclock_jvm_gc_pause_seconds_sum 0.008\n")
        // quantiles from the pause histogram, within 1%
        .containsPattern("overclock_jvm_gc_pause_seconds\\{quantile=\"0.99\"} 0\\.006\\d*\n")
        .contains("# TYPE overclock_jvm_allocated_bytes_total counter\n")
        .contains("overclock_jvm_allocated_bytes_total 4194304\n")
        .contains("# TYPE overclock_jvm_cpu_ratio gauge\n")
        // the latest CPU load, not the average
        .contains("overclock_jvm_cpu_ratio{kind=\"process\"} 0.25\n")
        .contains("overclock_jvm_cpu_ratio{kind=\"machine\"} 0.5\n")
        .contains("overclock_auto_instrumented_methods 1\n");
  }

  @Test
  void jvmAndMemoFamilies_followTheConventions_andCarryUnitsInOpenMetrics() {
    List<MetricFamily> families = ScrapeMetrics.families(ScrapeFixtures.withMemoAndJvm(), 500,
        Duration.ofMinutes(5));
    Map<String, MetricFamily> named = byName(families);

    assertThat(named.get("overclock_jvm_gc_pause_seconds").unit()).isEqualTo("seconds");
    assertThat(named.get("overclock_jvm_allocated_bytes").unit()).isEqualTo("bytes");
    assertThat(named.get("overclock_jvm_cpu_ratio").unit()).isEqualTo("ratio");
    for (MetricFamily family : families) {
      assertThat(family.name()).matches(METRIC_NAME).doesNotEndWith("_total");
      if (!family.unit().isEmpty()) {
        assertThat(family.name()).endsWith("_" + family.unit());
      }
      if (family.type() == MetricType.COUNTER) {
        assertThat(family.samples()).allMatch(sample -> sample.suffix().equals("_total"));
      }
    }
    StringBuilder open = new StringBuilder();
    ExpositionFormat.OPENMETRICS.write(families, open);
    assertThat(open.toString()).contains("# UNIT overclock_jvm_allocated_bytes bytes\n")
        .contains("overclock_jvm_allocated_bytes_total 4194304\n");
  }

  @Test
  void withoutTheJfrStream_thereAreNoJvmSeries_andNoMemoSeriesWithoutMemoization() {
    String text = text(ScrapeFixtures.sample(), 500);

    assertThat(text).doesNotContain("overclock_jvm_").doesNotContain("overclock_memo_")
        .contains("overclock_auto_instrumented_methods 0\n");
  }
}

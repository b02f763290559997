package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.report.OptimizationReport;
import dev.overclock.report.Report;
import dev.overclock.report.ReportBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counters of the changes {@code auto=optimize} made on its own. */
class OptimizeMetricsTest {

  private static final Instant AT = Instant.parse("2026-11-22T10:00:13Z");

  private static String text(String memoFeature, List<OptimizationReport> changes) {
    return text(Map.of("timing", "on", "memoization", memoFeature), changes);
  }

  private static String text(Map<String, String> features, List<OptimizationReport> changes) {
    Report sample = ScrapeFixtures.report(List.of());
    Report.Agent agent = new Report.Agent("0.1.0-test", "premain", sample.agent().startedAt(),
        sample.agent().uptimeNanos(), List.of(), features);
    Report report = ReportBuilder.build(AT, false, sample.run(), agent, sample.health(),
        List.of(), List.of(), List.of()).withOptimizations(changes);
    StringBuilder out = new StringBuilder();
    ExpositionFormat.TEXT.write(ScrapeMetrics.families(new Scrape(report, Map.of()), 500,
        Duration.ofMinutes(5)), out);
    return out.toString();
  }

  private static OptimizationReport change(String method, String state, long checks,
      String undoneBecause) {
    return new OptimizationReport("a.B::" + method + "(I)J", "a.B::" + method, "memoize", state,
        "...", null, AT, 0.9, -1, -1, 100, checks, null, undoneBecause);
  }

  @Test
  void changes_areCountedAppliedVerifiedMismatchedAndUndoneByReason() {
    String text = text("on; memoization on evidence: 1 verifying, 1 applied, 3 undone, 1 refused"
        + " (auto=optimize)", List.of(
            change("a", "applied", 40, null),
            change("b", "verifying", 32, null),
            change("c", "undone", 33, "mismatch"),
            change("d", "undone", 80, "no-gain"),
            change("e", "undone", 12, "arguments-changed"),
            change("f", "refused", 0, null)));

    assertThat(text)
        .contains("# TYPE overclock_optimize_applied_total counter\n")
        .contains("overclock_optimize_applied_total{change=\"memoize\"} 5\n")
        .contains("overclock_optimize_verified_calls_total{change=\"memoize\"} 197\n")
        .contains("overclock_optimize_mismatches_total{change=\"memoize\"} 2\n")
        .contains("overclock_optimize_undone_total{change=\"memoize\",reason=\"mismatch\"} 1\n")
        .contains("overclock_optimize_undone_total{change=\"memoize\",reason=\"no-gain\"} 1\n")
        .contains("overclock_optimize_undone_total{change=\"memoize\",reason=\"slower\"} 0\n")
        .contains("overclock_optimize_undone_total{change=\"memoize\","
            + "reason=\"arguments-changed\"} 1\n")
        .contains("overclock_optimize_active{change=\"memoize\",state=\"verifying\"} 1\n")
        .contains("overclock_optimize_active{change=\"memoize\",state=\"applied\"} 1\n");
  }

  @Test
  void autoOptimizeRunningWithNoChangeYet_exportsZeros_andWithoutItNothing() {
    assertThat(text("on; memoization on evidence: 0 verifying, 0 applied, 0 undone, 0 refused"
        + " (auto=optimize)", List.of()))
        .contains("overclock_optimize_applied_total{change=\"memoize\"} 0\n")
        .contains("overclock_optimize_undone_total{change=\"memoize\","
            + "reason=\"never-served\"} 0\n");
    assertThat(text("on", List.of())).doesNotContain("overclock_optimize_");
  }

  private static OptimizationReport poolMove(String site, String state, String undoneBecause) {
    return new OptimizationReport(site, "a.Shop::start", "pool", state, "blocking: ...", null, AT,
        0, 2_000_000, 1_000_000, 0, 0, null, undoneBecause,
        new OptimizationReport.Pool("a.Shop::start:42", "Executors.newFixedThreadPool", 8, AT,
            100, 250, 2.5, "applied".equals(state) ? "proven" : "refuted"));
  }

  @Test
  void poolMoves_areCountedBesideMemoizations_whenPoolsMoveOnEvidence() {
    String text = text(Map.of("timing", "on",
        "memoization", "on; memoization on evidence: 0 verifying, 1 applied (auto=optimize)",
        "offload.executors", "virtual on evidence (auto=optimize), 3 pools"), List.of(
            change("a", "applied", 40, null),
            poolMove("a.Shop::start:42", "applied", null),
            poolMove("a.Shop::start:43", "applied", null),
            poolMove("a.Shop::start:44", "undone", "no-gain")));

    assertThat(text)
        .contains("overclock_optimize_applied_total{change=\"memoize\"} 1\n")
        .contains("overclock_optimize_applied_total{change=\"pool\"} 3\n")
        .contains("overclock_optimize_undone_total{change=\"pool\",reason=\"no-gain\"} 1\n")
        .contains("overclock_optimize_undone_total{change=\"pool\",reason=\"pinned\"} 0\n")
        .contains("overclock_optimize_active{change=\"pool\",state=\"applied\"} 2\n")
        .contains("overclock_optimize_active{change=\"memoize\",state=\"applied\"} 1\n")
        .doesNotContain("overclock_optimize_verified_calls_total{change=\"pool\"}");
  }

  @Test
  void poolsOnEvidenceAlone_exportPoolZeros_andNoMemoizeSeries() {
    String text = text(Map.of("timing", "on", "memoization", "on",
        "offload.executors", "virtual on evidence (auto=optimize), 0 pools"), List.of());

    assertThat(text)
        .contains("overclock_optimize_applied_total{change=\"pool\"} 0\n")
        .contains("overclock_optimize_undone_total{change=\"pool\",reason=\"detached\"} 0\n")
        .doesNotContain("change=\"memoize\"")
        .doesNotContain("overclock_optimize_verified_calls");
  }
}

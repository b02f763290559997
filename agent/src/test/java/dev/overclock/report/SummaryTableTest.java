package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

  @Test
  void listsTheTopMethodsByThreadTime_besideTheRunsWallTime_withAlignedColumns() {
    String table = SummaryTable.render(ReportFixtures.sample(), 2);

    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).isEqualTo(
        "top 2 of 3 timed methods by thread time (summed over threads) in a 12.0 s run");
    assertThat(lines.get(1)).startsWith("method").contains("calls", "errors", "p50", "p99", "max", "thread", "share");
    assertThat(lines.get(2)).startsWith("com.acme.shop.InventoryClient::fetchStock").contains("500", "12", "1.10 s", "90.2%");
    assertThat(lines.get(3)).startsWith("com.acme.shop.PricingEngine::quote").contains("120 ms");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2).length()).isEqualTo(lines.get(1).length());
  }

  @Test
  void noMethods_saysSo() {
    assertThat(SummaryTable.render(ReportFixtures.withMethods(List.of()), 10))
        .isEqualTo("no timed method was called");
  }

  @Test
  void memoLines_sayWhatEachMemoizedMethodDid() {
    assertThat(SummaryTable.memoLines(ReportFixtures.sample())).containsExactly(
        "memoized com.acme.shop.PricingEngine::quote: 1000 calls, 91.0% found cached (900 hits,"
            + " 10 verified), 90 misses, saved ~90.0 ms",
        "memoization of com.acme.Clock::now stopped (unsafe): arguments (): cached 1, computed"
            + " again 2",
        "not memoized com.acme.Log::write: it returns void");
  }

  @Test
  void overheadLine_givesTheMeasuredShare_theBudget_andWhatWasShedAndWhen() {
    String line = SummaryTable.overheadLine(ReportFixtures.full());

    assertThat(line).isEqualTo("overhead 0.42% of the application's CPU over 11 periods (last"
        + " 0.31%, worst 1.24%), budget 1.00%; shed: none (1 steps shed, 1 taken back; first"
        + " argument sampling at 2026-11-22T10:00:04Z)");
  }

  @Test
  void overheadLine_underAutoOptimize_namesWhatIsNeverShed() {
    Report full = ReportFixtures.full();
    Report.Overhead o = full.health().overhead();
    Report.Overhead kept = new Report.Overhead(o.budget(), o.overhead(), o.lastPeriod(),
        o.worstPeriod(), o.periods(), o.agentThreadsCpuNanos(), o.adviceNanos(),
        o.applicationCpuNanos(), o.clockedCallNanos(), o.unclockedCallNanos(),
        o.startCpuNanos(), List.of("clock rate of sampled methods"), List.of(), List.of(
            new Report.KeptStep("argument sampling", "auto=optimize decides from it"),
            new Report.KeptStep("least valuable automatically timed methods", "it times")));

    String line = SummaryTable.overheadLine(ReportFixtures.withOverhead(kept));

    assertThat(line).endsWith("budget 1.00%; shed: clock rate of sampled methods; never shed"
        + " (auto=optimize, bounded): argument sampling, least valuable automatically timed"
        + " methods");
  }

  @Test
  void overheadLine_namesTheCollectorsWorkForTheAgent_whereItWasMeasured() {
    Report.Overhead o = ReportFixtures.full().health().overhead();
    Report.Overhead gc = new Report.Overhead(o.budget(), o.overhead(), o.lastPeriod(),
        o.worstPeriod(), o.periods(), o.agentThreadsCpuNanos(), o.adviceNanos(),
        o.applicationCpuNanos(), o.clockedCallNanos(), o.unclockedCallNanos(),
        o.startCpuNanos(), List.of(), List.of(), List.of(), o.applicationCpuNanos() / 2_000);

    assertThat(SummaryTable.overheadLine(ReportFixtures.withOverhead(gc))).isEqualTo(
        "overhead 0.42% of the application's CPU over 11 periods (last 0.31%, worst 1.24%), of"
            + " which garbage collection for the agent 0.050%, budget 1.00%; shed: none");
  }

  @Test
  void overheadLine_namesTheJitsWorkOnTheAgentsCode_besideTheGovernedShare() {
    Report.Overhead o = ReportFixtures.full().health().overhead().withAgentJitNanos(950_000_000L);

    assertThat(SummaryTable.overheadLine(ReportFixtures.withOverhead(o))).isEqualTo(
        "overhead 0.42% of the application's CPU over 11 periods (last 0.31%, worst 1.24%),"
            + " budget 1.00%; shed: none (1 steps shed, 1 taken back; first argument sampling at"
            + " 2026-11-22T10:00:04Z); the JIT compiled the agent's code for 950 ms (not counted:"
            + " a one-off)");
  }

  @Test
  void overheadLine_isAbsentWhereNobodyMeasured() {
    assertThat(SummaryTable.overheadLine(ReportFixtures.withMethods(List.of()))).isNull();
  }
}

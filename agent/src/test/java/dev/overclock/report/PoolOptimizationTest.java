package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.analyze.ConfigOut;
import dev.overclock.offload.PoolMove;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A thread pool {@code auto=optimize} moved to virtual threads, as the report's {@code
 * optimizations[]} shows it: in the memoizations' shape where it fits, with a {@code pool} object
 * of its own; in report.json, report.html's data, the status/exit line and optimize.properties.
 */
class PoolOptimizationTest {

  private static final String SITE =
      "com.acme.Orders::start line 42 (Executors.newFixedThreadPool)";
  private static final Instant MOVED = Instant.parse("2026-12-04T11:00:00Z");
  private static final Instant AT = Instant.parse("2026-12-04T11:00:03Z");

  static PoolMove paid() {
    return new PoolMove(SITE, 8, MOVED, AT, "applied", "moved to virtual threads: blocking: the"
        + " first 4 tasks waited; paid: 400 tasks/s on virtual threads against 160 on platform"
        + " threads before the move (2.50x)", null, "proven", null, 160, 400, 10.1e6, 10.4e6);
  }

  static PoolMove movedBack() {
    return new PoolMove(SITE, 4, MOVED, AT, "undone", "moved back: virtual threads did not pay"
        + " (20 tasks/s on virtual threads against 20 on platform threads before the move"
        + " (1.00x)); new tasks run on platform threads", null, "refuted", "no-gain", 20, 20,
        50e6, 50.2e6);
  }

  @Test
  void aPoolMove_isAnEntryOfItsOwnKind_inTheMemoizationsShape() {
    OptimizationReport entry = OptimizationReport.of(paid());

    assertThat(entry.change()).isEqualTo("pool");
    assertThat(entry.key()).isEqualTo(SITE); // joins pools[].site
    assertThat(entry.name()).isEqualTo("com.acme.Orders::start");
    assertThat(entry.state()).isEqualTo("applied");
    assertThat(entry.at()).isEqualTo(AT);
    assertThat(entry.perCallNanosBefore()).isEqualTo(10.1e6);
    assertThat(entry.perCallNanosAfter()).isEqualTo(10.4e6);
    assertThat(entry.gain()).isNull();
    assertThat(entry.pool()).isEqualTo(new OptimizationReport.Pool("com.acme.Orders::start:42",
        "Executors.newFixedThreadPool", 8, MOVED, 160, 400, 2.5, "proven"));
    assertThat(entry.proven()).isTrue();
    assertThat(OptimizationReport.of(movedBack()).proven()).isFalse();
  }

  @Test
  void json_ofAPoolEntry() {
    String json = JsonReportWriter.write(ReportFixtures.sample()
        .withOptimizations(List.of(OptimizationReport.of(paid()))), /* pretty= */ false);

    assertThat(json).contains("\"optimizations\":[{"
        + "\"key\":\"com.acme.Orders::start line 42 (Executors.newFixedThreadPool)\","
        + "\"name\":\"com.acme.Orders::start\",\"change\":\"pool\",\"state\":\"applied\","
        + "\"reason\":\"moved to virtual threads: blocking: the first 4 tasks waited; paid: 400"
        + " tasks/s on virtual threads against 160 on platform threads before the move (2.50x)\","
        + "\"evidence\":null,\"at\":\"2026-12-04T11:00:03Z\",\"repeatRate\":0,"
        + "\"perCallNanosBefore\":10100000,\"perCallNanosAfter\":10400000,\"hits\":0,"
        + "\"verifyChecks\":0,\"gain\":null,\"undoneBecause\":null,"
        + "\"pool\":{\"where\":\"com.acme.Orders::start:42\","
        + "\"factory\":\"Executors.newFixedThreadPool\",\"size\":8,"
        + "\"movedAt\":\"2026-12-04T11:00:00Z\",\"platformPerSecond\":160,"
        + "\"virtualPerSecond\":400,\"gain\":2.5,\"verdict\":\"proven\"}}]");
  }

  @Test
  void json_ofAMoveBack_andOfAMoveStillMeasured() {
    PoolMove waiting = new PoolMove(SITE, 8, MOVED, MOVED, "applied", "moved to virtual threads:"
        + " blocking", null, "waiting", null, 160, -1, 10.1e6, -1);
    String json = JsonReportWriter.write(ReportFixtures.sample().withOptimizations(List.of(
        OptimizationReport.of(movedBack()), OptimizationReport.of(waiting))), false);

    assertThat(json).contains("\"state\":\"undone\",\"reason\":\"moved back: virtual threads did"
            + " not pay (",
        "\"undoneBecause\":\"no-gain\",\"pool\":{", "\"gain\":1,\"verdict\":\"refuted\"}",
        "\"perCallNanosAfter\":null", "\"virtualPerSecond\":null,\"gain\":null,"
            + "\"verdict\":\"waiting\"}");
    // a memoization's entry says it has no pool
    assertThat(JsonReportWriter.write(ReportFixtures.sample().withOptimizations(List.of(
        new OptimizationReport("a.B::c(I)J", "a.B::c", "memoize", "refused", "purity gate: ...",
            null, AT, 0.7, -1, -1, 0, 0, null, null))), false))
        .contains("\"undoneBecause\":null,\"pool\":null}");
  }

  @Test
  void html_carriesTheEntry_andDrawsPoolRowsOfTheirOwn() {
    String html = HtmlReportWriter.write(ReportFixtures.sample()
        .withOptimizations(List.of(OptimizationReport.of(paid()))));

    // the page draws itself from the report's JSON, embedded as is
    assertThat(html).contains("\"change\":\"pool\"", "\"verdict\":\"proven\"",
        "\"where\":\"com.acme.Orders::start:42\"");
    // and its Automatic optimization table has a pool's own cells: where, rate gain, verdict
    assertThat(html).contains("'data-change': str(c.change)", "function poolGainCell(p)",
        "str(c.change) === 'pool' ? obj(c.pool) : null", "POOL_OPT_TIPS[state]");
  }

  @Test
  void statusAndExitLine_ofAPoolEntry() {
    Report report = ReportFixtures.sample().withOptimizations(List.of(
        OptimizationReport.of(paid()), OptimizationReport.of(movedBack())));

    List<String> lines = SummaryTable.optimizationLines(report);

    assertThat(lines).containsExactly(
        "auto=optimize pool com.acme.Orders::start:42 (Executors.newFixedThreadPool, 8 threads):"
            + " applied, gain proven 2.50x (400 tasks/s on virtual threads, 160 before); moved to"
            + " virtual threads: blocking: the first 4 tasks waited; paid: 400 tasks/s on virtual"
            + " threads against 160 on platform threads before the move (2.50x); proven: make it"
            + " permanent with offload.executors=virtual (optimize.properties beside the report;"
            + " no option moves one pool only: it moves every pool whose tasks wait)",
        "auto=optimize pool com.acme.Orders::start:42 (Executors.newFixedThreadPool, 4 threads):"
            + " undone, gain refuted 1.00x (20 tasks/s on virtual threads, 20 before); moved back:"
            + " virtual threads did not pay (20 tasks/s on virtual threads against 20 on platform"
            + " threads before the move (1.00x)); new tasks run on platform threads");
  }

  @Test
  void status_listsThePoolMove_besideTheMemoizations() {
    Report report = ReportFixtures.sample().withOptimizations(List.of(
        new OptimizationReport("a.B::c(I)J", "a.B::c", "memoize", "refused", "purity gate: ...",
            null, AT, 0.7, -1, -1, 0, 0, null, null),
        OptimizationReport.of(movedBack())));

    java.util.Map<String, String> facts =
        dev.overclock.control.StatusMessage.of(report, "/tmp/r").facts();

    assertThat(facts.get(dev.overclock.control.StatusMessage.OPTIMIZATION + 1))
        .startsWith("auto=optimize memoize a.B::c: refused");
    assertThat(facts.get(dev.overclock.control.StatusMessage.OPTIMIZATION + 2))
        .startsWith("auto=optimize pool com.acme.Orders::start:42 (Executors.newFixedThreadPool,"
            + " 4 threads): undone, gain refuted 1.00x");
  }

  @Test
  void aProvenMove_becomesTheExecutorsLine_withItsFigures_andAnUndoneOneDoesNot() {
    Report report = ReportFixtures.sample().withOptimizations(List.of(
        OptimizationReport.of(paid())));

    String properties = PermanentChanges.properties(report);

    assertThat(properties).endsWith("\n# com.acme.Orders::start:42 (Executors.newFixedThreadPool):"
        + " moved to virtual threads: blocking: the first 4 tasks waited; paid: 400 tasks/s on"
        + " virtual threads against 160 on platform threads before the move (2.50x)\n"
        + "offload.executors=virtual\n");
    assertThat(properties).doesNotContain("memoize=");
    assertThat(ConfigOut.write(report, Path.of("run.jfr")))
        .contains("\noffload.executors=virtual\n");
    assertThat(PermanentChanges.properties(ReportFixtures.sample().withOptimizations(List.of(
        OptimizationReport.of(movedBack()))))).isEmpty();
  }
}

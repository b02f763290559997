package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.analyze.ConfigOut;
import dev.overclock.offload.PoolSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only a memoization applied, verified and proved faster becomes a {@code memoize=} line; an
 * undone, waiting, refused or badly named one never does.
 */
class PermanentChangesTest {

  private static final Instant AT = Instant.parse("2026-03-02T10:15:31Z");
  private static final OptimizationReport.Gain PROVEN =
      new OptimizationReport.Gain(1_000, 9_000, 805_000, 3_900, 1e-30, "proven");

  private static OptimizationReport change(String name, String state,
      OptimizationReport.Gain gain, String undoneBecause) {
    return new OptimizationReport(name + "(I)J", name, "memoize", state, "...", null, AT, 0.9,
        805_000, 4_100, 48_210, 512, gain, undoneBecause);
  }

  private static Report report(OptimizationReport... changes) {
    return ReportFixtures.sample().withOptimizations(List.of(changes));
  }

  @Test
  void provenChange_becomesAMemoizeLine_andNoOtherDoes() {
    Report report = report(
        change("com.acme.Catalog::price", "applied", PROVEN, null),
        change("com.acme.Catalog::waiting", "applied",
            new OptimizationReport.Gain(100, 50, 805_000, 780_000, 0.2, "waiting"), null),
        change("com.acme.Catalog::verifying", "verifying", null, null),
        change("com.acme.Catalog::undone", "undone", PROVEN, "mismatch"),
        change("com.acme.Catalog::slow", "undone",
            new OptimizationReport.Gain(100, 500, 805_000, 900_000, 0.999, "refuted"), "slower"),
        change("com.acme.Catalog::stamp", "refused", null, null),
        change("com.acme.Evil::x\nprometheus.host=0.0.0.0", "applied", PROVEN, null));

    String properties = PermanentChanges.properties(report);

    assertThat(properties).contains("\nmemoize=com.acme.Catalog::price\n")
        .contains("# com.acme.Catalog::price: median 805 us without the cache, 3.90 us with it")
        .doesNotContain("waiting").doesNotContain("verifying").doesNotContain("undone")
        .doesNotContain("slow").doesNotContain("stamp").doesNotContain("Evil")
        .doesNotContain("prometheus.host");
    assertThat(ConfigOut.write(report, Path.of("run.jfr")))
        .contains("\nmemoize=com.acme.Catalog::price\n");
    assertThat(SummaryTable.optimizationLines(report).get(0))
        .endsWith("; proven: make it permanent with @Memoize on it, or"
            + " memoize=com.acme.Catalog::price (optimize.properties beside the report)");
    assertThat(SummaryTable.optimizationLines(report).get(3)).doesNotContain("permanent");
  }

  @Test
  void noProvenChange_noLines() {
    Report report = report(change("com.acme.Catalog::undone", "undone", PROVEN, "no-gain"));

    assertThat(PermanentChanges.properties(report)).isEmpty();
    assertThat(ConfigOut.write(report, Path.of("run.jfr"))).doesNotContain("memoize=");
  }

  @Test
  void liveReport_writesTheFileWhileAChangeIsProven_andRemovesItWhenTheChangeIsUndone(
      @TempDir Path dir) throws Exception {
    AtomicReference<Report> now = new AtomicReference<>(
        report(change("com.acme.Catalog::price", "verifying", null, null)));
    Reporter reporter = new Reporter(complete -> now.get(), dir, Duration.ZERO);
    Path file = dir.resolve(PermanentChanges.FILE);

    reporter.writeNow();
    assertThat(file).doesNotExist();

    now.set(report(change("com.acme.Catalog::price", "applied", PROVEN, null)));
    reporter.writeNow();
    assertThat(Files.readString(file)).contains("memoize=com.acme.Catalog::price\n");

    now.set(report(change("com.acme.Catalog::price", "undone", PROVEN, "mismatch")));
    reporter.writeNow();
    assertThat(file).doesNotExist();
  }

  private static PoolReport pool(String method, String mode, String reason, boolean paid) {
    return PoolReport.of(new PoolSnapshot("com.acme.Store::" + method
        + " line 12 (Executors.newFixedThreadPool)", mode, reason, 2, 2, -1, 400, 4, 0, 9, 0, 9,
        2, 9, 3, List.of(), PoolSnapshot.Times.NONE, PoolSnapshot.Times.NONE, 0, null,
        PoolSnapshot.Evidence.NONE, paid));
  }

  @Test
  void poolWhoseMovePaid_becomesTheExecutorsLine_andNoOtherPoolDoes() {
    Report moved = ReportFixtures.sample().withPools(List.of(
        pool("downstream", "virtual", "blocking: the first 4 tasks waited", true),
        pool("audit", "platform", "moved back: virtual threads did not pay (1.0x)", false),
        pool("checking", "virtual", "blocking: the first 4 tasks waited", false)));

    String properties = PermanentChanges.properties(moved);

    assertThat(properties).endsWith("\noffload.executors=virtual\n")
        .contains("# com.acme.Store::downstream:12 (Executors.newFixedThreadPool): blocking:")
        .doesNotContain("audit").doesNotContain("checking").doesNotContain("memoize=");
    assertThat(PermanentChanges.properties(ReportFixtures.sample().withPools(List.of(
        pool("audit", "platform", "moved back", false))))).isEmpty();
    assertThat(PermanentChanges.properties(moved.withOptimizations(List.of(
        change("com.acme.Catalog::price", "applied", PROVEN, null)))))
        .contains("\nmemoize=com.acme.Catalog::price\n", "\noffload.executors=virtual\n");
  }
}

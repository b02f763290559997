package dev.overclock.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.overclock.benchmarks.overhead.OverheadSummary.Interval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class OverheadSummaryTest {

  @Test
  void medianIntervalIsTheRangeBelowSixValuesWithItsTrueCoverage() {
    Interval interval = Interval.of(new double[] {5, 1, 4, 2, 3});

    assertThat(interval.median()).isEqualTo(3);
    assertThat(interval.low()).isEqualTo(1);
    assertThat(interval.high()).isEqualTo(5);
    assertThat(Interval.coverage(5, 1)).isCloseTo(1 - 2 / 32.0, within(1e-12));
  }

  @Test
  void medianIntervalNarrowsOnlyWhileItsCoverageStaysAtLeast95Percent() {
    // n = 10: [x(2), x(9)] covers 1 - 2 * 11/1024 = 97.9%; [x(3), x(8)] only 89.1%.
    assertThat(Interval.depth(10)).isEqualTo(2);
    assertThat(Interval.coverage(10, 2)).isCloseTo(1 - 2 * 11 / 1024.0, within(1e-12));
    assertThat(Interval.coverage(10, 3)).isLessThan(0.95);
    Interval interval = Interval.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
    assertThat(interval.median()).isEqualTo(5.5);
    assertThat(interval.low()).isEqualTo(2);
    assertThat(interval.high()).isEqualTo(9);
  }

  @Test
  void ratiosArePerRoundAndMarkedUnresolvedWhenTheIntervalIncludesOne() {
    List<String> lines = new ArrayList<>(List.of("config name=none label=no agent",
        "config name=slow label=a slow tool", "config name=noisy label=a noisy tool",
        "config name=broken label=a broken tool",
        "unavailable config=broken reason=the JVM does not start with it: no library"));
    // A machine that gets slower round after round: per-round ratios stay exact.
    double[] machine = {1.0, 0.8, 0.6, 0.9, 0.7};
    double[] noisy = {0.97, 1.02, 0.99, 1.04, 0.98};
    for (int round = 1; round <= 5; round++) {
      double speed = machine[round - 1];
      lines.add(run(round, "none", 1000 * speed));
      lines.add(run(round, "slow", 900 * speed));
      lines.add(run(round, "noisy", 1000 * speed * noisy[round - 1]));
    }

    String table = OverheadSummary.parse(lines, List.of(), Path.of("absent")).render();

    assertThat(table).contains("| w | a slow tool | 5/5 | ×0.900 [0.900, 0.900] |")
        .contains("| w | a noisy tool | 5/5 | ×0.990 [0.970, 1.040] ≈ |")
        .contains("| w | a broken tool | unavailable: the JVM does not start with it: no library |")
        .contains("n = 5: k = 1, coverage 93.8%")
        .contains("Checksums: equal");
  }

  @Test
  void theJitAndCollectorShareOfTheCpuIsShownWhereTheRunsMeasuredIt() {
    String withThreads = " ops=1000 cpu_ms=300.0 jit_cpu_ms=40.0 gc_cpu_ms=10.0";
    List<String> lines = List.of("config name=none label=no agent",
        "config name=tool label=a tool",
        run(1, "none", 100), run(1, "tool", 100) + withThreads,
        run(2, "none", 100), run(2, "tool", 100) + withThreads.replace("=40.0", "=60.0"));

    String table = OverheadSummary.parse(lines, List.of(), Path.of("absent")).render();

    // per operation: JIT 40 and 60 us (median 50), GC 10 us, the rest 300 - 50 - 10
    assertThat(table).contains("| workload | configuration | JIT | GC | the rest |")
        .contains("| w | a tool | 50.0 µs [40.0 µs, 60.0 µs] | 10.0 µs [10.0 µs, 10.0 µs]"
            + " | 240.0 µs [230.0 µs, 250.0 µs] |")
        .doesNotContain("| w | no agent | 50.0");
    assertThat(OverheadSummary.parse(List.of("config name=none label=no agent",
        run(1, "none", 100)), List.of(), Path.of("absent")).render())
        .doesNotContain("Where the CPU per operation went");
  }

  @Test
  void twoVariantsOfOverclock_areComparedRoundByRound_andNoneAloneShowsNoSuchTable() {
    List<String> lines = new ArrayList<>(List.of("config name=none label=no agent",
        "config name=overclock-main label=Overclock main",
        "config name=overclock-new label=Overclock new"));
    // the machine drifts by round; the new build is 5% faster than main in every round but the
    // third, and its JIT work is half of main's
    double[] machine = {1.0, 0.8, 0.6, 0.9, 0.7, 0.85};
    for (int round = 1; round <= 6; round++) {
      double speed = machine[round - 1];
      double gain = round == 3 ? 0.98 : 1.05;
      lines.add(run(round, "none", 1000 * speed));
      lines.add(run(round, "overclock-main", 900 * speed) + " ops=1000 cpu_ms=300.0"
          + " jit_cpu_ms=40.0 gc_cpu_ms=10.0");
      lines.add(run(round, "overclock-new", 900 * speed * gain) + " ops=1000 cpu_ms=300.0"
          + " jit_cpu_ms=20.0 gc_cpu_ms=10.0");
    }

    String table = OverheadSummary.parse(lines, List.of(), Path.of("absent")).render();

    assertThat(table).contains("Variants side by side: each ÷ Overclock main")
        .contains("| w | Overclock new | 6 | ×1.050 [0.980, 1.050] ≈ (lower in 1 of 6) |"
            + " ×1.000 [1.000, 1.000] ≈ (lower in 0 of 6) |")
        .contains("| ×0.500 [0.500, 0.500] (lower in 6 of 6) |");
    assertThat(OverheadSummary.parse(lines.stream().filter(line -> !line.contains("overclock-new"))
        .toList(), List.of(), Path.of("absent")).render()).doesNotContain("Variants side by side");
  }

  @Test
  void theLoadOverTime_isComparedPhaseByPhase_soACostThatPassesShowsWhereItFalls() {
    List<String> lines = new ArrayList<>(List.of("config name=none label=no agent",
        "config name=tool label=a tool"));
    // the tool costs 20% of the throughput and doubles the JIT's work in the first 10 s only
    double[] machine = {1.0, 0.8, 0.6, 0.9, 0.7};
    for (int round = 1; round <= 5; round++) {
      double speed = machine[round - 1];
      lines.add(run(round, "none", 1000 * speed));
      lines.add(run(round, "tool", 950 * speed));
      for (int index = 0; index < 2; index++) {
        double cost = index == 0 ? 0.8 : 1.0;
        lines.add(phase(round, "none", index, 1000 * speed, 10.0));
        lines.add(phase(round, "tool", index, 1000 * speed * cost, index == 0 ? 20.0 : 10.0));
      }
    }

    String table = OverheadSummary.parse(lines, List.of(), Path.of("absent")).render();

    assertThat(table).contains("Over time: the whole load")
        .contains("| w | a tool | 0.0–10.0 | 5 | ×0.800 [0.800, 0.800] | ×1.000 [1.000, 1.000] ≈ |")
        .contains("| w | a tool | 10.0–20.0 | 5 | ×1.000 [1.000, 1.000] ≈ |")
        // JIT per operation in the median round (speed 0.8): 10 ms over 8,000 operations
        // without the tool, 20 ms over 6,400 with it in the first phase, 10 ms over 8,000 after
        .contains("| 1.3 µs → 3.1 µs |").contains("| 1.3 µs → 1.3 µs |");
    assertThat(table.indexOf("0.0–10.0")).isLessThan(table.indexOf("10.0–20.0"));
    assertThat(OverheadSummary.parse(lines.stream().filter(line -> !line.startsWith("phase"))
        .toList(), List.of(), Path.of("absent")).render()).doesNotContain("Over time");
  }

  @Test
  void aChangedChecksumIsReported() {
    List<String> lines = List.of("config name=none label=no agent",
        run(1, "none", 100), run(2, "none", 100).replace("checksum=aa", "checksum=bb"));

    OverheadSummary summary = OverheadSummary.parse(lines, List.of(), Path.of("absent"));

    assertThat(summary.checksumsAgree()).isFalse();
    assertThat(summary.render()).contains("**CHECKSUMS DIFFER** in [w]");
  }

  /** A phase of 10 s; its ops follow its throughput. */
  private static String phase(int round, String config, int index, double throughput,
      double jitMillis) {
    return String.format(Locale.ROOT, "phase round=%d position=1 config=%s workload=w index=%d"
            + " from_s=%.1f to_s=%.1f ops=%d throughput=%.1f/s p50_ns=1000 p99_ns=2000"
            + " cpu_ms=100.0 cpu_us_per_op=10 jit_cpu_ms=%.1f gc_cpu_ms=0.0", round, config, index,
        index * 10.0, index * 10.0 + 10, Math.round(throughput * 10), throughput, jitMillis);
  }

  private static String run(int round, String config, double throughput) {
    return String.format(Locale.ROOT, "run workload=w round=%d position=1 config=%s status=ok"
        + " launch_epoch_ms=1000 workload=w throughput=%.1f/s p50_ns=1000 p99_ns=2000"
        + " cpu_us_per_op=10 ready_epoch_ms=2000 checksum=aa", round, config, throughput);
  }
}

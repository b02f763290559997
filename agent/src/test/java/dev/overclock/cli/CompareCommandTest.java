package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.metrics.LatencySummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare}: the delta table, budgets and exit codes of a CI gate. */
class CompareCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void withinBudget_exit0_andTheTableShowsTheDelta() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 1);
    Path after = report("after.json", 1_050_000, 2_100_000, 1);

    int code = compare(before, after, "--fail-on", "p99=+10%", "--fail-on", "errors=+0");

    assertThat(code).isZero();
    assertThat(out()).contains("com.acme.Pricing::quote", "(+5.0%)", "PASS");
  }

  @Test
  void p99OverBudget_exit1_withTheViolation() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);
    Path after = report("after.json", 1_000_000, 2_400_000, 0);

    int code = compare(before, after, "--fail-on", "p99=+10%");

    assertThat(code).isEqualTo(1);
    assertThat(out()).contains("FAIL: 1 budget exceeded",
        "com.acme.Pricing::quote: p99 2.00 ms -> 2.40 ms (+20.0%) exceeds --fail-on p99=+10%");
  }

  @Test
  void newErrors_failErrorsPlusZero() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 3);
    Path after = report("after.json", 1_000_000, 2_000_000, 4);

    assertThat(compare(before, after, "--fail-on=errors=+0")).isEqualTo(1);
  }

  @Test
  void absoluteBudget_inDurationUnits() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);
    Path after = report("after.json", 1_000_000, 2_400_000, 0);

    assertThat(compare(before, after, "--fail-on", "p99=+500us")).isZero();
    assertThat(compare(before, after, "--fail-on", "p99=+300us")).isEqualTo(1);
  }

  @Test
  void noBudgets_onlyTheTable_exit0() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);
    Path after = report("after.json", 9_000_000, 9_000_000, 9);

    assertThat(compare(before, after)).isZero();
  }

  @Test
  void unreadableJson_oneLine_exit2() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schema\": ");

    assertThat(compare(before, broken)).isEqualTo(2);
    assertThat(err().lines()).singleElement().asString().contains("not valid JSON");
  }

  @Test
  void notAReport_oneLine_exit2() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);
    Path other = Files.writeString(dir.resolve("other.json"), "{\"a\": 1}");

    assertThat(compare(before, other)).isEqualTo(2);
    assertThat(err()).contains("not an Overclock report.json");
  }

  @Test
  void missingFile_oneLine_exit2() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);

    assertThat(compare(before, dir.resolve("gone.json"))).isEqualTo(2);
    assertThat(err()).contains("no such file");
  }

  @Test
  void badFailOn_usageError_exit2() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);

    assertThat(compare(before, before, "--fail-on", "p99=lots")).isEqualTo(2);
    assertThat(err()).contains("bad --fail-on 'p99=lots'");
  }

  @Test
  void noMethodInCommon_exit2_withAClearLine_unlessAllowed() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);
    Path after = Files.writeString(dir.resolve("after.json"),
        "{\"schema\": \"overclock-report\", \"schemaVersion\": 1, \"methods\": []}");

    assertThat(compare(before, after, "--fail-on", "p99=+10%")).isEqualTo(2);
    assertThat(err()).contains("nothing to compare: no method is in both the baseline (1 method)"
        + " and the candidate (0 methods)", "--allow-disjoint");
    assertThat(out()).doesNotContain("PASS");
    assertThat(compare(before, after, "--fail-on", "p99=+10%", "--allow-disjoint")).isZero();
  }

  @Test
  void aRecordingInsteadOfAReport_oneLineSayingSo_exit2() throws IOException {
    Path before = report("before.json", 1_000_000, 2_000_000, 0);
    Path jfr = Files.write(dir.resolve("x.jfr"), new byte[] {'F', 'L', 'R', 0, 0, 2, 0, 1,
        (byte) 0xff, (byte) 0xfe, 0, 0});
    Path binary = Files.write(dir.resolve("x.bin"), new byte[] {1, (byte) 0xff, (byte) 0xc3, 0});

    assertThat(compare(before, jfr)).isEqualTo(2);
    assertThat(err().lines()).singleElement().asString()
        .contains("x.jfr: is a JFR recording, not a report.json", "analyze ")
        .doesNotContain("Input length");
    err.reset();
    assertThat(compare(before, binary)).isEqualTo(2);
    assertThat(err().lines()).singleElement().asString()
        .contains("x.bin: not a report.json: a binary file, not UTF-8 text");
  }

  @Test
  void sameBuildTwice_noSignificantChange_pass() throws IOException {
    Path a = histogramReport("a.json", 1.0, 1, 5_000, 0);
    Path b = histogramReport("b.json", 1.0, 2, 5_000, 0);

    assertThat(compare(a, b, "--fail-on", "p50=+10%", "--fail-on", "p99=+10%",
        "--noise-floor", "100%")).isZero();
    assertThat(out()).contains("no significant change", "PASS");
  }

  @Test
  void twiceAsSlow_regression_fails_namingTheMethod_withTheInterval() throws IOException {
    Path a = histogramReport("a.json", 1.0, 1, 5_000, 0);
    Path b = histogramReport("b.json", 2.0, 2, 5_000, 0);

    assertThat(compare(a, b, "--fail-on", "p50=+10%", "--noise-floor", "40%")).isEqualTo(1);
    assertThat(out()).contains("FAIL: 1 budget exceeded", "com.acme.Pricing::quote: p50 ",
        "95% interval ", "regression; 1 vs 1 runs, noise floor 40%) exceeds --fail-on p50=+10%");
  }

  @Test
  void oneRunPerSide_aNoiseFloorOf100Percent_letsOnlyMoreThanTwiceAsSlowFail_andNoneJudgesNothing()
      throws IOException {
    Path a = histogramReport("a.json", 1.0, 1, 5_000, 0);
    Path c = histogramReport("c.json", 3.0, 3, 5_000, 0);

    assertThat(compare(a, histogramReport("b.json", 1.8, 2, 5_000, 0), "--fail-on", "p50=+10%",
        "--noise-floor", "100%")).isZero();
    assertThat(compare(a, c, "--fail-on", "p50=+10%", "--noise-floor", "100%")).isEqualTo(1);
    assertThat(out()).contains("noise floor 100%");
    out.reset();
    assertThat(compare(a, c, "--fail-on", "p50=+10%")).isZero();
    assertThat(out()).contains("one run per side, no --noise-floor: not judged",
        "1 budget inconclusive", "1 vs 1 runs: one run per side needs a --noise-floor measured by"
            + " A/A runs, or 3 runs per side");
  }

  @Test
  void aChangeWithinTheNoiseFloor_passes_butFailsWithoutTheFloor() throws IOException {
    Path a = histogramReport("a.json", 1.0, 1, 5_000, 0);
    Path b = histogramReport("b.json", 1.25, 2, 5_000, 0);

    assertThat(compare(a, b, "--fail-on", "p50=+10%", "--noise-floor", "40%")).isZero();
    assertThat(compare(a, b, "--fail-on", "p50=+10%", "--noise-floor", "0%")).isEqualTo(1);
  }

  @Test
  void tooFewCalls_inconclusive_neverFails() throws IOException {
    Path a = histogramReport("a.json", 1.0, 1, 20, 0);
    Path b = histogramReport("b.json", 3.0, 2, 20, 0);

    assertThat(compare(a, b, "--fail-on", "p95=+10%")).isZero();
    assertThat(out()).contains("inconclusive", "20 calls in a run, 100 needed for p95");
  }

  @Test
  void severalRunsPerSide_noiseFromTheRuns_seesASmallerChange() throws IOException {
    // Runs of one build differ by a few percent here; a 25% slowdown is inside the one-run noise
    // floor but far outside the runs' own spread.
    Path a1 = histogramReport("a1.json", 1.00, 1, 3_000, 0);
    Path a2 = histogramReport("a2.json", 1.03, 2, 3_000, 0);
    Path a3 = histogramReport("a3.json", 0.98, 3, 3_000, 0);
    Path a4 = histogramReport("a4.json", 1.01, 4, 3_000, 0);
    Path b1 = histogramReport("b1.json", 1.25, 5, 3_000, 0);
    Path b2 = histogramReport("b2.json", 1.27, 6, 3_000, 0);
    Path b3 = histogramReport("b3.json", 1.24, 7, 3_000, 0);

    assertThat(compare("--baseline", a1, a2, "--candidate", a3, a4, "--fail-on", "p95=+10%"))
        .isZero();
    assertThat(compare("--baseline", a1, a2, a3, a4, "--candidate", b1, b2, b3,
        "--fail-on", "p95=+10%")).isEqualTo(1);
    assertThat(out()).contains("4 vs 3 runs, run-to-run spread", "regression");
  }

  @Test
  void tailBudget_oneRunPerSide_inconclusive_passesUnlessInconclusiveFails() throws IOException {
    Path a = histogramReport("a.json", 1.0, 1, 5_000, 0);
    Path b = histogramReport("b.json", 3.0, 2, 5_000, 0);
    Path junit = dir.resolve("gate.xml");

    assertThat(compare(a, b, "--fail-on", "p95=+10%")).isZero();
    assertThat(out()).contains("PASS: no budget exceeded, 1 budget inconclusive"
        + " (--inconclusive pass)", "inconclusive: com.acme.Pricing::quote: p95 ",
        "p95 needs 3 runs per side to be told from run-to-run drift",
        "tail percentiles need 3 runs per side");
    out.reset();
    assertThat(compare(a, b, "--fail-on", "p95=+10%", "--inconclusive", "fail",
        "--format", "junit=" + junit, "--format", "github")).isEqualTo(1);
    assertThat(out()).contains("::error title=Overclock%3A com.acme.Pricing%3A%3Aquote"
        + " inconclusive for p95=+10%25::", "FAIL: 1 budget inconclusive (--inconclusive fail)");
    assertThat(Files.readString(junit)).contains("tests=\"1\" failures=\"1\" errors=\"0\""
        + " skipped=\"0\"");
    assertThat(compare(a, b, "--fail-on", "p95=+10%", "--inconclusive=maybe")).isEqualTo(2);
    assertThat(err()).contains("bad --inconclusive 'maybe': expected pass");
  }

  /**
   * Under heavy load four runs against three gave the doubled method's median the interval +2.3%
   * to +170%, and the gate passed it, since the interval's low end was inside +10%. The change is
   * real (the interval excludes none) and estimated far beyond the budget: it fails.
   */
  @Test
  void severalRunsPerSide_aRealChangeEstimatedBeyondTheBudget_failsThoughItsIntervalIsWide()
      throws IOException {
    Path a1 = histogramReport("a1.json", 1.00, 1, 3_000, 0);
    Path a2 = histogramReport("a2.json", 1.40, 2, 3_000, 0);
    Path a3 = histogramReport("a3.json", 0.90, 3, 3_000, 0);
    Path b1 = histogramReport("b1.json", 1.50, 4, 3_000, 0);
    Path b2 = histogramReport("b2.json", 2.20, 5, 3_000, 0);
    Path b3 = histogramReport("b3.json", 2.60, 6, 3_000, 0);

    assertThat(compare("--baseline", a1, a2, a3, "--candidate", b1, b2, b3,
        "--fail-on", "p50=+10%")).isEqualTo(1);
    assertThat(out()).contains("+89.7%; 95% interval +6.1% to", "regression; 3 vs 3 runs",
        "exceeds --fail-on p50=+10%");
  }

  @Test
  void absoluteBudgets_onOneReport_likeALoadTest() throws IOException {
    Path run = histogramReport("run.json", 1.0, 1, 5_000, 20); // p95 about 1.4 ms, 0.4% errors

    assertThat(compare(run, "--fail-on", "p95<500ms", "--fail-on", "error-rate<1%",
        "--fail-on", "calls>=1000")).isZero();
    assertThat(out()).contains("PASS: every method within 3 budgets");
    assertThat(check(run, "--fail-on", "p95<1ms", "--fail-on", "calls>=10000")).isEqualTo(1);
    assertThat(out()).contains("FAIL: 2 budgets exceeded",
        "com.acme.Pricing::quote: p95 ", "breaks --fail-on p95<1ms",
        "com.acme.Pricing::quote: calls 5000 breaks --fail-on calls>=10000");
  }

  @Test
  void perMethodBudget_appliesToTheMethodsItSelects_andOneSelectingNothingCannotBeChecked()
      throws IOException {
    Path run = histogramReport("run.json", 1.0, 1, 5_000, 0);

    assertThat(check(run, "--fail-on", "com.acme.Pricing::quote:p99<1ms")).isEqualTo(1);
    assertThat(check(run, "--fail-on", "com.acme.Other::quote:p99<1ms")).isEqualTo(2);
    assertThat(err()).contains("'com.acme.Other::quote' selects no method in the report");
    assertThat(check(run, "--fail-on", "com.acme.*:p99<1s")).isZero();
  }

  @Test
  void growthBudget_withoutABaseline_usageError() throws IOException {
    Path run = histogramReport("run.json", 1.0, 1, 5_000, 0);

    assertThat(check(run, "--fail-on", "p95=+10%")).isEqualTo(2);
    assertThat(err()).contains("is a growth from a baseline, and there is none");
  }

  @Test
  void ciFormats_junitMarkdownAndGithub() throws IOException {
    Path a = histogramReport("a.json", 1.0, 1, 5_000, 0);
    Path b = histogramReport("b.json", 2.0, 2, 5_000, 0);
    Path junit = dir.resolve("out/overclock.xml");

    int code = compare(a, b, "--noise-floor", "40%", "--fail-on", "p50=+10%", "--fail-on",
        "error-rate<1%",
        "--format", "junit=" + junit, "--format", "markdown", "--format", "github");

    assertThat(code).isEqualTo(1);
    assertThat(Files.readString(junit)).contains("<testsuite name=\"overclock compare\""
        + " tests=\"2\" failures=\"1\"",
        "<testcase classname=\"overclock.p50=+10%\" name=\"com.acme.Pricing::quote\">",
        "<failure message=\"com.acme.Pricing::quote: p50 ",
        "<testcase classname=\"overclock.error-rate&lt;1%\" name=\"com.acme.Pricing::quote\">");
    assertThat(out()).contains("### Overclock performance gate: FAIL",
        "| ❌ | `com.acme.Pricing::quote` | `p50=+10%` |", "| regression |",
        "::error title=Overclock%3A com.acme.Pricing%3A%3Aquote exceeds p50=+10%25::"
            + "com.acme.Pricing::quote: p50 ",
        "::notice title=Overclock gate::FAIL: 1 budget exceeded")
        .doesNotContain("method                ");
  }

  /**
   * A report.json may come from anyone: a method name with escape sequences or a line break
   * reaches neither the terminal nor a markdown table raw (a line break would end the row and
   * start whatever the name says).
   */
  @Test
  void craftedMethodNames_areEscaped_inTheTextTableAndTheMarkdown() throws IOException {
    String name = "com.acme.Evil::x\\u001b]0;pwned\\u0007\\n| injected | row |";
    Path a = Files.writeString(dir.resolve("crafted.json"), "{\"schema\": \"overclock-report\","
        + " \"schemaVersion\": 1, \"methods\": [{\"key\": \"k\", \"name\": \"" + name + "\","
        + " \"calls\": 1000, \"errors\": 0, \"latencyNanos\": {\"min\": 1, \"mean\": 2,"
        + " \"p50\": 2, \"p90\": 3, \"p99\": 3, \"p999\": 3, \"max\": 3}}]}");

    assertThat(compare(a, a, "--fail-on", "p50=+10%", "--format", "text", "--format",
        "markdown")).isZero();

    assertThat(out()).contains("com.acme.Evil::x\\u001b]0;pwned\\u0007\\u000a")
        .doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(out().lines()).as("the name stays on its own line")
        .noneMatch(line -> line.contains("injected") && !line.contains("\\u000a"));
  }

  /**
   * A file output is written like a report (hardening #2): never through a link planted at its
   * name, and never into a directory others may write, where such a link can be planted.
   */
  @Test
  void fileOutputs_neverFollowALink_norGoIntoADirectoryOthersMayWrite() throws IOException {
    Path a = report("a.json", 1_000_000, 2_000_000, 1);
    Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
    Path planted = Files.createSymbolicLink(dir.resolve("gate.xml"), victim);

    assertThat(compare(a, a, "--format", "junit=" + planted)).isZero();

    assertThat(Files.readString(victim)).isEqualTo("precious");
    assertThat(Files.isSymbolicLink(planted)).isFalse();
    assertThat(Files.readString(planted)).contains("<testsuites");

    Path open = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(open,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    out.reset();
    err.reset();

    assertThat(compare(a, a, "--format", "markdown=" + open.resolve("gate.md"))).isEqualTo(2);
    assertThat(err().lines()).singleElement().asString()
        .contains("cannot write the markdown output", "open to other users");
    try (java.util.stream.Stream<Path> files = Files.list(open)) {
      assertThat(files).isEmpty();
    }
  }

  private Path report(String name, long p50, long p99, long errors) throws IOException {
    String json = "{\"schema\": \"overclock-report\", \"schemaVersion\": 1, \"methods\": [{"
        + "\"key\": \"com.acme.Pricing::quote(I)J\", \"name\": \"com.acme.Pricing::quote\","
        + " \"calls\": 1000, \"errors\": " + errors + ", \"latencyNanos\": {\"min\": 1, \"mean\": "
        + p50 + ".5, \"p50\": " + p50 + ", \"p90\": " + p99 + ", \"p99\": " + p99 + ", \"p999\": "
        + p99 + ", \"max\": " + p99 + "}}]}";
    return Files.writeString(dir.resolve(name), json);
  }

  /**
   * A report whose method has {@code calls} latencies around 1 ms (log-normal, times {@code
   * scale}), drawn with {@code seed}, with the histogram the agent writes.
   */
  private Path histogramReport(String name, double scale, long seed, int calls, long errors)
      throws IOException {
    Histogram histogram = new Histogram(2);
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < calls; i++) {
      histogram.recordValue(Math.round(1_000_000 * scale * Math.exp(0.2 * random.nextGaussian())));
    }
    LatencySummary summary = LatencySummary.of(histogram,
        Math.round(histogram.getMean() * calls)).withHistogram(histogram);
    String json = "{\"schema\": \"overclock-report\", \"schemaVersion\": 1, \"methods\": [{"
        + "\"key\": \"com.acme.Pricing::quote(I)J\", \"name\": \"com.acme.Pricing::quote\","
        + " \"className\": \"com.acme.Pricing\", \"methodName\": \"quote\","
        + " \"calls\": " + calls + ", \"errors\": " + errors + ", \"latencyNanos\": {\"min\": "
        + summary.minNanos() + ", \"mean\": " + summary.meanNanos() + ", \"p50\": "
        + summary.p50Nanos() + ", \"p90\": " + summary.p90Nanos() + ", \"p95\": "
        + summary.p95Nanos() + ", \"p99\": " + summary.p99Nanos() + ", \"p999\": "
        + summary.p999Nanos() + ", \"max\": " + summary.maxNanos() + "}, \"histogram\": \""
        + summary.histogram() + "\"}]}";
    return Files.writeString(dir.resolve(name), json);
  }

  private int check(Object... args) {
    out.reset();
    err.reset();
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = args[i].toString();
    }
    return CompareCommand.check(strings, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int compare(Object... args) {
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = args[i].toString();
    }
    return CompareCommand.run(strings, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

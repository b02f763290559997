package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private Path report(String name, long p50, long p99, long errors) throws IOException {
    String json = "{\"schema\": \"overclock-report\", \"schemaVersion\": 1, \"methods\": [{"
        + "\"key\": \"com.acme.Pricing::quote(I)J\", \"name\": \"com.acme.Pricing::quote\","
        + " \"calls\": 1000, \"errors\": " + errors + ", \"latencyNanos\": {\"min\": 1, \"mean\": "
        + p50 + ".5, \"p50\": " + p50 + ", \"p90\": " + p99 + ", \"p99\": " + p99 + ", \"p999\": "
        + p99 + ", \"max\": " + p99 + "}}]}";
    return Files.writeString(dir.resolve(name), json);
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

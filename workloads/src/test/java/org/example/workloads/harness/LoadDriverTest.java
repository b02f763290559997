package org.example.workloads.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

  /** Operations of about a millisecond each: enough of them in every phase to count. */
  private static final class Sleeping implements Workload {
    @Override
    public void start(Options options) {}

    @Override
    public Session openSession(long seed) {
      return () -> {
        Thread.sleep(1);
        return seed;
      };
    }

    @Override
    public long checksum(long seed) {
      return seed;
    }

    @Override
    public void close() {}
  }

  @Test
  void phasesCoverTheWholeLoad_andThoseOfTheMeasuredLoadAddUpToItsResult() throws Exception {
    Options options = Options.parse(new String[] {"--workload", "jdbc", "--threads", "2",
        "--warmup", "0.4", "--duration", "0.8", "--phases", "0.4"});

    List<String> lines = drive(options);

    Map<String, String> result = fields(lines.stream().filter(l -> l.startsWith("RESULT "))
        .findFirst().orElseThrow());
    List<Map<String, String>> phases = lines.stream().filter(l -> l.startsWith("PHASE "))
        .map(LoadDriverTest::fields).toList();
    assertThat(phases).extracting(phase -> phase.get("index")).containsExactly("0", "1", "2");
    assertThat(phases).extracting(phase -> phase.get("from_s") + "-" + phase.get("to_s"))
        .containsExactly("0.0-0.4", "0.4-0.8", "0.8-1.2");
    assertThat(phases).allSatisfy(phase -> {
      assertThat(Long.parseLong(phase.get("ops"))).isPositive();
      assertThat(Long.parseLong(phase.get("p50_ns"))).isGreaterThanOrEqualTo(1_000_000);
      assertThat(phase).containsKeys("throughput", "p99_ns", "cpu_ms", "cpu_us_per_op");
    });
    // the measured load starts at the warm-up's end, a phase boundary here
    long measured = Long.parseLong(phases.get(1).get("ops"))
        + Long.parseLong(phases.get(2).get("ops"));
    assertThat(measured).isEqualTo(Long.parseLong(result.get("ops")));
  }

  @Test
  void withoutPhases_onlyTheResultIsPrinted() throws Exception {
    List<String> lines = drive(Options.parse(new String[] {"--workload", "jdbc", "--threads", "1",
        "--duration", "0.2"}));

    assertThat(lines).anyMatch(l -> l.startsWith("RESULT ")).noneMatch(l -> l.startsWith("PHASE"));
  }

  @Test
  void aPhaseTooShortToReadItsCpuIsRefused() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--workload", "cpu", "--phases", "0.01"}))
        .hasMessageContaining("--phases must be 0 (none) or between 0.1 and 3600 seconds");
  }

  private static List<String> drive(Options options) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = new LoadDriver(options, new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .run(new Sleeping());
    assertThat(exit).isZero();
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    Arrays.stream(line.split(" ")).skip(1).map(token -> token.split("=", 2))
        .filter(pair -> pair.length == 2).forEach(pair -> fields.put(pair[0], pair[1]));
    return fields;
  }
}

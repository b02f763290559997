package dev.overclock.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Checks shared by every test that reads a report produced by the demo. */
public final class ReportAssertions {

  private ReportAssertions() {}

  /** The report's methods by name ({@code class::method}). */
  public static Map<String, JsonNode> methodsByName(JsonNode report) {
    Map<String, JsonNode> methods = new HashMap<>();
    for (JsonNode method : report.get("methods")) {
      methods.put(method.get("name").asString(), method);
    }
    return methods;
  }

  /**
   * Every {@code @Timed} method of the demo is in the report with exactly the calls and errors
   * the demo counted itself, percentiles in order, and the agent reports no failure of its own.
   */
  public static void assertDemoFiguresExact(RunResult run) throws IOException {
    JsonNode report = run.reportJson();
    assertThat(report.get("complete").asBoolean()).isTrue();
    assertThat(report.get("health").get("suppressedAdviceErrors").asLong()).isZero();
    assertThat(report.get("health").get("failedClasses").asLong()).isZero();
    Map<String, JsonNode> methods = methodsByName(report);
    Map<String, Long> calls = run.calls();
    assertThat(calls).as(run.describe()).hasSizeGreaterThanOrEqualTo(7);
    assertThat(methods.keySet()).containsAll(calls.keySet());
    // Exact, but for calls the recorders dropped and counted (a writer that finds every stripe
    // taken for ~1,000 yields gives up; seen once, 1 of 569 calls, on a busy 2-core machine).
    long dropped = report.get("health").get("droppedCalls").asLong();
    long missing = 0;
    for (Map.Entry<String, Long> expected : calls.entrySet()) {
      JsonNode method = methods.get(expected.getKey());
      long recorded = method.get("calls").asLong();
      assertThat(recorded).as(expected.getKey())
          .isBetween(expected.getValue() - dropped, expected.getValue());
      missing += expected.getValue() - recorded;
      long errors = run.errors().getOrDefault(expected.getKey(), 0L);
      assertThat(method.get("errors").asLong()).as(expected.getKey() + " errors")
          .isBetween(errors - dropped, errors);
      assertThat(method.get("selectedBy").asString()).isEqualTo("annotation");
      JsonNode latency = method.get("latencyNanos");
      assertThat(latency.get("min").asLong()).isPositive();
      assertThat(latency.get("min").asLong()).isLessThanOrEqualTo(latency.get("p50").asLong());
      assertThat(latency.get("p50").asLong()).isLessThanOrEqualTo(latency.get("p90").asLong());
      assertThat(latency.get("p90").asLong()).isLessThanOrEqualTo(latency.get("p99").asLong());
      assertThat(latency.get("p99").asLong()).isLessThanOrEqualTo(latency.get("p999").asLong());
      assertThat(latency.get("p999").asLong()).isLessThanOrEqualTo(latency.get("max").asLong());
      assertThat(method.get("totalNanos").asLong()).isPositive();
    }
    assertThat(missing).as("calls missing from the report, against droppedCalls")
        .isLessThanOrEqualTo(dropped);
  }
}

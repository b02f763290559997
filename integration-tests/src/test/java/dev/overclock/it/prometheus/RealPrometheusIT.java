package dev.overclock.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.PrometheusServer;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The fleet-export promise, checked end to end: a real Prometheus server (Debian's package,
 * started here with a generated configuration) scrapes the demo app's endpoint over loopback,
 * negotiates OpenMetrics, accepts every line of it, and answers PromQL queries with the call
 * counts and latency quantiles of the demo's methods, under the labels the README documents.
 */
@Execution(ExecutionMode.CONCURRENT)
class RealPrometheusIT {

  static final Pattern ENDPOINT =
      Pattern.compile("^\\[overclock\\] Prometheus endpoint: http://(127\\.0\\.0\\.1:\\d+)/metrics$");
  static final Pattern SCRAPE = Pattern.compile("^\\[overclock\\] served a Prometheus scrape: (.*)$");

  private static final String QUOTE = "class=\"com.acme.shop.PricingEngine\",method=\"quote\"";

  /**
   * The newest installed JDK only: what a real server adds to the endpoint's own tests (scrape
   * loop, OpenMetrics negotiation, queries over stored samples) does not depend on the JDK, and
   * the endpoint itself is checked on every JDK ({@link PrometheusEndpointIT}, promtool included,
   * and {@code JfrPrometheusIT}).
   */
  static List<Jdk> jdks() {
    return Jdks.newest();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void prometheus_scrapesTheDemo_andAnswersWithCallsAndP99UnderTheirLabels(Jdk jdk)
      throws IOException {
    PrometheusServer.requirePrometheus();
    RunResult run;
    String target;
    double p99Seconds;
    long scrapedCalls;
    try (BackgroundProcess demo = JvmLauncher.java(jdk).agent("prometheus.port=0,verbose=true")
        .demoFor("120s").named("prometheus-demo-" + jdk.feature()).start()) {
      target = demo.awaitLine(ENDPOINT, Duration.ofSeconds(60)).group(1);
      demo.awaitLine(Pattern.compile("^overclock demo: "), Duration.ofSeconds(60)); // orders flow

      // A 2 s interval (and so timeout): on a loaded 2-core machine a scrape of the demo under
      // load has taken just over 1 s, and Prometheus then marks the target down.
      try (PrometheusServer prometheus = PrometheusServer.start(target, Duration.ofSeconds(2))) {
        // Prometheus scrapes a target in a loop: when the third scrape is served, the samples of
        // the first two are stored, so the queries below need no polling.
        Matcher third = demo.awaitLines(SCRAPE, 3, Duration.ofSeconds(90));
        assertThat(third.group(1)).as(demo.describe()).startsWith("OpenMetrics 1.0, gzip");

        JsonNode targets = prometheus.activeTargets();
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).get("health").asString()).as(targets.toString()).isEqualTo("up");
        assertThat(targets.get(0).get("lastError").asString()).isEmpty();

        JsonNode calls = single(prometheus, "overclock_method_calls_total{" + QUOTE + "}");
        assertThat(labels(calls)).containsExactlyInAnyOrder("__name__", "class", "method",
            "instance", "job");
        assertThat(calls.get("metric").get("instance").asString()).isEqualTo(target);
        assertThat(calls.get("metric").get("job").asString()).isEqualTo("overclock");
        scrapedCalls = Long.parseLong(value(calls));
        assertThat(scrapedCalls).isPositive();

        JsonNode p99 = single(prometheus,
            "overclock_method_duration_seconds{" + QUOTE + ",quantile=\"0.99\"}");
        assertThat(labels(p99)).containsExactlyInAnyOrder("__name__", "class", "method",
            "quantile", "instance", "job");
        p99Seconds = Double.parseDouble(value(p99));
        double p50Seconds = Double.parseDouble(value(single(prometheus,
            "overclock_method_duration_seconds{" + QUOTE + ",quantile=\"0.5\"}")));
        assertThat(p50Seconds).isPositive().isLessThanOrEqualTo(p99Seconds);

        // _count of the summary and the call counter come from the same figures of one scrape
        assertThat(value(single(prometheus, "overclock_method_duration_seconds_count{" + QUOTE
            + "} - on(job, instance, class, method) overclock_method_calls_total"))).isEqualTo("0");
        assertThat(prometheus.query("overclock_method_calls_total")).hasSizeGreaterThanOrEqualTo(7);
        assertThat(value(single(prometheus, "overclock_suppressed_advice_errors_total")))
            .isEqualTo("0");
        JsonNode info = single(prometheus, "overclock_info").get("metric");
        assertThat(info.get("mode").asString()).isEqualTo("premain");
        assertThat(info.get("java_version").asString()).startsWith(String.valueOf(jdk.feature()));
        assertThat(info.get("version").asString()).isNotBlank();
      }
      run = demo.stop(Duration.ofSeconds(60));
    }

    // The final report (written at exit) agrees with what Prometheus stored.
    JsonNode quote = ReportAssertions.methodsByName(run.reportJson())
        .get("com.acme.shop.PricingEngine::quote");
    assertThat(quote.get("calls").asLong()).isGreaterThanOrEqualTo(scrapedCalls);
    long p99Nanos = Math.round(p99Seconds * 1e9);
    assertThat(p99Nanos).isBetween(quote.get("latencyNanos").get("min").asLong(),
        quote.get("latencyNanos").get("max").asLong());
    assertThat(run.reportJson().get("agent").get("features").get("prometheus").asString())
        .startsWith("http://" + target + "/metrics");
    assertThat(run.stderr()).doesNotContain("Exception", "WARNING");
  }

  private static JsonNode single(PrometheusServer prometheus, String promql) {
    JsonNode result = prometheus.query(promql);
    assertThat(result).as(promql + "\n" + prometheus.describe()).hasSize(1);
    return result.get(0);
  }

  private static List<String> labels(JsonNode sample) {
    return sample.get("metric").propertyNames().stream().toList();
  }

  /** An instant vector sample's value: {@code [<time>, "<value>"]}. */
  private static String value(JsonNode sample) {
    return sample.get("value").get(1).asString();
  }
}

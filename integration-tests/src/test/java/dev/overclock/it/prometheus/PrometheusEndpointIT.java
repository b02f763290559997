package dev.overclock.it.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Baselines;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.PrometheusServer;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The endpoint inside a real application JVM: it changes no result, never keeps the JVM from
 * exiting, runs on daemon threads named like every agent thread, serves output that Prometheus's
 * own linter accepts, and a port it cannot have costs one line and nothing else.
 *
 * <p>Every run is a JVM of its own, its endpoint on a port of its own (port 0): the tests run
 * concurrently (up to {@code it.parallelism}).
 */
@Execution(ExecutionMode.CONCURRENT)
class PrometheusEndpointIT {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void withTheEndpointOn_theDemoComputesTheSame_andExitsByItself(Jdk jdk) throws IOException {
    RunResult baseline = Baselines.demoWithoutAgent(jdk);

    RunResult run = JvmLauncher.java(jdk).agent("prometheus.port=0").demoQuick()
        .named("prometheus-quick-" + jdk.feature()).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(baseline.checksums());
    assertThat(run.agentLines()).anyMatch(line -> RealPrometheusIT.ENDPOINT.matcher(line).matches());
    assertThat(run.stderr()).doesNotContain("WARNING", "Exception");
    ReportAssertions.assertDemoFiguresExact(run);
    assertThat(run.reportJson().get("agent").get("features").get("prometheus").asString())
        .matches("http://127\\.0\\.0\\.1:\\d+/metrics, top 500 methods, quantiles over 5m");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aPortInUse_costsOneLine_andTheApplicationRunsUnchanged(Jdk jdk) throws IOException {
    RunResult baseline = Baselines.demoWithoutAgent(jdk);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      RunResult run = JvmLauncher.java(jdk).agent("prometheus.port=" + port).demoQuick()
          .named("prometheus-port-in-use-" + jdk.feature()).run();

      String line = "could not start the Prometheus endpoint on 127.0.0.1:" + port
          + " (Address already in use); it is off, the application is unaffected";
      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.checksums()).isEqualTo(baseline.checksums());
      assertThat(run.agentLines()).filteredOn(l -> l.contains("Prometheus"))
          .containsExactly("[overclock] " + line);
      ReportAssertions.assertDemoFiguresExact(run);
      JsonNode report = run.reportJson();
      assertThat(report.get("health").get("problems").get(0).asString()).isEqualTo(line);
      assertThat(report.get("agent").get("features").get("prometheus").asString())
          .isEqualTo("off: Address already in use");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void endpointThreads_areDaemons_namedOverclockPrometheus(Jdk jdk) {
    // Not the demo: its own stock server is a JDK HttpServer, whose threads are called
    // HTTP-Dispatcher. HotApp starts no server: an HttpServer thread here would be the agent's,
    // and the agent serves the endpoint on its one thread of its own.
    Path stop = JvmLauncher.newWorkDir("prometheus-threads-stop").resolve("stop");
    try (BackgroundProcess demo = JvmLauncher.java(jdk).agent("prometheus.port=0")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), "fixtureapp.hot.HotApp", stop.toString())
        .named("prometheus-threads-" + jdk.feature()).start()) {
      demo.awaitLine(RealPrometheusIT.ENDPOINT, Duration.ofSeconds(60));

      RunResult dump = JvmLauncher.tool(jdk, "jcmd").args(Long.toString(demo.pid()), "Thread.print")
          .named("jcmd-threads").timeoutSeconds(60).run();

      assertThat(dump.exitCode()).as(dump.describe()).isZero();
      List<String> headers = dump.stdout().lines().filter(line -> line.startsWith("\"")).toList();
      List<String> endpoint =
          headers.stream().filter(line -> line.startsWith("\"overclock-prometheus")).toList();
      assertThat(endpoint).as(dump.stdout()).anyMatch(line -> line.startsWith("\"overclock-prometheus\""))
          .allMatch(line -> line.contains(" daemon "));
      assertThat(headers).noneMatch(line -> line.startsWith("\"HTTP-Dispatcher\""))
          .noneMatch(line -> line.startsWith("\"idle-timeout-task\""));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void exposition_passesPromtool_inTheTextFormat_andEndsWithEof_inOpenMetrics(Jdk jdk)
      throws IOException, InterruptedException {
    Path promtool = PrometheusServer.requirePromtool();
    try (BackgroundProcess demo = JvmLauncher.java(jdk).agent("prometheus.port=0")
        .demoFor("60s").named("prometheus-promtool-" + jdk.feature()).start()) {
      String target = demo.awaitLine(RealPrometheusIT.ENDPOINT, Duration.ofSeconds(60)).group(1);
      // printed once the shop is built: OrderService and InventoryClient are loaded, so timed
      demo.awaitLine(Pattern.compile("^overclock demo: "), Duration.ofSeconds(60));

      HttpResponse<String> text = get(target, "text/plain;version=0.0.4");
      HttpResponse<String> openMetrics = get(target, "application/openmetrics-text;version=1.0.0");

      assertThat(text.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(text.body()).contains(
          "overclock_method_calls_total{class=\"com.acme.shop.OrderService\",method=\"process\"} ",
          "overclock_method_duration_seconds{class=\"com.acme.shop.OrderService\","
              + "method=\"process\",quantile=\"0.99\"} ");
      Path file = JvmLauncher.newWorkDir("promtool").resolve("metrics.txt");
      Files.writeString(file, text.body());
      RunResult lint = JvmLauncher.program(promtool).args("check", "metrics").input(file)
          .named("promtool").timeoutSeconds(60).run();
      assertThat(lint.exitCode()).as(lint.describe() + "\n" + text.body()).isZero();
      assertThat(lint.stdout() + lint.stderr()).as(lint.describe()).isBlank();

      assertThat(openMetrics.headers().firstValue("Content-Type"))
          .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(openMetrics.body()).contains("# TYPE overclock_method_calls counter\n")
          .contains("# UNIT overclock_method_duration_seconds seconds\n").endsWith("\n# EOF\n");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void beyondLoopback_aWarning_theTokenIsRequired_andAppearsNowhere(Jdk jdk)
      throws IOException, InterruptedException {
    String token = "it-" + Long.toHexString(System.nanoTime()) + "-token";
    Path stop = JvmLauncher.newWorkDir("prometheus-token-stop").resolve("stop");
    RunResult run;
    // Every interface, but only loopback clients are let in while the test runs.
    try (BackgroundProcess app = JvmLauncher.java(jdk)
        .agent("prometheus.port=0,prometheus.host=0.0.0.0,prometheus.allow=127.0.0.1,"
            + "prometheus.token=env:METRICS_TOKEN,verbose=true")
        .env("METRICS_TOKEN", token)
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), "fixtureapp.hot.HotApp", stop.toString())
        .named("prometheus-token-" + jdk.feature()).start()) {
      String port = app.awaitLine(Pattern.compile(
          "^\\[overclock\\] Prometheus endpoint: http://0\\.0\\.0\\.0:(\\d+)/metrics$"),
          Duration.ofSeconds(60)).group(1);
      app.awaitLine(Pattern.compile("^\\[overclock\\] the Prometheus endpoint listens beyond"
          + " loopback, on http://0\\.0\\.0\\.0:" + port + ": scrapes need the bearer token,"
          + " from 127\\.0\\.0\\.1 only$"), Duration.ofSeconds(60));

      URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
      HttpResponse<String> without = client.send(HttpRequest.newBuilder(metrics)
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> with = client.send(HttpRequest.newBuilder(metrics)
          .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(with.statusCode()).isEqualTo(200);
      assertThat(with.body()).contains("overclock_info");
      run = app.stop(Duration.ofSeconds(60));
    }
    assertThat(run.stdout() + run.stderr()).as(run.describe()).doesNotContain(token);
    assertThat(run.reportJson().toString()).doesNotContain(token)
        .contains("prometheus.token").contains("env:METRICS_TOKEN");
  }

  private HttpResponse<String> get(String target, String accept)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target + "/metrics"))
        .header("Accept", accept).timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }
}

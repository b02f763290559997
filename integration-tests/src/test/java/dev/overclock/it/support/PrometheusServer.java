package dev.overclock.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A real Prometheus server, as installed from Debian's {@code prometheus} package by {@code
 * .ci/run}, started by a test with a generated configuration that scrapes one target on loopback,
 * its own empty storage and a free loopback port. Tests that need it are skipped, with a message
 * saying so, where it is not installed. Closing it stops the server.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final List<String> PROMETHEUS =
      List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus");
  private static final List<String> PROMTOOL = List.of("/usr/bin/promtool", "/usr/local/bin/promtool");

  private final BackgroundProcess process;
  private final int port;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(BackgroundProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The {@code prometheus} binary; skips the calling test with a clear message when missing. */
  public static Path requirePrometheus() {
    return require("prometheus", "OVERCLOCK_IT_PROMETHEUS", PROMETHEUS);
  }

  /** The {@code promtool} binary (same package); skips the calling test when missing. */
  public static Path requirePromtool() {
    return require("promtool", "OVERCLOCK_IT_PROMTOOL", PROMTOOL);
  }

  private static Path require(String tool, String variable, List<String> candidates) {
    Optional<Path> found = Optional.ofNullable(System.getenv(variable)).map(Path::of)
        .filter(Files::isExecutable)
        .or(() -> candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst());
    Assumptions.assumeTrue(found.isPresent(), tool + " not installed (looked for " + candidates
        + " and $" + variable + "); .ci/run installs the Debian package 'prometheus'; skipping");
    return found.get();
  }

  /**
   * Starts a server that scrapes {@code target} ({@code host:port}) at {@code /metrics} every
   * {@code interval}, and waits (bounded) until it is ready to answer queries.
   */
  public static PrometheusServer start(String target, Duration interval) {
    Path prometheus = requirePrometheus();
    Path dir = JvmLauncher.newWorkDir("prometheus");
    String seconds = interval.toSeconds() + "s";
    String config = String.join("\n",
        "global:",
        "  scrape_interval: " + seconds,
        "  scrape_timeout: " + seconds,
        "scrape_configs:",
        "  - job_name: overclock",
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['" + target + "']",
        "");
    try {
      Files.writeString(dir.resolve("prometheus.yml"), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = freePort();
    BackgroundProcess process = JvmLauncher.program(prometheus)
        .args("--config.file=" + dir.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port)
        .named("prometheus")
        .start();
    try {
      process.awaitLine(Pattern.compile("Server is ready to receive web requests"),
          Duration.ofSeconds(90));
    } catch (AssertionError e) {
      process.close();
      throw e;
    }
    return new PrometheusServer(process, port);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code data.result} of an instant query at the current time. */
  public JsonNode query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .get("data").get("result");
  }

  /** The active targets ({@code /api/v1/targets}), with their health and last error. */
  public JsonNode activeTargets() {
    return get("/api/v1/targets?state=active").get("data").get("activeTargets");
  }

  private JsonNode get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("Prometheus answered " + response.statusCode() + " to " + path
            + ": " + response.body() + "\n" + process.describe());
      }
      JsonNode body = json.readTree(response.body());
      if (!body.get("status").asString().equals("success")) {
        throw new AssertionError("Prometheus query failed: " + response.body());
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Everything the server printed, for assertion messages. */
  public String describe() {
    return process.describe();
  }

  @Override
  public void close() {
    process.close();
  }
}

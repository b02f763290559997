package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.config.AddressRange;
import dev.overclock.config.PrometheusOptions;
import dev.overclock.config.SecretReference;
import dev.overclock.log.LogLines;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may scrape: the bearer token, the allow-list, and what the endpoint says about both. */
class EndpointAccessTest {

  private static final String TOKEN = "s3cr3t-T0ken.value_for~tests";

  private final EndpointFixture endpoints = new EndpointFixture();
  private final AtomicInteger scrapes = new AtomicInteger();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    endpoints.close();
  }

  private Scrape counted() {
    scrapes.incrementAndGet();
    return ScrapeFixtures.sample();
  }

  private static PrometheusOptions options(String host, SecretReference token, String... allow) {
    List<AddressRange> ranges = java.util.Arrays.stream(allow).map(EndpointAccessTest::range)
        .toList();
    return new PrometheusOptions(host, 0, 500, Duration.ofMinutes(5), token, ranges);
  }

  private static AddressRange range(String text) {
    return dev.overclock.config.ConfigParser.parse("prometheus.port=0,prometheus.allow=" + text)
        .prometheus().allow().get(0);
  }

  @Test
  void withAToken_aScrapeWithoutIt_orWithAnother_is401_andOnlyTheTokenGetsTheMetrics()
      throws Exception {
    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    try (LogLines log = LogLines.capture()) {
      PrometheusEndpoint endpoint = endpoints.start(
          options("127.0.0.1", new SecretReference("file", file.toString())), this::counted,
          Limits.DEFAULT, Map.of());
      InetSocketAddress address = EndpointFixture.await(endpoint);

      HttpResponse<byte[]> none = endpoints.send(address, "GET", "/metrics");
      HttpResponse<byte[]> wrong = endpoints.send(address, "GET", "/metrics",
          "Authorization", "Bearer " + TOKEN + "x");
      HttpResponse<byte[]> basic = endpoints.send(address, "GET", "/metrics",
          "Authorization", "Basic " + TOKEN);
      assertThat(List.of(none, wrong, basic)).allSatisfy(response -> {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer realm=\"overclock\"");
      });
      assertThat(scrapes).hasValue(0);

      HttpResponse<byte[]> right = endpoints.send(address, "GET", "/metrics",
          "Authorization", "Bearer " + TOKEN);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(new String(right.body())).contains("overclock_method_calls_total");
      assertThat(endpoint.state()).endsWith(", bearer token required");

      endpoint.stop();
      assertThat(log.lines()).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
    }
  }

  @Test
  void aTokenFromAnEnvironmentVariable() throws Exception {
    InetSocketAddress address = EndpointFixture.await(endpoints.start(
        options("127.0.0.1", new SecretReference("env", "METRICS_TOKEN")), this::counted,
        Limits.DEFAULT, Map.of("METRICS_TOKEN", TOKEN)));

    assertThat(endpoints.send(address, "GET", "/metrics").statusCode()).isEqualTo(401);
    assertThat(endpoints.send(address, "GET", "/metrics", "Authorization", "bearer " + TOKEN)
        .statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenThatCannotBeRead_leavesTheEndpointOff_sayingWhereFrom_notWhat() throws IOException {
    Path file = Files.writeString(dir.resolve("token"), TOKEN + " and more\n");
    try (LogLines log = LogLines.capture()) {
      PrometheusEndpoint unset = endpoints.start(
          options("127.0.0.1", new SecretReference("env", "METRICS_TOKEN")), this::counted,
          Limits.DEFAULT, Map.of());
      PrometheusEndpoint malformed = endpoints.start(
          options("127.0.0.1", new SecretReference("file", file.toString())), this::counted,
          Limits.DEFAULT, Map.of());

      assertThatThrownBy(() -> EndpointFixture.await(unset))
          .isInstanceOf(CompletionException.class);
      assertThatThrownBy(() -> EndpointFixture.await(malformed))
          .isInstanceOf(CompletionException.class);
      assertThat(unset.problem()).isEqualTo("could not start the Prometheus endpoint on"
          + " 127.0.0.1:0 (the environment variable METRICS_TOKEN is not set); it is off, the"
          + " application is unaffected");
      assertThat(malformed.problem()).startsWith("could not start the Prometheus endpoint on"
          + " 127.0.0.1:0 (the token from file:" + file + " is empty or has characters");
      assertThat(log.lines()).contains("[overclock] " + unset.problem(),
          "[overclock] " + malformed.problem()).noneMatch(line -> line.contains(TOKEN));
    }
  }

  @Test
  void aClientNotInTheAllowList_isRefusedBeforeAnythingIsRead() throws Exception {
    PrometheusEndpoint endpoint = endpoints.start(
        options("127.0.0.1", null, "10.0.0.0/8", "::1"), this::counted, Limits.DEFAULT, Map.of());
    InetSocketAddress address = EndpointFixture.await(endpoint);

    assertThatThrownBy(() -> endpoints.send(address, "GET", "/metrics"))
        .isInstanceOf(IOException.class);
    assertThat(scrapes).hasValue(0);
    assertThat(endpoint.state()).endsWith(", clients 10.0.0.0/8;0:0:0:0:0:0:0:1 only");
  }

  @Test
  void aClientInTheAllowList_isServed() throws Exception {
    InetSocketAddress address = EndpointFixture.await(endpoints.start(
        options("127.0.0.1", null, "10.0.0.0/8", "127.0.0.0/8"), this::counted, Limits.DEFAULT,
        Map.of()));

    assertThat(endpoints.send(address, "GET", "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void listeningBeyondLoopback_isAWarning_sayingHowToRestrictIt() {
    try (LogLines log = LogLines.capture()) {
      // Every interface, but only loopback clients are let in while the test runs.
      PrometheusEndpoint open = endpoints.start(options("0.0.0.0", null, "127.0.0.1"),
          this::counted, Limits.DEFAULT, Map.of());
      int port = EndpointFixture.await(open).getPort();
      PrometheusEndpoint local = endpoints.start(options("127.0.0.1", null), this::counted,
          Limits.DEFAULT, Map.of());
      EndpointFixture.await(local);

      assertThat(log.lines()).filteredOn(line -> line.contains("beyond loopback")).containsExactly(
          "[overclock] the Prometheus endpoint listens beyond loopback, on http://0.0.0.0:" + port
              + ": clients at 127.0.0.1 read class and method names and their timings without a"
              + " token; prometheus.token would require one");
    }
  }
}

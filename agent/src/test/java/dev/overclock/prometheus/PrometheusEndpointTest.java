package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.config.PrometheusOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

  private static final PrometheusOptions LOOPBACK_ANY_PORT = EndpointFixture.LOOPBACK_ANY_PORT;

  private final EndpointFixture endpoints = new EndpointFixture();

  @AfterEach
  void stopEndpoints() {
    endpoints.close();
  }

  private PrometheusEndpoint start(PrometheusOptions settings, Supplier<Scrape> source) {
    return endpoints.start(settings, source);
  }

  private static InetSocketAddress await(PrometheusEndpoint endpoint) {
    return EndpointFixture.await(endpoint);
  }

  private HttpResponse<byte[]> send(InetSocketAddress address, String method, String path,
      String... headers) throws IOException, InterruptedException {
    return endpoints.send(address, method, path, headers);
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void prometheus_getsOpenMetrics_endingInEof() throws Exception {
    InetSocketAddress address = await(start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample));

    HttpResponse<byte[]> response = send(address, "GET", "/metrics", "Accept",
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    // closed after each response: kept alive, the body would wait 40 ms for a delayed ACK
    assertThat(response.headers().firstValue("Connection")).hasValue("close");
    assertThat(body(response)).startsWith("# TYPE overclock info\n").endsWith("\n# EOF\n")
        .contains("# TYPE overclock_method_calls counter\n")
        .contains("overclock_method_calls_total{class=\"com.acme.shop.PricingEngine\","
            + "method=\"quote\"} 1000\n");
  }

  @Test
  void otherClients_getTheTextFormat() throws Exception {
    InetSocketAddress address = await(start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample));

    HttpResponse<byte[]> response = send(address, "GET", "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(body(response)).startsWith("# TYPE overclock_info gauge\n").doesNotContain("# EOF");
  }

  @Test
  void gzip_whenTheClientAcceptsIt() throws Exception {
    InetSocketAddress address = await(start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample));

    HttpResponse<byte[]> response = send(address, "GET", "/metrics", "Accept-Encoding", "gzip");

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("overclock_method_calls_total");
    }
  }

  @Test
  void acceptsGzip_honoursQualityZero() {
    assertThat(MetricsHandler.acceptsGzip("gzip")).isTrue();
    assertThat(MetricsHandler.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
    assertThat(MetricsHandler.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(MetricsHandler.acceptsGzip("gzip; q=0.000")).isFalse();
    assertThat(MetricsHandler.acceptsGzip("identity")).isFalse();
    assertThat(MetricsHandler.acceptsGzip(null)).isFalse();
    assertThat(MetricsHandler.acceptsGzip(";;,,")).isFalse();
  }

  @Test
  void head_answersWithHeadersOnly() throws Exception {
    InetSocketAddress address = await(start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample));

    HttpResponse<byte[]> response = send(address, "HEAD", "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void otherPaths_are404_andOtherMethods_are405() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    InetSocketAddress address = await(start(LOOPBACK_ANY_PORT, () -> {
      scrapes.incrementAndGet();
      return ScrapeFixtures.sample();
    }));

    assertThat(send(address, "GET", "/").statusCode()).isEqualTo(404);
    assertThat(send(address, "GET", "/metricsx").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> post = send(address, "POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(scrapes).hasValue(0);
  }

  @Test
  void aScrapeFailingInsideTheAgent_is500_andTheNextOneWorks() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    PrometheusEndpoint endpoint = start(LOOPBACK_ANY_PORT, () -> {
      if (scrapes.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return ScrapeFixtures.sample();
    });
    InetSocketAddress address = await(endpoint);

    assertThat(send(address, "GET", "/metrics").statusCode()).isEqualTo(500);
    assertThat(send(address, "GET", "/metrics").statusCode()).isEqualTo(200);
    assertThat(endpoint.failedScrapes()).isEqualTo(1);
  }

  @Test
  void portInUse_leavesTheEndpointOff_sayingWhy() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      PrometheusEndpoint endpoint = start(
          new PrometheusOptions("127.0.0.1", taken.getLocalPort(), 500, Duration.ofMinutes(5)),
          ScrapeFixtures::sample);

      assertThatThrownBy(() -> await(endpoint)).isInstanceOf(CompletionException.class);
      assertThat(endpoint.problem())
          .isEqualTo("could not start the Prometheus endpoint on 127.0.0.1:" + taken.getLocalPort()
              + " (Address already in use); it is off, the application is unaffected");
      assertThat(endpoint.state()).isEqualTo("off: Address already in use");
    }
  }

  @Test
  void state_saysWhereItListens() {
    PrometheusEndpoint endpoint = start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample);
    InetSocketAddress address = await(endpoint);

    assertThat(endpoint.state()).isEqualTo("http://127.0.0.1:" + address.getPort()
        + "/metrics, top 500 methods, quantiles over 5m");
    assertThat(endpoint.problem()).isNull();
  }

  @Test
  void threads_areDaemons_namedLikeEveryAgentThread() {
    await(start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample));

    List<Thread> threads = endpointThreads();
    // the endpoint's one thread: it binds, then serves (no JDK server, no thread of its own)
    assertThat(threads).isNotEmpty()
        .allMatch(Thread::isDaemon)
        .allMatch(thread -> thread.getName().startsWith("overclock-prometheus"));
    assertThat(threads).extracting(Thread::getName).contains("overclock-prometheus");
  }

  @Test
  void stop_closesThePort() throws Exception {
    PrometheusEndpoint endpoint = start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample);
    InetSocketAddress address = await(endpoint);

    endpoint.stop();

    assertThatThrownBy(() -> send(address, "GET", "/metrics")).isInstanceOf(ConnectException.class);
    assertThat(endpoint.state()).isEqualTo("off: stopped");
  }

  @Test
  void awaitStopped_endsEveryThreadOfTheEndpoint_andThePortCanBeBoundAgain() throws Exception {
    // What a detach relies on: no agent thread left, the port free for the application.
    List<Thread> before = endpointThreads();
    PrometheusEndpoint endpoint = start(LOOPBACK_ANY_PORT, ScrapeFixtures::sample);
    InetSocketAddress address = await(endpoint);
    assertThat(send(address, "GET", "/metrics").statusCode()).isEqualTo(200);
    List<Thread> ours = new ArrayList<>(endpointThreads());
    ours.removeAll(before);
    assertThat(ours).isNotEmpty();

    endpoint.stop();
    endpoint.awaitStopped(30_000);

    assertThat(ours).noneMatch(Thread::isAlive);
    try (ServerSocket again =
        new ServerSocket(address.getPort(), 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(address.getPort());
    }
  }

  private static List<Thread> endpointThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(PrometheusEndpoint.THREAD_NAME))
        .toList();
  }
}

package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a client can cost the application through the endpoint, on loopback: a slow client, a
 * flood of connections, a flood of requests. Limits are small here so that the tests are quick;
 * no test asserts how long anything took.
 */
class EndpointBoundsTest {

  private final EndpointFixture endpoints = new EndpointFixture();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    endpoints.close();
  }

  private Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket("127.0.0.1", address.getPort());
    sockets.add(socket);
    return socket;
  }

  /** Sends the start of a request and never the rest. */
  private Socket slowClient(InetSocketAddress address) throws IOException {
    Socket socket = connect(address);
    OutputStream out = socket.getOutputStream();
    out.write("GET /metrics HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  @Test
  void aSlowClient_neitherDelaysAScrape_norKeepsItsConnection() throws Exception {
    Limits limits = new Limits(4, 4, 8192, Duration.ofSeconds(2), Duration.ofSeconds(1));
    InetSocketAddress address = EndpointFixture.await(endpoints.start(
        EndpointFixture.LOOPBACK_ANY_PORT, ScrapeFixtures::sample, limits, Map.of()));
    Socket slow = slowClient(address);

    // Served while the slow client still holds its connection.
    assertThat(endpoints.send(address, "GET", "/metrics").statusCode()).isEqualTo(200);

    // Then the server closes it, at its deadline (the test waits up to 60 s for that).
    slow.setSoTimeout(60_000);
    InputStream in = slow.getInputStream();
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void aFloodOfStalledConnections_holdsAtMostTheLimit_andAScrapeStillGetsThrough()
      throws Exception {
    Limits limits = new Limits(4, 4, 8192, Duration.ofMinutes(5), Duration.ofSeconds(1));
    PrometheusEndpoint endpoint = endpoints.start(
        EndpointFixture.LOOPBACK_ANY_PORT, ScrapeFixtures::sample, limits, Map.of());
    InetSocketAddress address = EndpointFixture.await(endpoint);
    for (int i = 0; i < 20; i++) {
      slowClient(address);
    }

    // Each stalled connection is a connection the server has to read from; the deadline (5
    // minutes here) does not free them in time, the limit does.
    assertThat(endpoints.send(address, "GET", "/metrics").statusCode()).isEqualTo(200);
    assertThat(endpoint.openConnections()).isBetween(0, 4);
    // A second flood, and the endpoint still answers.
    for (int i = 0; i < 20; i++) {
      slowClient(address);
    }
    assertThat(endpoints.send(address, "GET", "/metrics").statusCode()).isEqualTo(200);
    assertThat(endpoint.openConnections()).isBetween(0, 4);
  }

  @Test
  void aLargeRequestHead_is431() throws Exception {
    Limits limits = new Limits(4, 4, 1024, Duration.ofSeconds(30), Duration.ofSeconds(1));
    AtomicInteger scrapes = new AtomicInteger();
    InetSocketAddress address = EndpointFixture.await(endpoints.start(
        EndpointFixture.LOOPBACK_ANY_PORT, EndpointFixture.counting(scrapes), limits, Map.of()));

    HttpResponse<byte[]> response =
        endpoints.send(address, "GET", "/metrics", "X-Padding", "x".repeat(2000));

    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(scrapes).hasValue(0);
  }

  @Test
  void requestsWithinTheCacheInterval_getTheSameScrape_builtOnce() throws Exception {
    Limits limits = new Limits(4, 4, 8192, Duration.ofSeconds(30), Duration.ofHours(1));
    AtomicInteger scrapes = new AtomicInteger();
    InetSocketAddress address = EndpointFixture.await(endpoints.start(
        EndpointFixture.LOOPBACK_ANY_PORT, EndpointFixture.counting(scrapes), limits, Map.of()));

    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<byte[]> response = endpoints.send(address, "GET", "/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      bodies.add(new String(response.body(), StandardCharsets.UTF_8));
      assertThat(endpoints.send(address, "GET", "/metrics", "Accept",
          "application/openmetrics-text;version=1.0.0", "Accept-Encoding", "gzip").statusCode())
          .isEqualTo(200);
    }

    assertThat(scrapes).hasValue(1);
    assertThat(bodies).containsOnly(bodies.get(0));
  }

  @Test
  void withTheDefaultLimits_aFloodOfRequestsBuildsAtMostOneScrapePerSecond() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    long startNanos = System.nanoTime();
    InetSocketAddress address = EndpointFixture.await(endpoints.start(
        EndpointFixture.LOOPBACK_ANY_PORT, EndpointFixture.counting(scrapes), Limits.DEFAULT,
        Map.of()));

    for (int i = 0; i < 30; i++) {
      assertThat(endpoints.send(address, "GET", "/metrics").statusCode()).isEqualTo(200);
    }

    // A bound, not a timing: however slow this machine, one build per started second at most.
    long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    assertThat(scrapes.get()).isBetween(1, (int) seconds + 1);
  }
}

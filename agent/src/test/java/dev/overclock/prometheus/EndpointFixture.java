package dev.overclock.prometheus;

import dev.overclock.config.PrometheusOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Endpoints started by a test, on loopback, and stopped after it; requests to them. */
final class EndpointFixture implements AutoCloseable {

  static final PrometheusOptions LOOPBACK_ANY_PORT =
      new PrometheusOptions("127.0.0.1", 0, 500, Duration.ofMinutes(5));

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<PrometheusEndpoint> started = new ArrayList<>();

  /** Started as the agent starts it: default limits, the token from this JVM's environment. */
  PrometheusEndpoint start(PrometheusOptions settings, Supplier<Scrape> source) {
    PrometheusEndpoint endpoint = PrometheusEndpoint.start(settings, source);
    started.add(endpoint);
    return endpoint;
  }

  /** Counts the scrapes built from the sample. */
  static Supplier<Scrape> counting(AtomicInteger scrapes) {
    return () -> {
      scrapes.incrementAndGet();
      return ScrapeFixtures.sample();
    };
  }

  PrometheusEndpoint start(PrometheusOptions settings, Supplier<Scrape> source, Limits limits,
      Map<String, String> environment) {
    PrometheusEndpoint endpoint =
        PrometheusEndpoint.start(settings, source, limits, environment::get);
    started.add(endpoint);
    return endpoint;
  }

  static InetSocketAddress await(PrometheusEndpoint endpoint) {
    return endpoint.bound().orTimeout(30, TimeUnit.SECONDS).join();
  }

  HttpResponse<byte[]> send(InetSocketAddress address, String method, String path,
      String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + address.getPort() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() {
    for (PrometheusEndpoint endpoint : started) {
      endpoint.stop();
      endpoint.awaitStopped(10_000);
    }
  }
}

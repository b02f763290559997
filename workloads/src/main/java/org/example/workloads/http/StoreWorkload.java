package org.example.workloads.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import org.example.workloads.harness.Options;
import org.example.workloads.harness.Workload;

/**
 * The store's HTTP API under load: each client sends requests over loopback with the JDK's
 * {@link HttpClient}, three quotes for each availability check. The server has a fixed pool of
 * worker threads; each availability check holds one of them for the downstream call.
 */
public final class StoreWorkload implements Workload {

  private static final int WORKER_THREADS = 32;
  private static final int CHECKSUM_REQUESTS = 120;
  private static final int PRODUCTS = 2_000;

  private StoreServer server;
  private URI base;
  private HttpClient client;

  @Override
  public void start(Options options) throws Exception {
    // Each client may hold two workers (its request and the downstream call it makes), and
    // Jetty keeps some for its acceptor and selectors.
    server = new StoreServer(Math.max(WORKER_THREADS, 2 * options.threads() + 8),
        options.downstreamPool());
    base = server.start();
    client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Override
  public Session openSession(long seed) {
    Random random = new Random(seed);
    return () -> {
      int sku = 1 + random.nextInt(PRODUCTS);
      int quantity = 1 + random.nextInt(random.nextBoolean() ? 10 : 80);
      String path = random.nextInt(4) == 0 ? "/api/availability" : "/api/quote";
      return get(path + "?sku=" + sku + "&qty=" + quantity);
    };
  }

  private long get(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(pathAndQuery + " answered " + response.statusCode());
    }
    return response.body().hashCode();
  }

  /** The server keeps no state between requests, so the checksum runs against it too. */
  @Override
  public long checksum(long seed) throws Exception {
    return openSession(seed).fold(CHECKSUM_REQUESTS);
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.close();
    }
  }
}

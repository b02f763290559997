package com.acme.shop;

import dev.overclock.annotations.Offload;
import dev.overclock.annotations.Timed;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Client of the warehouse stock service ({@link InventoryServer}): HTTP/1.1 GETs with {@link
 * HttpURLConnection}, whose connections the JDK keeps alive and reuses.
 *
 * <p>Exercises <em>timing of a blocking method</em>: {@link #fetchStock(String)} is a real
 * loopback network call in which the calling thread spends almost all of its ~2 ms blocked in a
 * socket read, waiting for the server. It runs on the I/O pool (more threads than cores) and must
 * be classified as blocking, never memoized.
 */
final class InventoryClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final URI base;

  /**
   * A client of the service at {@code base}, used by up to {@code concurrentCallers} threads at
   * once.
   */
  InventoryClient(URI base, int concurrentCallers) {
    this.base = base;
    // The JDK keeps 5 idle connections per server by default: too few for 8 callers, whose extra
    // connections would be closed and reopened on every call. Read once, at first use.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", Integer.toString(Math.max(5, concurrentCallers)));
    }
  }

  /**
   * Units of {@code sku} in stock, asked of the stock service.
   *
   * @throws IOException if the service cannot be reached or answers with an error
   */
  @Timed
  int fetchStock(String sku) throws IOException {
    return get(sku);
  }

  /**
   * The stock of {@code sku} for the end-of-day audit ({@link StockAudit}), as a future.
   *
   * <p>Exercises <em>offload</em>: without the agent the lookup runs at once on the caller's
   * thread and the future is already complete, so the audit's lookups run one after the other.
   * With the agent it runs on a virtual thread (a pool on JDK 17) and the future returns at once,
   * so the audit's lookups overlap, at most as many at a time as the server has threads. The
   * value, or the {@code IOException}, is the same either way.
   */
  @Offload(maxConcurrency = ShopWorkload.DEFAULT_IO_THREADS, timeout = "10s")
  CompletableFuture<Integer> auditStock(String sku) throws IOException {
    return CompletableFuture.completedFuture(get(sku));
  }

  private int get(String sku) throws IOException {
    URL url = base.resolve("/stock/" + sku).toURL();
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    connection.setReadTimeout(READ_TIMEOUT_MILLIS);
    connection.setUseCaches(false);
    int status = connection.getResponseCode();
    if (status != 200) {
      connection.disconnect();
      throw new IOException("stock service answered " + status + " for " + sku);
    }
    // Reading the body to the end and closing the stream hands the connection back for reuse.
    try (InputStream body = connection.getInputStream()) {
      return Integer.parseInt(new String(body.readAllBytes(), StandardCharsets.US_ASCII).trim());
    }
  }
}

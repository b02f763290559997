package com.acme.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The warehouse's stock service, played by an in-process HTTP server on 127.0.0.1 (a free port).
 * {@code GET /stock/<sku>} waits about 2 ms (a slow back end) and answers the stock level as a
 * decimal number, a pure function of the SKU.
 *
 * <p>It exists so that {@link InventoryClient#fetchStock(String)} makes a real network round trip
 * over loopback: a blocking call whose time is spent waiting, not computing.
 */
final class InventoryServer implements AutoCloseable {

  /** Simulated back-end latency of one stock look-up. */
  static final long LATENCY_MILLIS = 2;

  private final HttpServer server;
  private final ExecutorService handlers;

  private InventoryServer(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
  }

  /** Starts the server with {@code handlerThreads} request threads. */
  static InventoryServer start(int handlerThreads) throws IOException {
    // Without TCP_NODELAY the response's header and body writes can wait for a delayed ACK (40 ms).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService handlers = Executors.newFixedThreadPool(handlerThreads, new NamedThreads("inventory-http-", true));
    server.setExecutor(handlers);
    server.createContext("/stock/", InventoryServer::handle);
    server.start();
    return new InventoryServer(server, handlers);
  }

  /** Stock level of {@code sku}: 0 to 499 units, a pure function of the SKU. */
  static int stockLevel(String sku) {
    return (int) Math.floorMod(Checksums.mix(sku.hashCode(), 0x570C), 500L);
  }

  /** The base address, e.g. {@code http://127.0.0.1:40123}. */
  URI baseUri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String sku = exchange.getRequestURI().getPath().substring("/stock/".length());
      if (!"GET".equals(exchange.getRequestMethod()) || !Catalogue.SKUS.contains(sku)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      try {
        Thread.sleep(LATENCY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      byte[] body = Integer.toString(stockLevel(sku)).getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops accepting connections and ends the request threads. */
  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}

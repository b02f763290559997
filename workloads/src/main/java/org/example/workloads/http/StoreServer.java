package org.example.workloads.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The store's HTTP API on Jetty, bound to 127.0.0.1 only:
 *
 * <ul>
 *   <li>{@code GET /api/quote?sku=&qty=}: prices a line (CPU work) and answers JSON;
 *   <li>{@code GET /api/availability?sku=&qty=}: asks the inventory service and answers JSON;
 *   <li>{@code GET /inventory/stock?sku=}: the inventory service itself, a slow downstream that
 *       takes about 20 ms to answer (served by the same server, to keep everything local).
 * </ul>
 */
final class StoreServer implements AutoCloseable {

  /** How long the inventory service takes to answer, as a remote service would. */
  static final long DOWNSTREAM_MILLIS = 20;

  /** What the availability endpoint answers. */
  record Availability(int sku, int requested, boolean available, String warehouse, int shipsInDays) {}

  private final Server server;
  private final ObjectMapper json = new ObjectMapper();
  private final PriceQuotes quotes = new PriceQuotes();
  private InventoryClient inventory;
  // null: downstream calls run on the request's thread
  private final ExecutorService downstream;

  /**
   * @param downstreamPool when positive, downstream calls go through a fixed pool of this many
   *     threads of the application's own (a bulkhead in front of the inventory service), and the
   *     request's thread waits for them
   */
  StoreServer(int workerThreads, int downstreamPool) {
    downstream = downstreamPool > 0 ? Executors.newFixedThreadPool(downstreamPool) : null;
    QueuedThreadPool pool = new QueuedThreadPool(workerThreads, workerThreads);
    pool.setName("store-http");
    server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Routes());
  }

  /** Starts the server and returns its base address. */
  URI start() throws Exception {
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    inventory = new InventoryClient(base, json);
    return base;
  }

  @Override
  public void close() throws Exception {
    server.stop();
    if (downstream != null) {
      downstream.shutdownNow();
    }
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      Fields query = Request.extractQueryParameters(request);
      Object body;
      switch (Request.getPathInContext(request)) {
        case "/api/quote" -> body = quotes.quote(intParameter(query, "sku"), intParameter(query, "qty"));
        case "/api/availability" -> body = availability(intParameter(query, "sku"), intParameter(query, "qty"));
        case "/inventory/stock" -> body = stock(intParameter(query, "sku"));
        default -> {
          Response.writeError(request, response, callback, 404);
          return true;
        }
      }
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(body)), callback);
      return true;
    }
  }

  private Availability availability(int sku, int quantity) throws Exception {
    InventoryClient.StockLevel stock = downstream == null ? inventory.stockLevel(sku)
        : awaitStock(sku);
    boolean available = stock.onHand() >= quantity;
    return new Availability(sku, quantity, available, stock.warehouse(),
        available ? 1 + sku % 3 : 7 + sku % 14);
  }

  private InventoryClient.StockLevel awaitStock(int sku) throws Exception {
    try {
      return downstream.submit(() -> inventory.stockLevel(sku)).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static InventoryClient.StockLevel stock(int sku) throws InterruptedException {
    Thread.sleep(DOWNSTREAM_MILLIS);
    return new InventoryClient.StockLevel(sku, (int) (sku * 7_919L % 500), "w" + sku % 4);
  }

  private static int intParameter(Fields query, String name) {
    String value = query.getValue(name);
    if (value == null) {
      throw new IllegalArgumentException("missing parameter " + name);
    }
    return Integer.parseInt(value);
  }
}

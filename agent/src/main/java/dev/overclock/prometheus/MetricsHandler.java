package dev.overclock.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.overclock.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Answers HTTP requests to the endpoint: {@code GET} or {@code HEAD /metrics} with the exposition,
 * in the format the {@code Accept} header asks for and gzip-compressed when the client accepts it
 * (Prometheus does; text of a few hundred methods shrinks about tenfold).
 *
 * <p>Whatever goes wrong inside the agent while building a scrape is answered with status 500,
 * counted, and printed once; the next scrape starts afresh. Nothing is thrown to the server, and
 * every exchange is closed.
 */
final class MetricsHandler implements HttpHandler {

  private final Supplier<Scrape> source;
  private final int top;
  private final Duration window;
  private final AtomicLong failures = new AtomicLong();

  MetricsHandler(Supplier<Scrape> source, int top, Duration window) {
    this.source = source;
    this.top = top;
    this.window = window;
  }

  long failures() {
    return failures.get();
  }

  @Override
  public void handle(HttpExchange exchange) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!path.equals("/metrics") && !path.equals("/metrics/")) {
        respond(exchange, 404, "text/plain; charset=utf-8", "Overclock serves /metrics\n", false);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "use GET or HEAD\n", false);
        return;
      }
      long startNanos = System.nanoTime();
      String body;
      ExpositionFormat format =
          ExpositionFormat.forAccept(exchange.getRequestHeaders().getFirst("Accept"));
      try {
        List<MetricFamily> families = ScrapeMetrics.families(source.get(), top, window);
        StringBuilder text = new StringBuilder(16_384);
        format.write(families, text);
        body = text.toString();
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        failures.incrementAndGet();
        AgentLog.warnOnce("prometheus-scrape",
            "a Prometheus scrape failed inside the agent (" + e + "); it was answered with"
                + " status 500, the application is unaffected");
        respond(exchange, 500, "text/plain; charset=utf-8", "scrape failed\n", false);
        return;
      }
      exchange.getResponseHeaders().set("Vary", "Accept, Accept-Encoding");
      boolean gzip = acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
      respond(exchange, 200, format.contentType(), body, gzip);
      AgentLog.debug("served a Prometheus scrape: " + format.description()
          + (gzip ? ", gzip" : "") + ", " + body.length() + " characters in "
          + (System.nanoTime() - startNanos) / 1_000 + " us");
    } catch (IOException | RuntimeException e) {
      // The client went away mid-response, or the server is stopping: nothing to answer.
    }
  }

  private static void respond(
      HttpExchange exchange, int status, String contentType, String body, boolean gzip)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
      try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
        out.write(bytes);
      }
      bytes = compressed.toByteArray();
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // The JDK server writes the headers and the body as two segments without TCP_NODELAY (only
    // the JVM-wide sun.net.httpserver.nodelay, which is the application's to set, turns it on):
    // on a kept-alive connection, Nagle's algorithm then holds the body until the client's
    // delayed ACK of the headers, 40 ms on Linux. Closing the connection sends the body at once;
    // a scraper opening one connection per scrape interval costs next to nothing.
    exchange.getResponseHeaders().set("Connection", "close");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    // For HEAD, -1: no body follows (the JDK server then sends no Content-Length).
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Whether an {@code Accept-Encoding} header accepts gzip (not with {@code q=0}). */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.split(";", -1);
      String name = parts[0].strip().toLowerCase(Locale.ROOT);
      if (!name.equals("gzip") && !name.equals("x-gzip")) {
        continue;
      }
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].replace(" ", "");
        if (parameter.matches("[qQ]=0(\\.0{0,3})?")) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}

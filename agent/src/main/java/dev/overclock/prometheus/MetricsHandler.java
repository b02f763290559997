package dev.overclock.prometheus;

import dev.overclock.log.AgentLog;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers HTTP requests to the endpoint: {@code GET} or {@code HEAD /metrics} with the exposition,
 * in the format the {@code Accept} header asks for and gzip-compressed when the client accepts it
 * (Prometheus does; text of a few hundred methods shrinks about tenfold), from the {@link
 * ScrapeCache}. With a bearer token configured, a request without it is answered 401 before
 * anything is built.
 *
 * <p>Whatever goes wrong inside the agent while building a scrape is answered with status 500,
 * counted, and printed once; the next scrape starts afresh. Nothing is thrown to the server.
 */
final class MetricsHandler {

  private final ScrapeCache cache;
  private final BearerToken token;
  private final AtomicLong failures = new AtomicLong();

  /**
   * @param token the token every request must carry, or {@code null}
   */
  MetricsHandler(ScrapeCache cache, BearerToken token) {
    this.cache = cache;
    this.token = token;
  }

  long failures() {
    return failures.get();
  }

  Response handle(RequestHead request, InetAddress client) {
    String path = request.path();
    if (!path.equals("/metrics") && !path.equals("/metrics/")) {
      return Response.text(404, "Overclock serves /metrics\n");
    }
    if (!request.method().equals("GET") && !request.isHead()) {
      return Response.text(405, "use GET or HEAD\n", "Allow", "GET, HEAD");
    }
    if (token != null && !token.accepts(request.header("Authorization"))) {
      // Neither the header nor the token: only that it did not match, and where from.
      AgentLog.warnOnce("prometheus-token", "refused a Prometheus scrape from "
          + client.getHostAddress() + " without the bearer token of prometheus.token (printed"
          + " once; later refusals only with verbose=true)");
      AgentLog.debug("refused a Prometheus scrape without the bearer token from "
          + client.getHostAddress());
      return Response.text(401, "a bearer token is required\n",
          "WWW-Authenticate", "Bearer realm=\"overclock\"");
    }
    long startNanos = System.nanoTime();
    ExpositionFormat format = ExpositionFormat.forAccept(request.header("Accept"));
    boolean gzip = acceptsGzip(request.header("Accept-Encoding"));
    ScrapeCache.Body body;
    try {
      body = cache.body(format, gzip);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      failures.incrementAndGet();
      AgentLog.warnOnce("prometheus-scrape",
          "a Prometheus scrape failed inside the agent (" + e + "); it was answered with"
              + " status 500, the application is unaffected");
      return Response.text(500, "scrape failed\n");
    }
    List<String> headers = new ArrayList<>(List.of(
        "Content-Type", format.contentType(), "Vary", "Accept, Accept-Encoding"));
    if (gzip) {
      headers.add("Content-Encoding");
      headers.add("gzip");
    }
    AgentLog.debug("served a Prometheus scrape: " + format.description()
        + (gzip ? ", gzip" : "") + ", " + body.characters() + " characters in "
        + (System.nanoTime() - startNanos) / 1_000 + " us" + (body.cached() ? " (cached)" : ""));
    return new Response(200, headers, body.bytes());
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

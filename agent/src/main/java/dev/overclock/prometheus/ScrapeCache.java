package dev.overclock.prometheus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The scrape, built at most once per interval: requests within it get the same bytes, so that a
 * flood of requests (or two Prometheus servers scraping the same JVM) costs the application one
 * report per interval, not one per request. Each format, plain or gzip-compressed, is written
 * once per build, when first asked for. A build that fails is not kept: the next request tries
 * again.
 *
 * <p>Used by the endpoint's one thread only.
 */
final class ScrapeCache {

  /**
   * One body.
   *
   * @param bytes what is sent
   * @param characters the exposition's length in characters, for the debug line
   * @param cached whether it was built for an earlier request
   */
  record Body(byte[] bytes, int characters, boolean cached) {}

  private final Supplier<Scrape> source;
  private final int top;
  private final Duration window;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Body> bodies = new HashMap<>();
  private List<MetricFamily> families;
  private long builtAtNanos;

  ScrapeCache(Supplier<Scrape> source, int top, Duration window, Duration interval,
      LongSupplier nanoTime) {
    this.source = source;
    this.top = top;
    this.window = window;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * The exposition in this format, compressed or not.
   *
   * @throws RuntimeException whatever building the scrape threw (nothing is kept then)
   */
  Body body(ExpositionFormat format, boolean gzip) {
    long now = nanoTime.getAsLong();
    if (families == null || now - builtAtNanos >= intervalNanos) {
      families = null;
      bodies.clear();
      families = ScrapeMetrics.families(source.get(), top, window);
      builtAtNanos = now;
    }
    String key = format.name() + (gzip ? "+gzip" : "");
    Body kept = bodies.get(key);
    if (kept != null) {
      return new Body(kept.bytes(), kept.characters(), true);
    }
    StringBuilder text = new StringBuilder(16_384);
    format.write(families, text);
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    Body built = new Body(gzip ? gzip(bytes) : bytes, text.length(), false);
    bodies.put(key, built);
    return built;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from memory
    }
    return compressed.toByteArray();
  }
}

package dev.overclock.benchmarks;

import benchtarget.FiftyMethods;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one Prometheus scrape costs the monitored JVM: a {@code GET /metrics} to the agent's
 * endpoint in the same forked JVM (the agent is added by {@link BenchmarkMain}; this class turns
 * its endpoint on at port {@value #PORT} with a system property), with {@value
 * FiftyMethods#COUNT} timed methods that have figures. Each scrape reads every method's recorders
 * without consuming the report's windows, builds the report model, renders it and, like
 * Prometheus asks, compresses it:
 *
 * <ul>
 *   <li>{@code openMetricsGzip}: what Prometheus asks for ({@code Accept:
 *       application/openmetrics-text}, {@code Accept-Encoding: gzip});
 *   <li>{@code text}: the text format 0.0.4, uncompressed (what {@code curl} gets).
 * </ul>
 *
 * Divide by {@value FiftyMethods#COUNT} for the cost per exported method.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = "-Doverclock.prometheus.port=" + ScrapeCost.PORT)
@State(Scope.Benchmark)
public class ScrapeCost {

  /** A fixed port: the forked JVM cannot tell the harness a free one. Free it before running. */
  static final int PORT = 19464;

  private URI metrics;

  @Setup(Level.Trial)
  public void callEveryMethod() throws IOException {
    for (int round = 0; round < 1_000; round++) {
      for (int method = 0; method < FiftyMethods.COUNT; method++) {
        FiftyMethods.call(method, round);
      }
    }
    metrics = URI.create("http://127.0.0.1:" + PORT + "/metrics");
    // The endpoint binds on its own thread after start-up; the first scrape shows it is there.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        scrape("*/*", "identity");
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the agent's Prometheus endpoint is not listening on port " + PORT
              + " (is the port taken? see the agent's line on standard error)", notYet);
        }
        Thread.onSpinWait();
      }
    }
  }

  @Benchmark
  public long openMetricsGzip() throws IOException {
    return scrape("application/openmetrics-text;version=1.0.0", "gzip");
  }

  @Benchmark
  public long text() throws IOException {
    return scrape("text/plain;version=0.0.4", "identity");
  }

  private long scrape(String accept, String encoding) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) metrics.toURL().openConnection();
    connection.setRequestProperty("Accept", accept);
    connection.setRequestProperty("Accept-Encoding", encoding);
    if (connection.getResponseCode() != 200) {
      throw new IOException("status " + connection.getResponseCode());
    }
    long bytes = 0;
    try (InputStream in = connection.getInputStream()) {
      byte[] buffer = new byte[16_384];
      for (int read; (read = in.read(buffer)) >= 0; ) {
        bytes += read;
      }
    }
    return bytes; // the connection stays open for the next scrape (keep-alive)
  }
}

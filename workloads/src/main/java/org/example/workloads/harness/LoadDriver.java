package org.example.workloads.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs a workload's clients for the given duration, each on its own thread with its own latency
 * histogram (no shared state between clients on the hot path), then computes the checksum and
 * prints one machine-readable line:
 *
 * <pre>
 * RESULT workload=jdbc threads=4 seconds=10.00 ops=123456 errors=0 throughput=12345.6/s
 *     p50_us=210 p99_us=1830 checksum=6a09e667f3bcc908
 * </pre>
 *
 * (on one line). Latencies are wall-clock times around each operation, measured here.
 */
public final class LoadDriver {

  private final Options options;
  private final PrintStream out;

  public LoadDriver(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Returns the process exit code: 0, or 1 when an operation failed. */
  public int run(Workload workload) throws Exception {
    long setupStart = System.nanoTime();
    workload.start(options);
    out.printf(Locale.ROOT, "%s: set up in %d ms; %d client threads for %.1f s%n",
        options.workload(), (System.nanoTime() - setupStart) / 1_000_000, options.threads(),
        options.durationSeconds());

    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < options.threads(); i++) {
      // Each client's sequence depends on the seed and its index only.
      Client client = new Client(workload.openSession(options.seed() * 1_000_003L + i),
          options.maxOpsPerThread());
      client.setName(options.workload() + "-client-" + i);
      clients.add(client);
    }
    long start = System.nanoTime();
    long deadline = start + (long) (options.durationSeconds() * 1e9);
    for (Client client : clients) {
      client.deadline = deadline;
      client.start();
    }
    Histogram latencies = new Histogram(3);
    long ops = 0;
    long errors = 0;
    for (Client client : clients) {
      client.join();
      latencies.add(client.latencies);
      ops += client.ops;
      errors += client.errors;
      client.session.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    long checksum = workload.checksum(options.seed());
    workload.close();
    for (Client client : clients) {
      Throwable first = client.firstError.get();
      if (first != null) {
        System.err.println(client.getName() + ": " + client.errors + " failed operations; the first:");
        first.printStackTrace();
      }
    }
    out.printf(Locale.ROOT, "RESULT workload=%s threads=%d seconds=%.2f ops=%d errors=%d"
            + " throughput=%.1f/s p50_us=%d p99_us=%d checksum=%016x%n",
        options.workload(), options.threads(), seconds, ops, errors, ops / seconds,
        latencies.getValueAtPercentile(50) / 1000, latencies.getValueAtPercentile(99) / 1000,
        checksum);
    return errors == 0 ? 0 : 1;
  }

  /** One client thread: runs operations until the deadline or its bound, timing each. */
  private static final class Client extends Thread {
    final Workload.Session session;
    final long maxOps;
    final Histogram latencies = new Histogram(3);
    final AtomicReference<Throwable> firstError = new AtomicReference<>();
    volatile long deadline;
    long ops;
    long errors;
    /** The operations' results, folded, so that no result is dead code for the JIT. */
    long resultHash;

    Client(Workload.Session session, long maxOps) {
      this.session = session;
      this.maxOps = maxOps;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      while (now < deadline && ops + errors < maxOps) {
        try {
          resultHash = resultHash * 31 + session.next();
          long end = System.nanoTime();
          latencies.recordValue(end - now);
          ops++;
          now = end;
        } catch (Exception e) {
          errors++;
          firstError.compareAndSet(null, e);
          now = System.nanoTime();
        }
      }
    }
  }
}

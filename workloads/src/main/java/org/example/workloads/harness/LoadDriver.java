package org.example.workloads.harness;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
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
 *     p50_us=210 p99_us=1830 p50_ns=210431 p99_ns=1830911 cpu_ms=19876.5 cpu_us_per_op=161.004
 *     warmup_s=0.0 ready_uptime_ms=1520 ready_epoch_ms=1764772800123 checksum=6a09e667f3bcc908
 * </pre>
 *
 * (on one line). Latencies are wall-clock times around each operation, measured here; {@code
 * p50_ns}/{@code p99_ns} are the same percentiles as {@code p50_us}/{@code p99_us} without the
 * rounding to whole microseconds. {@code cpu_ms} is the process's CPU time (all threads: the
 * application's, the JIT's, the GC's and any agent's) over the measured window, as the JVM reports
 * it, and {@code cpu_us_per_op} that divided by the operations. Operations during the optional
 * warm-up ({@code --warmup}) run the same way but are not counted. On Linux, {@code jit_cpu_ms},
 * {@code gc_cpu_ms}, {@code jfr_cpu_ms} and {@code agent_cpu_ms} (after the checksum) are the
 * parts of {@code cpu_ms} that the JIT's compiler threads, the garbage collector's threads, JFR's
 * threads and an Overclock agent's own threads took ({@link ThreadCpu}); elsewhere they are left
 * out. {@code ready_uptime_ms} (the
 * JVM's uptime) and {@code ready_epoch_ms} (the wall clock) are taken when the data set is built
 * and the clients start: a launcher that notes the wall clock when it starts the JVM gets the
 * start-up time, agents included, from the second. With {@code --phases}, one {@code PHASE} line
 * per phase of the load follows ({@link Phases}).
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
    long readyUptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
    long readyEpochMs = System.currentTimeMillis();
    out.printf(Locale.ROOT, "%s: set up in %d ms; %d client threads for %.1f s%s%n",
        options.workload(), (System.nanoTime() - setupStart) / 1_000_000, options.threads(),
        options.durationSeconds(), options.warmupSeconds() > 0
            ? String.format(Locale.ROOT, " after %.1f s of warm-up", options.warmupSeconds())
            : "");

    ThreadCpu threadCpu = new ThreadCpu();
    Phases phases = options.phaseSeconds() > 0 ? new Phases(options.phaseSeconds(),
        options.warmupSeconds() + options.durationSeconds(), threadCpu) : null;
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < options.threads(); i++) {
      // Each client's sequence depends on the seed and its index only.
      Client client = new Client(workload.openSession(options.seed() * 1_000_003L + i),
          options.maxOpsPerThread(), phases == null ? null : phases.recorder());
      client.setName(options.workload() + "-client-" + i);
      clients.add(client);
    }
    long start = System.nanoTime();
    long measureFrom = start + (long) (options.warmupSeconds() * 1e9);
    long deadline = measureFrom + (long) (options.durationSeconds() * 1e9);
    if (phases != null) {
      phases.mark(0, processCpuNanos());
    }
    for (Client client : clients) {
      client.loadStart = start;
      client.measureFrom = measureFrom;
      client.deadline = deadline;
      client.start();
    }
    // The phases' boundaries in the warm-up, the measured load's start, the boundaries in it.
    int nextPhase = 1;
    while (phases != null && nextPhase < phases.count()
        && start + phases.boundary(nextPhase) <= measureFrom) {
      sleepUntil(start + phases.boundary(nextPhase));
      phases.mark(nextPhase++, processCpuNanos());
    }
    sleepUntil(measureFrom);
    ThreadCpu.Reading threadsStart = threadCpu.available() ? threadCpu.read() : null;
    long cpuStart = processCpuNanos();
    while (phases != null && nextPhase < phases.count()) {
      sleepUntil(start + phases.boundary(nextPhase));
      phases.mark(nextPhase++, processCpuNanos());
    }
    for (Client client : clients) {
      client.join();
    }
    long cpuEnd = processCpuNanos();
    long cpuNanos = cpuEnd - cpuStart;
    ThreadCpu.Reading threadsEnd = threadsStart == null ? null : threadCpu.read();
    if (phases != null) {
      phases.mark(phases.count(), cpuEnd);
    }
    double seconds = (System.nanoTime() - Math.max(start, measureFrom)) / 1e9;
    Histogram latencies = new Histogram(3);
    long ops = 0;
    long errors = 0;
    for (Client client : clients) {
      latencies.add(client.latencies);
      ops += client.ops;
      errors += client.errors;
      client.session.close();
    }

    long checksum = workload.checksum(options.seed());
    workload.close();
    for (Client client : clients) {
      Throwable first = client.firstError.get();
      if (first != null) {
        System.err.println(client.getName() + ": " + client.errors + " failed operations; the first:");
        first.printStackTrace();
      }
    }
    long p50 = latencies.getValueAtPercentile(50);
    long p99 = latencies.getValueAtPercentile(99);
    out.printf(Locale.ROOT, "RESULT workload=%s threads=%d seconds=%.2f ops=%d errors=%d"
            + " throughput=%.1f/s p50_us=%d p99_us=%d p50_ns=%d p99_ns=%d cpu_ms=%.1f"
            + " cpu_us_per_op=%.3f warmup_s=%.1f ready_uptime_ms=%d ready_epoch_ms=%d"
            + " checksum=%016x%s%n",
        options.workload(), options.threads(), seconds, ops, errors, ops / seconds,
        p50 / 1000, p99 / 1000, p50, p99, cpuNanos / 1e6,
        ops == 0 ? 0.0 : cpuNanos / 1e3 / ops, options.warmupSeconds(), readyUptimeMs,
        readyEpochMs, checksum, threadsEnd == null ? "" : String.format(Locale.ROOT,
            " jit_cpu_ms=%.1f gc_cpu_ms=%.1f jfr_cpu_ms=%.1f agent_cpu_ms=%.1f",
            ThreadCpu.nanosBetween(threadsStart.jit(), threadsEnd.jit()) / 1e6,
            ThreadCpu.nanosBetween(threadsStart.gc(), threadsEnd.gc()) / 1e6,
            ThreadCpu.nanosBetween(threadsStart.jfr(), threadsEnd.jfr()) / 1e6,
            ThreadCpu.nanosBetween(threadsStart.agent(), threadsEnd.agent()) / 1e6));
    if (phases != null) {
      phases.print(out, options.workload(), clients.stream().map(client -> client.phases).toList());
    }
    return errors == 0 ? 0 : 1;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  /**
   * The CPU time of the whole process so far, as the JVM reports it (on Linux the process's
   * clock, the sum of all its threads), or 0 on a JVM without the figure.
   */
  private static long processCpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean platform) {
      return Math.max(0, platform.getProcessCpuTime());
    }
    return 0;
  }

  /** One client thread: runs operations until the deadline or its bound, timing each. */
  private static final class Client extends Thread {
    final Workload.Session session;
    final long maxOps;
    final Histogram latencies = new Histogram(3);
    final AtomicReference<Throwable> firstError = new AtomicReference<>();
    /** Per phase of the load, when {@code --phases} asks; null otherwise. */
    final Phases.Recorder phases;
    volatile long loadStart;
    volatile long measureFrom;
    volatile long deadline;
    /** Operations counted in the result (started after the warm-up). */
    long ops;
    /** Operations of any kind, for the bound {@code maxOps}. */
    long attempts;
    long errors;
    /** The operations' results, folded, so that no result is dead code for the JIT. */
    long resultHash;

    Client(Workload.Session session, long maxOps, Phases.Recorder phases) {
      this.session = session;
      this.maxOps = maxOps;
      this.phases = phases;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long started = loadStart;
      long measured = measureFrom;
      while (now < deadline && attempts < maxOps) {
        attempts++;
        try {
          resultHash = resultHash * 31 + session.next();
          long end = System.nanoTime();
          if (now >= measured) {
            latencies.recordValue(end - now);
            ops++;
          }
          if (phases != null) {
            phases.record(now - started, end - now);
          }
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

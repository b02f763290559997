package org.example.workloads.harness;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The load cut into phases of equal length from the clients' start, warm-up included ({@code
 * --phases}): per phase, the operations that started in it, their latencies, and the process's
 * CPU time between the phase's ends. A tool's cost that comes and goes (an agent's settle phase
 * after its start: its first compilations, the application's code compiled again after a change)
 * shows here, where the one result over the measured load averages it with the time after it.
 *
 * <p>Each client counts into its own {@link Recorder} (no shared state on the hot path); the
 * driver's main thread reads the CPU times at each boundary ({@link #mark}), so a phase's CPU is
 * what the whole process spent between two of its reads, a few milliseconds of sleep-wake-up late.
 */
final class Phases {

  private final long phaseNanos;
  private final long loadNanos;
  private final int count;
  private final ThreadCpu threadCpu;
  private final long[] cpuAt;
  private final ThreadCpu.Reading[] threadsAt;

  Phases(double phaseSeconds, double loadSeconds, ThreadCpu threadCpu) {
    this.phaseNanos = (long) (phaseSeconds * 1e9);
    this.loadNanos = (long) (loadSeconds * 1e9);
    this.count = (int) Math.max(1, (loadNanos + phaseNanos - 1) / phaseNanos);
    this.threadCpu = threadCpu.available() ? threadCpu : null;
    this.cpuAt = new long[count + 1];
    this.threadsAt = new ThreadCpu.Reading[count + 1];
  }

  int count() {
    return count;
  }

  /** Nanoseconds after the load's start at which phase {@code index} starts (the load's end for {@code count}). */
  long boundary(int index) {
    return index >= count ? loadNanos : index * phaseNanos;
  }

  /** Reads the CPU times at boundary {@code index}: 0 as the clients start, {@code count} after they ended. */
  void mark(int index, long processCpuNanos) {
    cpuAt[index] = processCpuNanos;
    threadsAt[index] = threadCpu == null ? null : threadCpu.read();
  }

  Recorder recorder() {
    return new Recorder();
  }

  /** One client's operations and latencies per phase. */
  final class Recorder {
    final long[] ops = new long[count];
    final Histogram[] latencies = new Histogram[count];

    Recorder() {
      for (int i = 0; i < count; i++) {
        latencies[i] = new Histogram(3);
      }
    }

    /** An operation that started {@code sinceLoadStart} ns after the load's start and took {@code nanos}. */
    void record(long sinceLoadStart, long nanos) {
      int phase = (int) Math.min(count - 1, Math.max(0, sinceLoadStart / phaseNanos));
      ops[phase]++;
      latencies[phase].recordValue(nanos);
    }
  }

  /**
   * One line per phase, after the RESULT line:
   *
   * <pre>
   * PHASE workload=cpu index=1 from_s=10.0 to_s=20.0 ops=36210 throughput=3621.0/s p50_ns=...
   *     p99_ns=... cpu_ms=19876.5 cpu_us_per_op=548.9 [jit_cpu_ms=... gc_cpu_ms=...]
   * </pre>
   */
  void print(PrintStream out, String workload, List<Recorder> recorders) {
    for (int i = 0; i < count; i++) {
      Histogram latencies = new Histogram(3);
      long ops = 0;
      for (Recorder recorder : recorders) {
        ops += recorder.ops[i];
        latencies.add(recorder.latencies[i]);
      }
      double seconds = (boundary(i + 1) - boundary(i)) / 1e9;
      long cpuNanos = cpuAt[i + 1] - cpuAt[i];
      String threads = threadsAt[i] == null || threadsAt[i + 1] == null ? ""
          : String.format(Locale.ROOT, " jit_cpu_ms=%.1f gc_cpu_ms=%.1f",
              ThreadCpu.nanosBetween(threadsAt[i].jit(), threadsAt[i + 1].jit()) / 1e6,
              ThreadCpu.nanosBetween(threadsAt[i].gc(), threadsAt[i + 1].gc()) / 1e6);
      out.printf(Locale.ROOT, "PHASE workload=%s index=%d from_s=%.1f to_s=%.1f ops=%d"
              + " throughput=%.1f/s p50_ns=%d p99_ns=%d cpu_ms=%.1f cpu_us_per_op=%.3f%s%n",
          workload, i, boundary(i) / 1e9, boundary(i + 1) / 1e9, ops, ops / seconds,
          latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(99), cpuNanos / 1e6,
          ops == 0 ? 0.0 : cpuNanos / 1e3 / ops, threads);
    }
  }
}

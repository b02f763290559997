package dev.overclock.analyze;

import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Per-method latencies from a recording, as the same snapshots the live agent's recorders give,
 * so that the report's methods, classification and recommendations come from the one report
 * builder.
 *
 * <h2>Sources</h2>
 *
 * <ul>
 *   <li>{@code jdk.MethodTrace} (JDK 25): one event per call, with its duration; the percentiles
 *       are those of the traced calls (calls shorter than the event's threshold are not traced).
 *   <li>{@code overclock.MethodStatistics}: one event per method and window, with that window's
 *       count, mean and percentiles. Percentiles of windows cannot be merged exactly; each window
 *       adds half its calls at its p50, 40% at its p90, 9% at its p99 and the rest at its max,
 *       so the merged percentiles are an approximation (exact when every window has the same
 *       distribution); counts, errors and total time are exact.
 * </ul>
 *
 * At most {@link #MAX_METHODS} methods are kept, each with one histogram of two significant
 * digits (a few kilobytes), so memory does not grow with the recording.
 */
final class MethodTimings {

  static final int MAX_METHODS = 2_000;
  static final String TRACE = "jdk.MethodTrace";
  static final String STATISTICS = "overclock.MethodStatistics";

  private final Map<String, Timing> methods = new LinkedHashMap<>();
  private final Map<String, Boolean> sources = new LinkedHashMap<>();

  /** One {@code overclock.MethodStatistics} event. */
  void statistics(String method, String descriptor, String selectedBy, long calls, long errors,
      long mean, long p50, long p90, long p99, long max) {
    if (calls <= 0 || method == null) {
      return;
    }
    int split = method.indexOf("::");
    if (split <= 0) {
      return;
    }
    Timing timing = timing(method.substring(0, split), method.substring(split + 2),
        descriptor == null ? "" : descriptor, selectedBy, STATISTICS);
    if (timing == null) {
      return;
    }
    long atP50 = calls / 2;
    long atP90 = calls * 4 / 10;
    long atP99 = calls * 9 / 100;
    long atMax = Math.max(0, calls - atP50 - atP90 - atP99);
    record(timing.histogram, p50, atP50);
    record(timing.histogram, p90, atP90);
    record(timing.histogram, p99, atP99);
    record(timing.histogram, max, atMax);
    timing.calls += calls;
    timing.errors += Math.max(0, errors);
    timing.totalNanos += Math.max(0, mean) * calls;
  }

  /** One {@code jdk.MethodTrace} event. */
  void trace(String className, String methodName, String descriptor, long durationNanos) {
    Timing timing = timing(className, methodName, descriptor, "filter", TRACE);
    if (timing == null) {
      return;
    }
    record(timing.histogram, durationNanos, 1);
    timing.calls++;
    timing.totalNanos += Math.max(0, durationNanos);
  }

  /** The events the timings came from, joined with ", ", or {@code null} for none. */
  String source() {
    return sources.isEmpty() ? null : String.join(", ", sources.keySet());
  }

  List<MethodSnapshot> snapshots() {
    List<MethodSnapshot> snapshots = new ArrayList<>(methods.size());
    for (Timing timing : methods.values()) {
      if (timing.calls == 0 || timing.histogram.getTotalCount() == 0) {
        continue;
      }
      LatencySummary latency = LatencySummary.of(timing.histogram, timing.totalNanos);
      // LatencySummary counts the histogram; the calls of the events are the truth.
      latency = new LatencySummary(timing.calls, latency.minNanos(),
          (double) timing.totalNanos / timing.calls, latency.p50Nanos(), latency.p90Nanos(),
          latency.p99Nanos(), latency.p999Nanos(), latency.maxNanos(), latency.distribution());
      snapshots.add(new MethodSnapshot(timing.method, timing.calls, timing.errors,
          timing.totalNanos, latency, LatencySummary.EMPTY, 0, CpuSample.NONE));
    }
    return snapshots;
  }

  private Timing timing(String className, String methodName, String descriptor,
      String selectedBy, String source) {
    String key = className + "::" + methodName + descriptor;
    Timing timing = methods.get(key);
    if (timing == null) {
      if (methods.size() >= MAX_METHODS) {
        return null;
      }
      String by = "annotation".equals(selectedBy) || "auto".equals(selectedBy) ? selectedBy
          : "filter";
      timing = new Timing(new MethodRef(className, methodName, descriptor, by));
      methods.put(key, timing);
    }
    sources.put(source, Boolean.TRUE);
    return timing;
  }

  private static void record(Histogram histogram, long nanos, long count) {
    if (count > 0) {
      histogram.recordValueWithCount(Math.max(1, nanos), count);
    }
  }

  private static final class Timing {
    final MethodRef method;
    final Histogram histogram = new Histogram(2);
    long calls;
    long errors;
    long totalNanos;

    Timing(MethodRef method) {
      this.method = method;
    }
  }
}

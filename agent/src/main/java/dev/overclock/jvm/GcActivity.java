package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Garbage collections ({@code jdk.GarbageCollection}) with their pause times, per collector (at
 * most {@link #MAX_COLLECTORS}), and the heap in use after each ({@code jdk.GCHeapSummary}).
 */
final class GcActivity {

  static final int MAX_COLLECTORS = 16;

  private final Histogram pauses = new Histogram(2);
  private long collections;
  private long pauseNanos;
  private final Map<String, long[]> collectors = new LinkedHashMap<>();
  private final TimeSeries heapAfterGc;

  GcActivity(int maxPoints) {
    heapAfterGc = new TimeSeries(maxPoints, 1);
  }

  /** A collection and its stop-the-world pause time. */
  void collection(String name, long pauseNanos) {
    long pause = Math.max(0, pauseNanos);
    collections++;
    this.pauseNanos += pause;
    pauses.recordValue(pause);
    long[] collector = collectors.get(name);
    if (collector == null && collectors.size() < MAX_COLLECTORS) {
      collector = new long[2];
      collectors.put(name, collector);
    }
    if (collector != null) {
      collector[0]++;
      collector[1] += pause;
    }
  }

  /** Heap in use after a collection. */
  void heapAfterGc(Instant at, long usedBytes) {
    heapAfterGc.add(Timeline.epochNanos(at), usedBytes);
  }

  /** The report section; {@code durationNanos} is the period the events covered. */
  JvmReport.Gc report(long fromNanos, long durationNanos) {
    List<JvmReport.Collector> collectorList = new ArrayList<>();
    for (Map.Entry<String, long[]> collector : collectors.entrySet()) {
      collectorList.add(new JvmReport.Collector(
          collector.getKey(), collector.getValue()[0], collector.getValue()[1]));
    }
    List<JvmReport.HeapPoint> heap = new ArrayList<>();
    for (TimeSeries.Point point : heapAfterGc.points()) {
      heap.add(new JvmReport.HeapPoint(
          Math.max(0, point.offsetNanos() - fromNanos), Math.round(point.values()[0])));
    }
    return new JvmReport.Gc(
        collections,
        pauseNanos,
        durationNanos == 0 ? 0 : Timeline.clamp((double) pauseNanos / durationNanos),
        collections == 0 ? 0 : pauses.getValueAtPercentile(50),
        collections == 0 ? 0 : pauses.getValueAtPercentile(99),
        collections == 0 ? 0 : pauses.getMaxValue(),
        collectorList,
        heap);
  }
}

package dev.overclock.jfr;

import dev.overclock.offload.OffloadFigures;
import dev.overclock.offload.OffloadSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Turns the offload recorders' running totals into windows for {@link OffloadStatisticsEvent}:
 * each emission commits, per offloaded method, the figures since the previous emission.
 *
 * <p>As for memoization ({@link MemoStatistics}), the offload counters only grow and reading them
 * takes nothing away (the report and Prometheus read the same totals), so a window is the
 * difference to the totals seen last time; the body-latency percentiles come from the difference
 * of two copies of the method's histogram. Runs only as JFR's periodic hook, one call at a time,
 * so the baselines need no lock, and reads nothing while no recording enables the event.
 */
final class OffloadStatistics implements Runnable {

  private final Supplier<List<OffloadFigures>> figures;
  private final Map<Integer, Baseline> previous = new HashMap<>();
  private long lastNanos = System.nanoTime();
  private long events;

  /** What the previous emission saw of one method. */
  private record Baseline(OffloadSnapshot snapshot, Histogram latency) {}

  /** @param figures the running totals of every offloaded method, with histogram copies */
  OffloadStatistics(Supplier<List<OffloadFigures>> figures) {
    this.figures = figures;
  }

  /** Commits one event per offloaded method that was busy since the last emission. */
  @Override
  public void run() {
    if (!new OffloadStatisticsEvent().isEnabled()) {
      return;
    }
    long now = System.nanoTime();
    long window = Math.max(0, now - lastNanos);
    lastNanos = now;
    for (OffloadFigures method : figures.get()) {
      OffloadSnapshot current = method.snapshot();
      Baseline before = previous.put(method.id(), new Baseline(current, method.latency().copy()));
      Histogram finished = method.latency();
      if (before != null) {
        finished.subtract(before.latency());
      }
      long calls = current.calls() - (before == null ? 0 : before.snapshot().calls());
      if (calls == 0 && current.inFlight() == 0 && finished.getTotalCount() == 0) {
        continue;
      }
      OffloadStatisticsEvent event = new OffloadStatisticsEvent();
      event.method = current.method().name();
      event.descriptor = current.method().descriptor();
      event.mode = current.mode().label();
      event.carrier = current.carrier();
      event.window = window;
      event.calls = calls;
      event.inFlight = current.inFlight();
      event.maxInFlight = current.maxInFlight();
      event.queueWaits =
          current.queueWaits() - (before == null ? 0 : before.snapshot().queueWaits());
      event.timeouts = current.timeouts() - (before == null ? 0 : before.snapshot().timeouts());
      event.rejections =
          current.rejections() - (before == null ? 0 : before.snapshot().rejections());
      event.failures = current.failures() - (before == null ? 0 : before.snapshot().failures());
      event.pinned = current.pinned() - (before == null ? 0 : before.snapshot().pinned());
      event.bodies = finished.getTotalCount();
      if (event.bodies > 0) {
        event.p50 = finished.highestEquivalentValue(finished.getValueAtPercentile(50));
        event.p99 = finished.highestEquivalentValue(finished.getValueAtPercentile(99));
        event.max = finished.highestEquivalentValue(finished.getMaxValue());
      }
      event.totalCalls = current.calls();
      event.commit();
      events++;
    }
  }

  /** Events committed so far; for tests. */
  long events() {
    return events;
  }
}

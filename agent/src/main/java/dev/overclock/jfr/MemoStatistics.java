package dev.overclock.jfr;

import dev.overclock.memo.MemoSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the memoization recorders' running totals into windows for {@link MemoStatisticsEvent}:
 * each emission commits, per memoized method, the figures since the previous emission.
 *
 * <h2>Why it keeps its own baselines</h2>
 *
 * The memoization counters only ever grow and reading them takes nothing away (the report and
 * the Prometheus endpoint read the same totals), so the window is the difference to the totals
 * this emitter saw last time. It runs only as JFR's periodic hook, on JFR's periodic thread, one
 * call at a time, so its baselines need no lock; a method's first window starts when memoization
 * started. Reading the totals costs one pass over the memoized methods, and only while a
 * recording enables the event.
 */
final class MemoStatistics implements Runnable {

  private final Supplier<List<MemoSnapshot>> figures;
  private final Map<String, MemoSnapshot> previous = new HashMap<>();
  private long lastNanos = System.nanoTime();
  private long events;

  /** @param figures the running totals of every memoized method, as the report reads them */
  MemoStatistics(Supplier<List<MemoSnapshot>> figures) {
    this.figures = figures;
  }

  /** Commits one event per memoized method whose cache saw a call or an eviction since the last. */
  @Override
  public void run() {
    if (!new MemoStatisticsEvent().isEnabled()) {
      return;
    }
    long now = System.nanoTime();
    long window = Math.max(0, now - lastNanos);
    lastNanos = now;
    for (MemoSnapshot current : figures.get()) {
      if (current.state().equals("skipped")) {
        continue;
      }
      String key = current.method().key();
      MemoSnapshot before = previous.put(key, current);
      long hits = current.hits() - (before == null ? 0 : before.hits());
      long misses = current.misses() - (before == null ? 0 : before.misses());
      long checks = current.checks() - (before == null ? 0 : before.checks());
      long evictions = current.evictions() - (before == null ? 0 : before.evictions());
      if (hits + misses + checks == 0 && evictions == 0) {
        continue;
      }
      MemoStatisticsEvent event = new MemoStatisticsEvent();
      event.method = current.method().name();
      event.descriptor = current.method().descriptor();
      event.state = current.state();
      event.window = window;
      event.hits = hits;
      event.misses = misses;
      event.waits = current.waits() - (before == null ? 0 : before.waits());
      event.verifyChecks = checks;
      event.verifyFailures =
          current.checkFailures() - (before == null ? 0 : before.checkFailures());
      long lookups = hits + misses + checks;
      event.hitRatio = lookups == 0 ? 0 : (double) (hits + checks) / lookups;
      event.evictions = evictions;
      event.size = current.size();
      event.meanMiss = Math.round(current.meanMissNanos());
      event.saved = Math.round(hits * current.meanMissNanos());
      event.totalHits = current.hits();
      event.totalMisses = current.misses();
      event.commit();
      events++;
    }
  }

  /** Events committed so far; for tests. */
  long events() {
    return events;
  }
}

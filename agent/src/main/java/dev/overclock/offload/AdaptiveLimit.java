package dev.overclock.offload;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * How many tasks of one substituted pool may run at once: starts at the pool's own size and
 * adapts to the tasks' latency, in the spirit of Netflix's concurrency-limits (gradient).
 *
 * <p>Every window of completed tasks (as many as the limit, at least {@link #MIN_WINDOW}) gives a
 * mean latency. While it stays within {@link #TOLERANCE} of the lowest mean seen (the latency
 * without load) and the window used the whole limit, the limit grows by half: the tasks wait on
 * something that more of them can wait on at once (a sleep, a remote call). When the mean grows
 * past that, tasks queue for a shared resource (a lock, a pool of connections) and the limit
 * shrinks in proportion, but never below the pool's own size: the substitute never runs fewer
 * tasks at once than the original pool, so it is never slower for lack of threads, and never
 * more than {@code max}.
 */
final class AdaptiveLimit {

  static final int MIN_WINDOW = 16;
  static final double TOLERANCE = 1.5;

  /** The most recent changes kept for the report. */
  static final int KEPT_CHANGES = 5;

  /** Windows after which the no-load latency is measured anew (the workload may change). */
  private static final int RESET_NO_LOAD_EVERY = 100;

  private final int floor;
  private final int max;
  private volatile int limit;

  private int samples;
  private long sumNanos;
  private int busiest;
  private double noLoadNanos = Double.MAX_VALUE;
  private int windows;
  private int highest;
  private int lowest;
  private long changes;
  private final Deque<PoolSnapshot.LimitChange> recent = new ArrayDeque<>();

  /**
   * @param floor the pool's own size: the limit's start and least value
   * @param max the hard maximum ({@code offload.executors.max}), {@code Integer.MAX_VALUE} for none
   */
  AdaptiveLimit(int floor, int max) {
    this.floor = Math.max(1, Math.min(floor, max));
    this.max = Math.max(this.floor, max);
    this.limit = this.floor;
    this.highest = this.floor;
    this.lowest = this.floor;
  }

  int limit() {
    return limit;
  }

  /** The highest the limit has been. */
  synchronized int highest() {
    return highest;
  }

  /** The lowest the limit has been. */
  synchronized int lowest() {
    return lowest;
  }

  /** How often the limit moved. */
  synchronized long changes() {
    return changes;
  }

  /** The last few moves, oldest first. */
  synchronized List<PoolSnapshot.LimitChange> recentChanges() {
    return new ArrayList<>(recent);
  }

  /** One task ended after {@code nanos}, with {@code inFlight} tasks running when it ended. */
  synchronized void completed(long nanos, int inFlight) {
    samples++;
    sumNanos += Math.max(0, nanos);
    busiest = Math.max(busiest, inFlight);
    int current = limit;
    if (samples < Math.max(MIN_WINDOW, Math.min(current, 1_000))) {
      return;
    }
    double mean = (double) sumNanos / samples;
    boolean saturated = busiest >= current;
    samples = 0;
    sumNanos = 0;
    busiest = 0;
    if (++windows % RESET_NO_LOAD_EVERY == 0) {
      noLoadNanos = mean;
    }
    noLoadNanos = Math.min(noLoadNanos, mean);
    int next;
    String why;
    if (mean > noLoadNanos * TOLERANCE) {
      double gradient = Math.max(0.5, noLoadNanos * TOLERANCE / mean);
      next = (int) (current * gradient);
      why = String.format("tasks took %.1fx their unloaded time: they queue for something shared",
          mean / noLoadNanos);
    } else if (saturated) {
      next = current + Math.max(1, current / 2);
      why = "every slot was in use and task time held";
    } else {
      next = current;
      why = null;
    }
    limit = (int) Math.max(floor, Math.min((long) max, next));
    highest = Math.max(highest, limit);
    lowest = Math.min(lowest, limit);
    if (limit != current) {
      changes++;
      if (recent.size() == KEPT_CHANGES) {
        recent.removeFirst();
      }
      recent.addLast(new PoolSnapshot.LimitChange(Instant.now(), current, limit, why));
    }
  }
}

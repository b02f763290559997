package dev.overclock.offload;

import java.time.Instant;
import java.util.List;

/**
 * One thread pool created at a substituted call site, at one moment: what became of it and what
 * its tasks did. Times are nanoseconds.
 *
 * @param site where the application created it: {@code com.acme.Shop::start line 12
 *     (Executors.newFixedThreadPool)}
 * @param state {@code virtual} (new tasks run on virtual threads), {@code platform} (on the
 *     pool's own threads), or {@code measuring} (on its own threads while the first are measured)
 * @param reason why, in one sentence
 * @param coreSize the pool's core size as created
 * @param maxSize its maximum size as created ({@code Integer.MAX_VALUE}: no maximum)
 * @param queueCapacity its queue's capacity as created, -1 when unbounded
 * @param virtualTasks tasks that ended on virtual threads
 * @param platformTasks tasks started on the pool's own threads
 * @param running tasks running now, on either
 * @param maxRunning the most that ran at once
 * @param queued tasks waiting to start now (in the pool's queue and the lane's)
 * @param limit how many tasks may run at once on virtual threads now (the adaptive limit)
 * @param limitChanges how often that limit moved; {@code recentLimitChanges} the last few moves
 * @param queueWait how long tasks waited to start on a virtual thread
 * @param taskTime how long tasks ran, on either
 * @param pinnedEvents {@code jdk.VirtualThreadPinned} events of its tasks; {@code pinnedFrame} the
 *     first one's application frame, or {@code null}
 * @param evidence the sampled evidence of waiting
 * @param movePaid {@code auto=optimize} moved the pool to virtual threads and its gain check found
 *     that the move paid (it stays there); {@code false} for every other pool
 */
public record PoolSnapshot(
    String site,
    String state,
    String reason,
    int coreSize,
    int maxSize,
    int queueCapacity,
    long virtualTasks,
    long platformTasks,
    int running,
    int maxRunning,
    int queued,
    int limit,
    int lowestLimit,
    int highestLimit,
    long limitChanges,
    List<LimitChange> recentLimitChanges,
    Times queueWait,
    Times taskTime,
    int pinnedEvents,
    String pinnedFrame,
    Evidence evidence,
    boolean movePaid) {

  public PoolSnapshot {
    recentLimitChanges = List.copyOf(recentLimitChanges);
  }

  /** Percentiles of a set of durations; {@code count} 0: none recorded. */
  public record Times(long count, long p50, long p95, long p99, long max) {
    public static final Times NONE = new Times(0, 0, 0, 0, 0);
  }

  /** One move of the adaptive limit: when, from, to, and why. */
  public record LimitChange(Instant at, int from, int to, String why) {}

  /**
   * The evidence of waiting, from sampled tasks on the pool's own threads.
   *
   * @param sampled tasks measured
   * @param cpuShare their CPU time over the time they could run (their wall time less the time
   *     their thread waited for a core, where the operating system tells), 0..1; -1 when none was
   *     measured
   * @param waited of those, the tasks that waited in Java (sleep, park, wait, a contended lock)
   */
  public record Evidence(int sampled, double cpuShare, int waited) {
    public static final Evidence NONE = new Evidence(0, -1, 0);

    /** The share of the sampled tasks' time off the CPU; -1 when unknown. */
    public double blockedShare() {
      return cpuShare < 0 ? -1 : 1 - cpuShare;
    }
  }
}

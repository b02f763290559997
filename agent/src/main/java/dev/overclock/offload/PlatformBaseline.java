package dev.overclock.offload;

/**
 * {@code auto=optimize}: a pool's throughput on its own platform threads before a move to virtual
 * threads, the baseline of its {@link GainCheck}. Reads no clock: the lane gives each task end's
 * time and the pool's state then.
 *
 * <p>It is the pool's <em>saturated</em> completion rate: only task ends that found every thread
 * of the pool busy and tasks waiting in its queue count, because that is the rate virtual threads
 * can improve on (a pool that keeps up with its work ends tasks as fast as they arrive, whatever
 * its threads). Counting from the pool's first task instead read a ramp: an application's first
 * calls one after the other, or threads still starting, end fewer tasks per second than the pool
 * can, so a move that brought nothing read as a gain (a pool bound by one shared permit at 20
 * tasks/s measured 16-17 before the move and "gained" 1.17-1.30x). For the same reason the
 * pool's first round of tasks (a task end per thread: threads starting, classes loading, code
 * not yet compiled) never counts. Saturated stretches are joined ({@link CompletionRate#pause}).
 *
 * <p>The rate is ready once {@link #MIN_ROUNDS} rounds of the pool (at least {@link
 * #MIN_INTERVALS} task ends) came after the first saturated end: the move waits for it.
 */
final class PlatformBaseline {

  /** Rounds of the pool (task ends per thread) that make a baseline. */
  static final int MIN_ROUNDS = 2;

  /** Task ends, after the first counted one, that make a baseline however small the pool. */
  static final int MIN_INTERVALS = 16;

  private final int poolSize;
  private final int needed;
  private CompletionRate rate = new CompletionRate();

  /** @param poolSize how many tasks the pool runs at once on its own threads */
  PlatformBaseline(int poolSize) {
    this.poolSize = Math.max(1, poolSize);
    this.needed = (int) Math.max(MIN_INTERVALS, Math.min(1 << 20, (long) MIN_ROUNDS * poolSize));
  }

  /**
   * A platform task ended.
   *
   * @param nanos when ({@code System.nanoTime})
   * @param ended the pool's tasks ended so far, this one included
   * @param busy the pool's tasks running as it ended, this one included
   * @param queued tasks waiting in the pool's queue for a free thread
   */
  synchronized void ended(long nanos, long ended, int busy, int queued) {
    if (ended <= poolSize) {
      return; // the pool's first round: its start, not its rate
    }
    if (busy >= poolSize && queued > 0) {
      rate.add(nanos, ended);
    } else {
      rate.pause();
    }
  }

  /** Whether enough saturated task ends were seen to compare a move with. */
  synchronized boolean ready() {
    return rate.points() > needed && rate.seconds() > 0;
  }

  /** Tasks ended per second while saturated; NaN until some were seen. */
  synchronized double perSecond() {
    return rate.perSecond();
  }

  /** Task ends counted so far. */
  synchronized int points() {
    return rate.points();
  }

  /** Starts over (the probe measures the pool again: the baseline is that measurement's). */
  synchronized void restart() {
    rate = new CompletionRate();
  }
}

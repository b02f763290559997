package dev.overclock.offload;

/**
 * {@code auto=optimize}: whether moving a pool to virtual threads paid. Before the move it knows
 * the pool's saturated throughput on its platform threads ({@link PlatformBaseline}) and how long a
 * task ran; after it, it lets the pool settle, then counts the tasks that end (on either kind of
 * thread) until a window of them is full, and compares.
 *
 * <p><b>Settling.</b> The first {@link #settle} task ends after the move are not measured: they
 * include the tasks the pool's own threads were already running, the start of the virtual-thread
 * scheduler (and of the pinning watch's JFR stream), and a limit that starts at the pool's own
 * size ({@link AdaptiveLimit}) and grows by half a window at a time: measured at once, a pool
 * whose tasks would gain many times over reads about as fast as before (0.99x was read on a
 * saturated machine), which says nothing about the move. Two windows of the limit let it grow
 * twice before the rate is taken.
 *
 * <p><b>Rate.</b> The least-squares slope of the window's task ends over time ({@link
 * CompletionRate}), as for the baseline, not the count over the time since some start. The
 * window is at least {@link #MIN_WINDOW} task ends and four rounds of the pool, and spans at least
 * {@link #WINDOW_TASK_TIMES} times a task's run time on platform threads: once the limit has grown,
 * a window of ends can fall within one round of the tasks in flight, whose burst tells nothing of
 * the rate.
 *
 * <p>The move paid when the pool ended at least {@link #MIN_GAIN} times as many tasks per second,
 * or when it kept up with its work (no task waiting to start) without its tasks running more than
 * {@link #SLOWER} times longer: tasks that arrive no faster than they are served cannot end
 * faster, but they no longer wait for a free thread. Otherwise (CPU-bound tasks the probe took for
 * waiting ones, tasks bound by a small shared resource) the pool goes back to its platform threads
 * for new tasks: they cost less and the virtual threads brought nothing.
 */
final class GainCheck {

  /**
   * The least throughput gain that counts as paying. A pool that cannot gain at all (bound by one
   * shared permit) read up to 1.06x on a busy 2-core machine: a woken virtual thread often finds a
   * carrier already running where a platform thread waits for a core. 1.2 keeps such noise from
   * passing for a gain; pool-bound moves read 1.7x and more there.
   */
  static final double MIN_GAIN = 1.2;

  /** How much longer tasks may run on virtual threads when there was no throughput to gain. */
  static final double SLOWER = 1.5;

  /** Tasks ended after the settling before the check is made: at least this many. */
  static final int MIN_WINDOW = 32;

  /** The least time the window spans, in mean platform task times. */
  static final int WINDOW_TASK_TIMES = 4;

  /**
   * What the check found: whether the move paid, in one sentence for the report, and its figures
   * (the audit's evidence).
   *
   * @param virtualPerSecond tasks ended per second after the move (infinite: all at one instant)
   * @param platformPerSecond the saturated rate on platform threads before it
   * @param taskNanos the mean time a task ran after the move
   * @param platformTaskNanos and before it, on platform threads
   */
  record Outcome(boolean paid, String reason, double virtualPerSecond, double platformPerSecond,
      double taskNanos, double platformTaskNanos) {

    /** How many times as many tasks per second ended after the move. */
    double gain() {
      return virtualPerSecond / platformPerSecond;
    }
  }

  private final double platformPerSecond;
  private final double platformTaskNanos;
  private final long settle;
  private final long window;
  private final CompletionRate rate = new CompletionRate();
  private long seen;
  private long windowStart;
  private long ended;
  private long taskNanos;
  private boolean done;

  /**
   * @param platformPerSecond tasks ended per second on the pool's platform threads before the move,
   *     while they were all busy and tasks queued
   * @param platformTaskNanos the mean time a task ran there
   * @param poolSize the pool's own size: the settling is two windows of the {@link AdaptiveLimit}
   *     that starts at it, the window four rounds of it, at least {@link #MIN_WINDOW} tasks
   */
  GainCheck(double platformPerSecond, double platformTaskNanos, int poolSize) {
    this.platformPerSecond = platformPerSecond;
    this.platformTaskNanos = platformTaskNanos;
    int size = Math.max(1, Math.min(poolSize, 1 << 20));
    this.settle = 2L * Math.max(AdaptiveLimit.MIN_WINDOW, Math.min(size, 1_000));
    this.window = Math.max(MIN_WINDOW, 4L * size);
  }

  /** Task ends after the move that are not measured. */
  long settle() {
    return settle;
  }

  /** Task ends measured after the settling. */
  long window() {
    return window;
  }

  /**
   * A task ended after the move, having run {@code nanos}.
   *
   * @param now {@code System.nanoTime}
   * @param backlog whether tasks are waiting to start now
   * @return the outcome once the window is full (once only), else {@code null}
   */
  synchronized Outcome ended(long nanos, long now, boolean backlog) {
    if (done || ++seen <= settle) {
      return null;
    }
    if (ended++ == 0) {
      windowStart = now;
    }
    taskNanos += nanos;
    rate.add(now, ended);
    if (ended < window || now - windowStart < WINDOW_TASK_TIMES * platformTaskNanos) {
      return null;
    }
    done = true;
    double perSecond = rate.perSecond();
    if (!(perSecond > 0)) { // all ended at one instant (a coarse clock): faster than measurable
      perSecond = Double.POSITIVE_INFINITY;
    }
    double meanNanos = (double) taskNanos / ended;
    double gain = perSecond / platformPerSecond;
    String figures = String.format("%.0f tasks/s on virtual threads against %.0f on platform"
        + " threads before the move (%.2fx), a task ran %.1f ms against %.1f ms", perSecond,
        platformPerSecond, gain, meanNanos / 1e6, platformTaskNanos / 1e6);
    if (gain >= MIN_GAIN) {
      return new Outcome(true, "paid: " + figures, perSecond, platformPerSecond, meanNanos,
          platformTaskNanos);
    }
    if (!backlog && meanNanos <= SLOWER * platformTaskNanos) {
      return new Outcome(true, "paid: no task waits for a thread any more; " + figures, perSecond,
          platformPerSecond, meanNanos, platformTaskNanos);
    }
    return new Outcome(false, "moved back: virtual threads did not pay (" + figures
        + (backlog ? ", tasks still waiting to start" : "") + "); new tasks run on platform"
        + " threads", perSecond, platformPerSecond, meanNanos, platformTaskNanos);
  }
}

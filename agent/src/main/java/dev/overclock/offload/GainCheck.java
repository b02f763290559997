package dev.overclock.offload;

/**
 * {@code auto=optimize}: whether moving a pool to virtual threads paid. Before the move it knows
 * the pool's throughput on its platform threads (tasks ended per second while it was measured)
 * and how long a task ran; after it, it counts the tasks that end (on either kind of thread) until
 * a window of them is full, then compares.
 *
 * <p>The move paid when the pool ended at least {@link #MIN_GAIN} times as many tasks per second,
 * or when it kept up with its work (no task waiting to start) without its tasks running more than
 * {@link #SLOWER} times longer: tasks that arrive no faster than they are served cannot end
 * faster, but they no longer wait for a free thread. Otherwise (CPU-bound tasks the probe took for
 * waiting ones, tasks bound by a small shared resource) the pool goes back to its platform threads
 * for new tasks: they cost less and the virtual threads brought nothing.
 *
 * <p>The baseline is tasks ended over the time since the first was started, which undercounts a
 * pool whose first round had not ended: the error is on the side of keeping the move.
 */
final class GainCheck {

  /** The least throughput gain that counts as paying. */
  static final double MIN_GAIN = 1.1;

  /** How much longer tasks may run on virtual threads when there was no throughput to gain. */
  static final double SLOWER = 1.5;

  /** Tasks ended after the move before the check is made: at least this many. */
  static final int MIN_WINDOW = 32;

  /** What the check found: whether the move paid, in one sentence for the report. */
  record Outcome(boolean paid, String reason) {}

  private final double platformPerSecond;
  private final double platformTaskNanos;
  private final long movedAt;
  private final long window;
  private long ended;
  private long taskNanos;
  private boolean done;

  /**
   * @param platformPerSecond tasks ended per second on the pool's platform threads before the move
   * @param platformTaskNanos the mean time a task ran there
   * @param movedAt when the pool moved ({@code System.nanoTime})
   * @param poolSize the pool's own size: the window is four rounds of it, at least {@link
   *     #MIN_WINDOW} tasks
   */
  GainCheck(double platformPerSecond, double platformTaskNanos, long movedAt, int poolSize) {
    this.platformPerSecond = platformPerSecond;
    this.platformTaskNanos = platformTaskNanos;
    this.movedAt = movedAt;
    this.window = Math.max(MIN_WINDOW, 4L * Math.max(1, Math.min(poolSize, 1 << 20)));
  }

  /**
   * A task ended after the move, having run {@code nanos}.
   *
   * @param now {@code System.nanoTime}
   * @param backlog whether tasks are waiting to start now
   * @return the outcome once the window is full (once only), else {@code null}
   */
  synchronized Outcome ended(long nanos, long now, boolean backlog) {
    if (done) {
      return null;
    }
    ended++;
    taskNanos += nanos;
    if (ended < window) {
      return null;
    }
    done = true;
    double elapsed = Math.max(1, now - movedAt) / 1e9;
    double perSecond = ended / elapsed;
    double meanNanos = (double) taskNanos / ended;
    double gain = perSecond / platformPerSecond;
    String figures = String.format("%.0f tasks/s on virtual threads against %.0f on platform"
        + " threads before the move (%.2fx), a task ran %.1f ms against %.1f ms", perSecond,
        platformPerSecond, gain, meanNanos / 1e6, platformTaskNanos / 1e6);
    if (gain >= MIN_GAIN) {
      return new Outcome(true, "paid: " + figures);
    }
    if (!backlog && meanNanos <= SLOWER * platformTaskNanos) {
      return new Outcome(true, "paid: no task waits for a thread any more; " + figures);
    }
    return new Outcome(false, "moved back: virtual threads did not pay (" + figures
        + (backlog ? ", tasks still waiting to start" : "") + "); new tasks run on platform"
        + " threads");
  }
}

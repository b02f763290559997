package dev.overclock.shutdown;

/**
 * Keeps the agent's JFR starts and setting changes out of the JVM's exit.
 *
 * <h2>Why</h2>
 *
 * Starting a JFR recording (and changing a running one's settings) makes JFR retransform its event
 * classes, in native code, through its own JVMTI environment. Once the shutdown hooks have run,
 * the JVM tears JFR down, that environment included; a daemon thread still inside such a
 * retransformation then crashes the JVM ({@code SIGSEGV} in {@code
 * JfrJvmtiAgent::retransform_classes}, seen once on JDK 25: a short program's last line printed,
 * then exit code 134, because the agent's stream started in the very moment the program ended).
 * A Java agent may never turn a clean exit into a crash.
 *
 * <h2>Rule</h2>
 *
 * Every such JFR call runs between {@link #enter} and {@link #leave}; {@link #enter} refuses once
 * the JVM exits. The agent's shutdown hook calls {@link #awaitExit} first: from then on nothing
 * new enters, and it waits for what is inside to leave, so the JVM's teardown, which runs only
 * after every shutdown hook has ended, never meets one. The wait has a bound ({@link
 * #EXIT_WAIT_MILLIS}): a JFR that hangs in its start may delay the exit that much, never keep
 * the JVM alive. A stream's start leaves once its recording runs ({@link Start#beforeStart}:
 * JFR's native start is over then), at its first flush, or when it returns, whichever comes first.
 *
 * <p>One guard for the JVM (static): the exit is the JVM's, whichever part of the agent (live
 * stream, pinning watches) started the recording.
 */
public final class JfrExitGuard {

  /** The longest the exit waits for a JFR start in progress: its start and first flush. */
  public static final long EXIT_WAIT_MILLIS = 3_000;

  private static final JfrExitGuard JVM = new JfrExitGuard();

  private int inside;
  private boolean exiting;

  JfrExitGuard() {}

  /** The JVM's guard. */
  public static JfrExitGuard jvm() {
    return JVM;
  }

  /**
   * Asks to start a recording or change its settings; {@code false} once the JVM exits (the call
   * must then be skipped). Each {@code true} must be matched by one {@link #leave}.
   */
  public synchronized boolean enter() {
    if (exiting) {
      return false;
    }
    inside++;
    return true;
  }

  /** The JFR call that {@link #enter} let in is over. */
  public synchronized void leave() {
    if (inside > 0) {
      inside--;
    }
    if (inside == 0) {
      notifyAll();
    }
  }

  /**
   * Runs {@code change} (a setting change on a running recording) unless the JVM exits.
   *
   * @return whether it ran
   */
  public boolean run(Runnable change) {
    if (!enter()) {
      return false;
    }
    try {
      change.run();
      return true;
    } finally {
      leave();
    }
  }

  /**
   * The JVM exits: lets nothing new in, and waits until what is inside has left, at most {@code
   * maxMillis}.
   *
   * @return whether nothing is inside any more (false: the wait ran out)
   */
  public synchronized boolean awaitExit(long maxMillis) {
    exiting = true;
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    boolean interrupted = false;
    try {
      while (inside > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          interrupted = true; // the exit goes on: keep waiting, restore the flag after
        }
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether the JVM exits and no JFR start or change is in progress: none can begin any more, so
   * a stream that has not started by now never will.
   */
  public synchronized boolean exitedIdle() {
    return exiting && inside == 0;
  }

  /** {@link #awaitExit(long)} with {@link #EXIT_WAIT_MILLIS}. */
  public boolean awaitExit() {
    return awaitExit(EXIT_WAIT_MILLIS);
  }

  /**
   * A stream's start, which leaves the guard once: when its recording runs ({@link
   * #beforeStart}), at the stream's first flush ({@link #started}) or when its blocking start
   * returns ({@link #close}), whichever comes first.
   */
  public static final class Start implements AutoCloseable {
    private final JfrExitGuard guard;
    private boolean left;
    private Runnable unwatch; // ends the watch of beforeStart, if any

    private Start(JfrExitGuard guard) {
      this.guard = guard;
    }

    /**
     * Call on the thread that starts the stream, just before JFR's start. {@code false} once the
     * JVM exits: the start must be skipped (JFR's own shutdown hook may have stopped its recorder,
     * and a stream started then would never flush). Else the start leaves the guard as soon as
     * the recording this thread starts next is running (see {@link RecordingRunning}), so a
     * program that ends in the second before the stream's first flush does not wait for it.
     */
    public boolean beforeStart() {
      synchronized (guard) {
        if (guard.exiting) {
          return false;
        }
      }
      Runnable watch;
      try {
        watch = RecordingRunning.watch(this);
      } catch (RuntimeException | LinkageError e) {
        return true; // no listener: the first flush or the start's end still leaves
      }
      boolean alreadyLeft;
      synchronized (this) {
        alreadyLeft = left;
        if (!alreadyLeft) {
          unwatch = watch;
        }
      }
      if (alreadyLeft) {
        watch.run();
      }
      return true;
    }

    /** The stream flushed, or its recording runs: the start's JFR work is over. */
    public void started() {
      leaveOnce();
    }

    @Override
    public void close() {
      leaveOnce();
    }

    private void leaveOnce() {
      Runnable watch;
      synchronized (this) {
        if (left) {
          return;
        }
        left = true;
        watch = unwatch;
        unwatch = null;
      }
      guard.leave();
      if (watch != null) {
        watch.run();
      }
    }
  }

  /**
   * Enters for a stream's start; {@code null} once the JVM exits (the stream must not start).
   */
  public Start start() {
    return enter() ? new Start(this) : null;
  }
}

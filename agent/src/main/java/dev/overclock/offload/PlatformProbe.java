package dev.overclock.offload;

/**
 * Measures a substituted pool's platform tasks (every task's wall time; the CPU time and Java
 * waits of the first tasks and of those the pool's statistics sample) and decides from the first
 * ones where its tasks belong: on virtual threads if they wait, else on platform threads for good.
 *
 * <p>A task's CPU share is its CPU time over the time it could have run: its wall time less the
 * time its thread waited for a core (Linux's run-queue wait). So a CPU-bound task on a machine
 * that other processes, or this process's own start (the JIT, the agent), keep busy still counts
 * as CPU-bound, and a task that waits counts as waiting however busy the machine. Where the
 * operating system does not tell the run-queue wait, the share is corrected by the load average.
 *
 * <p>{@link #before} and {@link #after} run on the task's thread; {@link #add} under the lane's
 * lock.
 */
final class PlatformProbe {

  /** Platform tasks measured before deciding. */
  static final int PROBE_TASKS = 4;

  /** A CPU share (corrected for a busy machine) from which a pool stays on platform threads. */
  static final double CPU_BOUND_SHARE = 0.5;

  /**
   * Below this corrected CPU share, tasks that never waited in Java clearly wait (in native code:
   * a socket read). Between it and {@link #CPU_BOUND_SHARE} the evidence is unclear: a CPU-bound
   * task the JVM stopped (start-up, safepoints, a collection on a loaded machine) looks the same,
   * so the pool is measured again, at most {@link #UNCLEAR_ROUNDS} times.
   */
  static final double CLEARLY_WAITING_SHARE = 0.25;

  /** Measurements with unclear evidence after which {@link #CPU_BOUND_SHARE} decides alone. */
  static final int UNCLEAR_ROUNDS = 3;

  /** Where a pool's tasks go: virtual threads, its own threads for good, or measured again. */
  enum Where {
    VIRTUAL,
    PLATFORM,
    AGAIN
  }

  /** Where the pool's tasks go from now on, and why (for the report). */
  record Verdict(Where where, String reason) {}

  /**
   * One measured task: its wall time, its CPU time (-1: not measurable, {@link #WALL_ONLY}: only
   * its wall time was taken), how long its thread waited for a core (-1: unknown), whether it
   * waited in Java.
   */
  record Task(long wallNanos, long cpuNanos, long runQueueNanos, boolean waited) {
    Task(long wallNanos, long cpuNanos, boolean waited) {
      this(wallNanos, cpuNanos, -1, waited);
    }

    /** Whether its CPU time and waits were measured, not only its wall time. */
    boolean sampled() {
      return cpuNanos != WALL_ONLY;
    }

    /** The time it could have run: its wall time less its wait for a core, where known. */
    long runnableNanos() {
      return runQueueNanos <= 0 ? wallNanos : Math.max(1, wallNanos - runQueueNanos);
    }
  }

  /** {@link Task#cpuNanos} of a task whose wall time alone was taken. */
  static final long WALL_ONLY = -2;

  private final ThreadLocal<long[]> start = new ThreadLocal<>();
  private final ThreadClocks clocks;
  // auto=optimize: move only on evidence of waiting AND of tasks waiting in the pool's queue
  private final boolean onEvidence;
  private volatile boolean sawQueue;
  private volatile boolean remeasuring;
  private long cpu;
  private long wall;
  private long runnable;
  private boolean runQueueKnown = true;
  private int probed;
  private int waited;
  private int unclearRounds;

  /**
   * @param onEvidence {@code auto=optimize}: tasks that wait move to virtual threads only once a
   *     task also waited in the pool's queue (its threads were all busy); until then the pool is
   *     measured again
   */
  PlatformProbe(boolean onEvidence) {
    this(onEvidence, ThreadClocks.HOST);
  }

  /** A probe that reads {@code clocks} (tests: the measurements of a busy or quiet machine). */
  PlatformProbe(boolean onEvidence, ThreadClocks clocks) {
    this.onEvidence = onEvidence;
    this.clocks = clocks;
  }

  boolean onEvidence() {
    return onEvidence;
  }

  /** The mean wall time of the tasks measured for the latest verdict; 0 when none was. */
  double meanWallNanos() {
    return probed == 0 ? 0 : (double) wall / probed;
  }

  /** A task waited in the pool's queue for a free thread. */
  void sawQueue() {
    sawQueue = true;
  }

  /** Whether the first verdict was "measure again": only sampled tasks are measured now. */
  boolean remeasuring() {
    return remeasuring;
  }

  /** Before a platform task runs on the calling thread: reads its clocks. */
  void before() {
    long cpuNow = clocks.cpuNanos();
    start.set(new long[] {System.nanoTime(), cpuNow, clocks.javaWaits(), clocks.runQueueNanos()});
  }

  /**
   * Before a platform task runs on the calling thread: reads the wall clock alone (the cheap
   * measurement of tasks the pool's statistics do not sample).
   */
  void beforeWallOnly() {
    start.set(new long[] {System.nanoTime(), WALL_ONLY, 0, -1});
  }

  /** After a task ran on the calling thread: what it took, or null when it was not measured. */
  Task after() {
    long[] started = start.get();
    if (started == null) {
      return null;
    }
    start.remove();
    long wallNanos = System.nanoTime() - started[0];
    if (started[1] == WALL_ONLY) {
      return new Task(wallNanos, WALL_ONLY, false);
    }
    long cpuNanos = started[1] < 0 ? -1 : clocks.cpuNanos() - started[1];
    long runQueue = started[3] < 0 ? -1 : clocks.runQueueNanos();
    long runQueueNanos = runQueue < 0 ? -1 : Math.max(0, runQueue - started[3]);
    return new Task(wallNanos, cpuNanos, runQueueNanos, clocks.javaWaits() > started[2]);
  }

  /**
   * Counts one measured task in.
   *
   * @return the verdict once {@link #PROBE_TASKS} tasks were measured (at once when this JVM
   *     does not measure thread CPU time), else {@code null}
   */
  Verdict add(Task task) {
    if (task.waited()) {
      waited++;
    }
    if (task.cpuNanos() < 0) {
      return verdict(0);
    }
    cpu += task.cpuNanos();
    wall += task.wallNanos();
    runnable += task.runnableNanos();
    runQueueKnown &= task.runQueueNanos() >= 0;
    if (++probed >= PROBE_TASKS) {
      return verdict(wall == 0 ? 1 : (double) cpu / wall);
    }
    return null;
  }

  /**
   * The measured tasks spent {@code cpuShare} of their time on a CPU. On a busy machine a
   * CPU-bound task gets only part of a core, so the share is corrected by the load: with a load
   * average of 8 on 2 cores a CPU-bound task can expect a quarter of its time on a CPU.
   */
  private Verdict verdict(double cpuShare) {
    // With the run-queue wait known, the share of the time the tasks could run; else the share
    // of their wall time, scaled by the load average (which misses the process's own start).
    double corrected = probed > 0 && runQueueKnown
        ? (runnable == 0 ? 1 : Math.min(1, (double) cpu / runnable))
        : cpuShare * clocks.busyFactor();
    // Tasks that waited in Java (sleep, park, lock) and spent under half the time they could run
    // on a CPU wait, however busy the machine; without Java waits the CPU share decides alone (a
    // socket read waits in native code, where Java sees no wait).
    boolean javaWaits = waited * 2 >= Math.max(1, probed);
    String tasks = remeasuring ? probed + " sampled tasks" : "the first " + probed + " tasks";
    if (!javaWaits && probed > 0 && corrected >= CLEARLY_WAITING_SHARE
        && corrected < CPU_BOUND_SHARE && unclearRounds < UNCLEAR_ROUNDS) {
      unclearRounds++;
      Verdict again = new Verdict(Where.AGAIN, String.format("unclear: %s spent %.0f%% of their"
          + " time on a CPU%s and did not wait in Java (waiting in native code, or stopped by the"
          + " JVM); measuring again", tasks, 100 * cpuShare, contention(cpuShare, corrected)));
      measureAgain();
      return again;
    }
    // Most of the time they could run spent on a CPU: CPU-bound, even if they waited in Java now
    // and then (briefly: a class-loading lock during the JVM's start, a short park).
    boolean cpuBound = probed > 0 && corrected >= CPU_BOUND_SHARE;
    if (onEvidence && !cpuBound && (javaWaits || probed > 0) && !sawQueue) {
      // Waiting, but the pool's own threads sufficed: nothing to gain yet. Measure again.
      Verdict again = new Verdict(Where.AGAIN, String.format("waiting (%s spent %.0f%% of their"
          + " time on a CPU), but no task waited in its queue: its own threads suffice;"
          + " measuring again", tasks, 100 * cpuShare));
      measureAgain();
      return again;
    }
    if (onEvidence && probed == 0 && !javaWaits) {
      return new Verdict(Where.PLATFORM,
          "no evidence of waiting: this JVM does not measure thread CPU time");
    }
    if (cpuBound) {
      return new Verdict(Where.PLATFORM,
          String.format("CPU-bound: %s spent %.0f%% of their time on a CPU", tasks,
              100 * cpuShare) + contention(cpuShare, corrected) + (javaWaits
                  ? String.format("; %d of them waited in Java, briefly", waited) : ""));
    }
    return new Verdict(Where.VIRTUAL, probed == 0
        ? "this JVM does not measure thread CPU time"
        : String.format("blocking: %s spent %.0f%% of their time on a CPU", tasks,
            100 * cpuShare) + contention(cpuShare, corrected) + (javaWaits
                ? String.format(", %d of them waited (sleep, park, lock)", waited) : "")
            + (onEvidence ? ", and tasks waited in its queue for a free thread" : ""));
  }

  /** From now on only sampled tasks are measured, from zero. */
  private void measureAgain() {
    remeasuring = true;
    probed = 0;
    waited = 0;
    cpu = 0;
    wall = 0;
    runnable = 0;
    runQueueKnown = true;
  }

  /** How the share was corrected for a busy machine, for the reason; empty when it was not. */
  private String contention(double cpuShare, double corrected) {
    if (Math.abs(corrected - cpuShare) < 0.005) {
      return "";
    }
    return runQueueKnown
        ? String.format(" (%.0f%% of the time they were not waiting for a core)",
            100 * corrected)
        : String.format(" (%.0f%% on a machine this busy)", 100 * Math.min(1, corrected));
  }
}

package dev.overclock.bootstrap;

import java.util.List;

/**
 * The agent's side of one substituted pool: where its tasks run while the agent has it. Every
 * method is called by {@link OverclockThreadPoolExecutor}, which handles the answers and keeps the
 * {@code ExecutorService} contract; JDK types only (bootstrap class path).
 */
public interface PoolLane {

  /** {@link #offer}: run the task on the pool's own platform threads, as written. */
  int PLATFORM = 0;

  /** {@link #offer}: the lane took the task. */
  int TAKEN = 1;

  /** {@link #offer}: the original pool would reject the task now (its queue is full). */
  int REJECT = 2;

  /** Takes a task given to {@code execute}; one of {@link #PLATFORM}, {@link #TAKEN}, {@link #REJECT}. */
  int offer(Runnable task);

  /** A task starts on one of the pool's platform threads ({@code beforeExecute}). */
  void beforePlatform(Thread thread, Runnable task);

  /** A task ended on one of the pool's platform threads ({@code afterExecute}). */
  void afterPlatform(Runnable task, Throwable thrown);

  /** The pool was shut down: tasks taken still run, no new ones are offered. */
  void shutdown();

  /** The pool was shut down now: returns the tasks taken that never started, interrupts the rest. */
  List<Runnable> shutdownNow();

  /** Whether every task the lane took has ended (after a shutdown). */
  boolean isTerminated();

  /** Waits at most {@code nanos} for {@link #isTerminated}. */
  boolean awaitTermination(long nanos) throws InterruptedException;
}

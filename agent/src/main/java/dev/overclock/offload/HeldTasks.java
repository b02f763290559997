package dev.overclock.offload;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Counts the tasks a {@link VirtualLane} holds (waiting, or running on virtual threads), wakes
 * whoever waits for that count to reach zero, and, for a pool whose threads are not daemons, keeps
 * a platform thread that is not a daemon alive while it is above zero: virtual threads are always
 * daemons, so without it the JVM could exit under them. Its own class because the lock, the
 * condition and the keeper's hand-over with {@link VirtualLane#offer} belong together and are
 * easiest to check alone.
 */
final class HeldTasks {

  private final AtomicInteger held = new AtomicInteger();
  private final boolean keepsJvmAlive;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private Thread keeper;
  private volatile boolean keeperRunning;

  /** @param keepsJvmAlive whether the pool's own threads are not daemons */
  HeldTasks(boolean keepsJvmAlive) {
    this.keepsJvmAlive = keepsJvmAlive;
  }

  int count() {
    return held.get();
  }

  /** Holds one more task if the count is still {@code expected}. */
  boolean hold(int expected) {
    return held.compareAndSet(expected, expected + 1);
  }

  void add() {
    held.incrementAndGet();
  }

  /** One task fewer that was never started (discarded, or given back to the pool). */
  void drop() {
    held.decrementAndGet();
  }

  /** One task fewer that ended (or will never run): wakes the waiters when none is left. */
  void release() {
    if (held.decrementAndGet() == 0) {
      signalIdle();
    }
  }

  private void signalIdle() {
    lock.lock();
    try {
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts a platform thread, not a daemon, alive while tasks are held (when the pool's threads
   * are not daemons).
   */
  void keepJvmAlive() {
    if (!keepsJvmAlive || keeperRunning) {
      return; // a keeper that sees a held task before it ends stays (it checks under the lock)
    }
    lock.lock();
    try {
      if (keeperRunning) {
        return;
      }
      keeperRunning = true;
      keeper = new Thread(this::keepUntilIdle, "overclock-pool-keeper");
      keeper.setDaemon(false);
      keeper.start();
    } finally {
      lock.unlock();
    }
  }

  private void keepUntilIdle() {
    lock.lock();
    try {
      for (;;) {
        while (held.get() > 0) {
          idle.await(1, TimeUnit.SECONDS);
        }
        // Dekker-style with offer(): it counts a task, then reads the flag; this clears the flag,
        // then counts again. One of the two sees the other.
        keeperRunning = false;
        if (held.get() == 0) {
          return;
        }
        keeperRunning = true;
      }
    } catch (InterruptedException e) {
      keeperRunning = false; // the JVM's lifetime falls back to the pool's own threads
    } finally {
      keeper = null;
      lock.unlock();
    }
  }

  /**
   * Waits at most {@code nanos} for {@code terminated}, checked each time a held task ends (and
   * every 100 ms).
   */
  boolean await(long nanos, BooleanSupplier terminated) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    lock.lock();
    try {
      while (!terminated.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}

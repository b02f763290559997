package dev.overclock.memo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Hit counts and verification countdowns kept per thread, so that a hit writes only memory its
 * own thread owns: no compare-and-set, no shared cache line. The counts are summed when a snapshot
 * asks ({@link #hits}).
 *
 * <p>Each method has a slot ({@link MemoMethod#slot}), an index into every thread's {@link Cell}.
 * A thread writes its cell with opaque stores, so a snapshot taken while it runs sees counts at
 * most a few hits old, and exact ones once the thread's calls happened before the snapshot (a
 * join, a lock, a queue). Cells of threads that ended are folded into {@link #retired} now and
 * then (the end of a thread happens before {@link Thread#isAlive} returns {@code false}, so
 * nothing is lost), which bounds the cells by about twice the threads alive.
 *
 * <p>A hit finds its thread's cell in {@link #byThread}, a table indexed by the thread's id
 * (ids are never reused, so a cell whose id matches is the thread's own): two loads and a
 * compare, where a {@link ThreadLocal} lookup cost about as much as the cache lookup itself. A
 * thread whose slot holds another live thread's cell (ids that collide modulo the table's size)
 * finds its cell through a {@link ThreadLocal} of this instance instead. Neither keeps state in
 * the application's threads once the agent detaches and drops its recorders: the table belongs to
 * this instance, and the thread-local entries are stale and their maps drop them as usual.
 */
final class HitCounters {

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int MIN_SWEEP = 64;
  /** Threads whose cells the table holds at once, at best (more fall back to the thread-local). */
  private static final int TABLE_SIZE = 1024;

  /**
   * The cell of the thread whose id is the index modulo the size, or of a thread that ended, or
   * {@code null}. Written under this lock; read without it (a reader that misses a newer entry
   * takes the slow path once more; a cell's id is final, so a racy reader sees it as built).
   */
  private final Cell[] byThread = new Cell[TABLE_SIZE];
  private final ThreadLocal<Cell> mine = new ThreadLocal<>();
  // All below guarded by this.
  private final List<Cell> cells = new ArrayList<>();
  private long[] retired = new long[0];
  private int sweepAt = MIN_SWEEP;
  private int slots;

  /** A new slot for a method. */
  synchronized int newSlot() {
    return slots++;
  }

  /** The calling thread's cell. */
  Cell cell() {
    return cellIn(byThread, this);
  }

  /** The table of cells by thread id, for {@link #cellIn} (a constant of a method's hit path). */
  Cell[] table() {
    return byThread;
  }

  /**
   * The calling thread's cell, looked up in {@code table}, the {@link #table} of {@code counters}.
   */
  static Cell cellIn(Cell[] table, HitCounters counters) {
    long id = Thread.currentThread().getId();
    Cell cell = table[(int) id & (TABLE_SIZE - 1)];
    return cell != null && cell.threadId == id ? cell : counters.slowCell();
  }

  /** The calling thread's cell when the table does not hold it: found or made, then tabled. */
  private Cell slowCell() {
    Thread thread = Thread.currentThread();
    Cell cell = mine.get();
    synchronized (this) {
      if (cell == null) {
        if (cells.size() >= sweepAt) {
          sweep();
        }
        cell = new Cell(thread, slots);
        cells.add(cell);
      }
      // Take the slot unless a live thread holds it (that one keeps it; this one uses the
      // thread-local from now on).
      int index = (int) cell.threadId & (TABLE_SIZE - 1);
      Cell there = byThread[index];
      if (there == null || there.ended()) {
        byThread[index] = cell;
      }
    }
    if (mine.get() == null) {
      mine.set(cell);
    }
    return cell;
  }

  /** Folds the cells of threads that ended into {@link #retired}. */
  private void sweep() {
    for (Iterator<Cell> it = cells.iterator(); it.hasNext(); ) {
      Cell cell = it.next();
      if (cell.ended()) {
        if (retired.length < slots) {
          retired = Arrays.copyOf(retired, slots);
        }
        for (int slot = 0; slot < slots; slot++) {
          retired[slot] += cell.hits(slot);
        }
        it.remove();
      }
    }
    sweepAt = Math.max(MIN_SWEEP, 2 * cells.size());
  }

  /** The hits counted in {@code slot} by every thread so far. */
  synchronized long hits(int slot) {
    long sum = slot < retired.length ? retired[slot] : 0;
    for (Cell cell : cells) {
      sum += cell.hits(slot);
    }
    return sum;
  }

  /** One thread's counts; written by that thread only. */
  static final class Cell {
    final WeakReference<Thread> owner;
    /** The owner's {@link Thread#getId}, which no other thread of this JVM has or will have. */
    final long threadId;
    /**
     * Per slot {@code s}: at {@code 2 s} the hits counted (written opaque, read by snapshots), at
     * {@code 2 s + 1} the hits since the last sampled verification (this thread's alone). One
     * array, so that a hit reads one field and stays in one cache line. Replaced by a larger copy
     * when a slot does not fit.
     */
    private volatile long[] counts;

    Cell(Thread owner, int slots) {
      this.owner = new WeakReference<>(owner);
      this.threadId = owner.getId();
      this.counts = new long[2 * Math.max(8, slots)];
    }

    boolean ended() {
      Thread thread = owner.get();
      return thread == null || !thread.isAlive();
    }

    /**
     * A hit of the method in {@code slot}, whose sampled verifications come every {@code every}
     * hits of this thread (0: none): counts it and returns {@code true}, or returns {@code false}
     * when it is the one to verify (a countdown per thread and method rather than a random draw:
     * the same rate, no random number on the hit path), which is then not a hit.
     */
    boolean hit(int slot, int every) {
      return count(slot, every) != 0;
    }

    /**
     * {@link #hit}, returning this thread's count of the method's hits after this one, or 0 for
     * the hit to verify (not counted).
     */
    long count(int slot, int every) {
      long[] values = counts;
      int at = 2 * slot;
      if (at + 1 >= values.length) {
        values = grow(slot);
      }
      if (every > 0) {
        long since = values[at + 1] + 1;
        if (since >= every) {
          values[at + 1] = 0;
          return 0;
        }
        values[at + 1] = since;
      }
      long count = values[at] + 1;
      LONGS.setOpaque(values, at, count);
      return count;
    }

    /**
     * {@link #count}, for a hit that is neither the one to verify nor one whose count after it
     * has none of {@code mask}'s bits (the one read through the cache as well): counts it and
     * returns {@code true}; for any other hit changes nothing and returns {@code false}, so that
     * {@link #count} then counts it as it would have.
     */
    boolean countPlain(int slot, int every, long mask) {
      long[] values = counts;
      int at = 2 * slot;
      if (at + 1 >= values.length) {
        return false;
      }
      long since = values[at + 1] + 1;
      long count = values[at] + 1;
      if ((every > 0 && since >= every) || (count & mask) == 0) {
        return false;
      }
      if (every > 0) {
        values[at + 1] = since;
      }
      LONGS.setOpaque(values, at, count);
      return true;
    }

    /** The hits counted in {@code slot} (any thread may ask). */
    long hits(int slot) {
      long[] values = counts;
      return 2 * slot < values.length ? (long) LONGS.getOpaque(values, 2 * slot) : 0;
    }

    private long[] grow(int slot) {
      long[] old = counts;
      long[] values = new long[Math.max(2 * slot + 2, 2 * old.length)];
      for (int i = 0; i < old.length; i++) {
        values[i] = (long) LONGS.getOpaque(old, i);
      }
      counts = values;
      return values;
    }
  }
}

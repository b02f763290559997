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
 * <p>The cells are reached through a {@link ThreadLocal} of this instance: once the agent detaches
 * and drops its recorders, the entries in the application's threads are stale and their maps
 * drop them as usual.
 */
final class HitCounters {

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int MIN_SWEEP = 64;

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
    Cell cell = mine.get();
    return cell != null ? cell : register();
  }

  private Cell register() {
    Cell cell;
    synchronized (this) {
      if (cells.size() >= sweepAt) {
        sweep();
      }
      cell = new Cell(Thread.currentThread(), slots);
      cells.add(cell);
    }
    mine.set(cell);
    return cell;
  }

  /** Folds the cells of threads that ended into {@link #retired}. */
  private void sweep() {
    for (Iterator<Cell> it = cells.iterator(); it.hasNext(); ) {
      Cell cell = it.next();
      Thread owner = cell.owner.get();
      if (owner == null || !owner.isAlive()) {
        long[] counts = cell.hits;
        if (retired.length < counts.length) {
          retired = Arrays.copyOf(retired, counts.length);
        }
        for (int slot = 0; slot < counts.length; slot++) {
          retired[slot] += (long) LONGS.getOpaque(counts, slot);
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
      long[] counts = cell.hits;
      if (slot < counts.length) {
        sum += (long) LONGS.getOpaque(counts, slot);
      }
    }
    return sum;
  }

  /** One thread's counts; written by that thread only. */
  static final class Cell {
    final WeakReference<Thread> owner;
    /** Replaced by a larger copy when a slot does not fit; read by snapshots. */
    private volatile long[] hits;
    /** Hits since the last sampled verification, per slot; this thread's alone. */
    private int[] sinceVerified;

    Cell(Thread owner, int slots) {
      this.owner = new WeakReference<>(owner);
      this.hits = new long[Math.max(8, slots)];
      this.sinceVerified = new int[hits.length];
    }

    /** Counts one hit of the method in {@code slot}. */
    void hit(int slot) {
      long[] counts = hits;
      if (slot >= counts.length) {
        counts = grow(slot);
      }
      LONGS.setOpaque(counts, slot, counts[slot] + 1);
    }

    /**
     * Whether this hit is the one in {@code every} that is verified (a countdown per thread and
     * method rather than a random draw: the same rate, no random number on the hit path).
     */
    boolean sample(int slot, int every) {
      int[] since = sinceVerified;
      if (slot >= since.length) {
        grow(slot);
        since = sinceVerified;
      }
      if (++since[slot] >= every) {
        since[slot] = 0;
        return true;
      }
      return false;
    }

    private long[] grow(int slot) {
      int size = Math.max(slot + 1, 2 * hits.length);
      sinceVerified = Arrays.copyOf(sinceVerified, size);
      long[] old = hits;
      long[] counts = new long[size];
      for (int i = 0; i < old.length; i++) {
        counts[i] = (long) LONGS.getOpaque(old, i);
      }
      hits = counts;
      return counts;
    }
  }
}

package dev.overclock.memo;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.MemoHit;
import dev.overclock.bootstrap.MemoSite;

/**
 * A memoized method's hit path, bound into its woven class as a constant ({@link MemoSite}).
 *
 * <p>A hit reads the method's mode once; while caching, it looks the call up in the {@link
 * RecentHits} in front of the cache (no key object, no read buffer), counts it in the calling
 * thread's {@link HitCounters} cell, and returns the cached {@link MemoHit}. Everything else (a
 * call the table does not answer, the first verified hits, the sampled ones, a miss) goes to
 * {@link MemoRecorders}, which answers from the cache and adds the cache's hits to the table. The
 * same path serves calls that come through the bridge by id ({@link #hit1}, {@link #hit2}).
 *
 * <p>A record, so that the JIT trusts its final fields: the advice loads the site as a constant,
 * so the table, the counters' table, the slot and whether the method has a receiver are constants
 * in the compiled method too, and only the mode, the verification rate and the table's entries
 * are read per call.
 *
 * @param method the method
 * @param recorders where calls the table does not answer go
 * @param recent the method's table of recent hits; {@code null} when its results expire
 * @param counters the per-thread hit counters, and their table of cells by thread id
 * @param cells {@code counters}' table of cells ({@link HitCounters#table})
 * @param slot the method's slot in every cell
 * @param instanceMethod whether the key includes the receiver's token
 */
record BoundSite(MemoMethod method, MemoRecorders recorders, RecentHits recent,
    HitCounters counters, HitCounters.Cell[] cells, int slot, boolean instanceMethod)
    implements MemoSite {

  /** One in this many (plus one) counted hits of a thread is read through the cache as well. */
  private static final long TOUCH_MASK = 1023;

  // The site answers only the plain hits of its table (counted, neither the one to verify nor
  // the one to read through the cache); everything else it hands back to the advice (by
  // returning itself), which asks the bridge by id, whose path (hit1, hit2) counts it and runs
  // the rare hit. So the code the JIT compiles for the site, shared by every memoized method,
  // holds no cache lookup, no miss and no rare hit, and stays small enough to be inlined into
  // each: the JIT also compiles it on its own (it is hot before the methods are), and a memoized
  // method compiled after that calls it instead of inlining it if that code is larger than
  // InlineSmallCode (2,500 bytes on JDK 17). The rare hits ran often enough during warm-up for
  // the JIT to compile them into it, which made it larger.

  @Override
  public Object enter1(Object receiver, Object argument, int hash) {
    try {
      int mode = method.mode;
      return mode == MemoMethod.CACHING ? plainHit1(receiver, argument, hash) : this;
    } catch (Throwable failure) {
      Dispatcher.failed(failure);
      return null;
    }
  }

  @Override
  public Object enter2(Object receiver, Object first, Object second, int hash) {
    try {
      int mode = method.mode;
      return mode == MemoMethod.CACHING ? plainHit2(receiver, first, second, hash) : this;
    } catch (Throwable failure) {
      Dispatcher.failed(failure);
      return null;
    }
  }

  /**
   * A call of one argument while caching, if the table answers it with a plain hit: the hit,
   * counted; else this site, without counting (the call by id counts it, and sees the same count
   * since only this thread writes its cell).
   */
  private Object plainHit1(Object receiver, Object argument, int hash) {
    RecentHits table = recent;
    if (table != null) {
      MemoHit hit = tableHit1(table, receiver, argument, hash);
      if (hit != null && HitCounters.cellIn(cells, counters)
          .countPlain(slot, method.verifyEvery, TOUCH_MASK)) {
        return hit;
      }
    }
    return this;
  }

  /**
   * The table's hit for a call of one argument whose hash is {@code hash}, or {@code null}. A
   * static method's entries all have the same token and second part (see {@link
   * RecentHits#getStatic1}), which the JIT then neither loads nor compares.
   */
  private MemoHit tableHit1(RecentHits table, Object receiver, Object argument, int hash) {
    if (!instanceMethod) {
      return table.getStatic1(argument, hash);
    }
    Object token = method.token(receiver);
    return table.get(token, argument, RecentHits.ONE, RecentHits.withToken(token, hash));
  }

  /** {@link #plainHit1} for a call of two arguments. */
  private Object plainHit2(Object receiver, Object first, Object second, int hash) {
    RecentHits table = recent;
    if (table != null) {
      Object token = instanceMethod ? method.token(receiver) : null;
      MemoHit hit = table.get(token, first, second, RecentHits.withToken(token, hash));
      if (hit != null && HitCounters.cellIn(cells, counters)
          .countPlain(slot, method.verifyEvery, TOUCH_MASK)) {
        return hit;
      }
    }
    return this;
  }

  /** A call of one argument in {@code mode} (without {@link MemoMethod#BRIDGED}), by id. */
  Object hit1(int mode, Object receiver, Object argument, int hash) {
    Object call = mode == MemoMethod.CACHING ? fromTable1(receiver, argument, hash) : this;
    return call != this ? call : recorders.enter1(method, mode, receiver, argument);
  }

  /** {@link #hit1} for a call of two arguments. */
  Object hit2(int mode, Object receiver, Object first, Object second, int hash) {
    Object call = mode == MemoMethod.CACHING ? fromTable2(receiver, first, second, hash) : this;
    return call != this ? call : recorders.enter2(method, mode, receiver, first, second);
  }

  /**
   * A call of one argument while caching, if the table answers it ({@code hash} is the
   * argument's): the hit, or what the rare hit to verify or read through the cache gives; else
   * this site (ask the cache). The rare hits call a method of their own, too large for the JIT to
   * inline where it runs so rarely.
   */
  Object fromTable1(Object receiver, Object argument, int hash) {
    RecentHits table = recent;
    if (table != null) {
      MemoHit hit = tableHit1(table, receiver, argument, hash);
      if (hit != null) {
        long count = HitCounters.cellIn(cells, counters).count(slot, method.verifyEvery);
        if (count > 0 && (count & TOUCH_MASK) != 0) {
          return hit;
        }
        return recorders.rareHit1(method, receiver, argument, hit, count == 0);
      }
    }
    return this;
  }

  /** {@link #fromTable1} for a call of two arguments; {@code hash} as {@link #enter2} takes it. */
  Object fromTable2(Object receiver, Object first, Object second, int hash) {
    RecentHits table = recent;
    if (table != null) {
      Object token = instanceMethod ? method.token(receiver) : null;
      MemoHit hit = table.get(token, first, second, RecentHits.withToken(token, hash));
      if (hit != null) {
        long count = HitCounters.cellIn(cells, counters).count(slot, method.verifyEvery);
        if (count > 0 && (count & TOUCH_MASK) != 0) {
          return hit;
        }
        return recorders.rareHit2(method, receiver, first, second, hit, count == 0);
      }
    }
    return this;
  }
}

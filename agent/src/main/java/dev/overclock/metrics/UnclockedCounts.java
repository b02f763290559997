package dev.overclock.metrics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The calls of one sampled method that were counted without being clocked, kept per thread in
 * each thread's {@link ActiveMethod} and summed when the recorders are read.
 *
 * <p>A {@link java.util.concurrent.atomic.LongAdder} cost every such call a compare-and-set; a
 * thread's own counter costs a plain store (opaque, so that a reader never sees a torn value),
 * which matters on a path that does nothing else (the same idea as the memo hit counters). A
 * thread's counter is added here on its first unclocked call of the method. The sum sees counts at
 * most a few calls old while their threads run, and exact ones once the calls happened before the
 * read (a join, a lock, a queue). Counters of threads that ended are folded into one total now and
 * then (a thread's end happens before {@link Thread#isAlive} returns {@code false}, so nothing is
 * lost), which keeps the list about twice the threads alive that called the method unclocked.
 */
final class UnclockedCounts {

  private static final int MIN_SWEEP = 64;

  // All guarded by this.
  private final List<ActiveMethod> counters = new ArrayList<>();
  private long endedCalls;
  private long endedErrors;
  private int sweepAt = MIN_SWEEP;

  /** Adds a thread's counter; called once per thread, on its first unclocked call. */
  synchronized void add(ActiveMethod counter) {
    if (counters.size() >= sweepAt) {
      sweep(null, 0, 0);
      sweepAt = Math.max(MIN_SWEEP, 2 * counters.size());
    }
    counters.add(counter);
  }

  /**
   * Every unclocked call and error so far, added to {@code totals} at {@code calls} and {@code
   * errors}; folds the counters of threads that ended on the way.
   */
  synchronized void addTo(long[] totals, int calls, int errors) {
    sweep(totals, calls, errors);
    totals[calls] += endedCalls;
    totals[errors] += endedErrors;
  }

  /**
   * Folds ended threads' counters into the totals; adds the live ones to {@code live} (at {@code
   * calls} and {@code errors}) if given.
   */
  private void sweep(long[] live, int calls, int errors) {
    for (Iterator<ActiveMethod> it = counters.iterator(); it.hasNext(); ) {
      ActiveMethod counter = it.next();
      if (counter.thread.ended()) { // before reading: its last counts are then visible
        endedCalls += counter.unclockedCalls();
        endedErrors += counter.unclockedErrors();
        it.remove();
      } else if (live != null) {
        live[calls] += counter.unclockedCalls();
        live[errors] += counter.unclockedErrors();
      }
    }
  }
}

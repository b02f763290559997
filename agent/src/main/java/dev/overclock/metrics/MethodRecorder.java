package dev.overclock.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.PackedHistogram;

/**
 * All figures of one timed method: a few {@link Stripe}s written by the application's threads,
 * and the cumulative histogram the report thread merges them into.
 *
 * <p>A thread records into its own stripe (dealt when the thread first called a timed method).
 * If another thread holds it at that instant, it records into any other free stripe of the
 * method, creating one if needed; only if every stripe is taken does it wait, with a bounded spin,
 * then yields; a call that still finds every stripe taken after that is dropped and counted
 * rather than waited for forever. A method called by one thread at a time costs one stripe.
 *
 * <p>The readers ({@link #snapshot} for the report, {@link #read} for the Prometheus endpoint) are
 * synchronised with each other only; their histograms are packed (memory in proportion to the
 * distinct latencies seen). Either reader drains the stripes into every view, so neither takes
 * calls away from the other's window.
 */
final class MethodRecorder {

  private static final VarHandle STRIPES = MethodHandles.arrayElementVarHandle(Stripe[].class);
  private static final int SPINS_BEFORE_YIELD = 64;
  private static final int YIELDS_BEFORE_DROP = 1_000;

  final MethodRef method;
  private final Stripe[] stripes;
  private final AtomicLong dropped;

  // Readers only (guarded by this).
  private final PackedHistogram cumulative = new PackedHistogram(2);
  private final PackedHistogram window = new PackedHistogram(2);
  private RecentWindow recent;
  private long lastErrors;
  private long lastAllNanos;
  private long drainedErrors;
  private long drainedAllNanos;
  private LatencySummary cumulativeSummary; // unchanged while no call completes

  MethodRecorder(MethodRef method, int stripeCount, AtomicLong dropped) {
    this.method = method;
    this.stripes = new Stripe[stripeCount];
    this.dropped = dropped;
  }

  void record(int ownStripe, long nanos, boolean error, boolean outermost) {
    Stripe stripe = claim(ownStripe);
    if (stripe == null) {
      return;
    }
    try {
      stripe.record(nanos, error, outermost);
    } finally {
      stripe.release();
    }
  }

  void recordCpu(int ownStripe, long wallNanos, long cpuNanos, long allocatedBytes) {
    Stripe stripe = claim(ownStripe);
    if (stripe == null) {
      return;
    }
    try {
      stripe.recordCpu(wallNanos, cpuNanos, allocatedBytes);
    } finally {
      stripe.release();
    }
  }

  /**
   * Claims the thread's own stripe, or another free one (creating it if the method has fewer
   * stripes than allowed); null, counted, if none frees up within about a thousand yields.
   */
  private Stripe claim(int own) {
    Stripe mine = stripe(own);
    if (mine.tryClaim()) {
      return mine;
    }
    for (int round = 0; round < SPINS_BEFORE_YIELD + YIELDS_BEFORE_DROP; round++) {
      for (int i = 0; i < stripes.length; i++) {
        Stripe other = round == 0 ? stripe(i) : (Stripe) STRIPES.getAcquire(stripes, i);
        if (other != null && other.tryClaim()) {
          return other;
        }
      }
      if (round < SPINS_BEFORE_YIELD) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    dropped.incrementAndGet();
    return null;
  }

  private Stripe stripe(int index) {
    Stripe stripe = (Stripe) STRIPES.getAcquire(stripes, index);
    if (stripe != null) {
      return stripe;
    }
    Stripe created = new Stripe();
    Stripe witness = (Stripe) STRIPES.compareAndExchange(stripes, index, null, created);
    return witness == null ? created : witness;
  }

  /**
   * Collects everything recorded so far, for the report: its window covers the calls since the
   * previous snapshot (whichever reader drained them from the stripes), and starts afresh.
   *
   * @param scratch a histogram the caller owns, reused from method to method
   */
  synchronized MethodSnapshot snapshot(AbstractHistogram scratch, long nowNanos) {
    long[] totals = drain(scratch, nowNanos);
    MethodSnapshot snapshot =
        snapshot(totals, LatencySummary.of(window, totals[0] - lastAllNanos),
            totals[2] - lastErrors);
    window.reset();
    lastErrors = totals[2];
    lastAllNanos = totals[0];
    return snapshot;
  }

  /**
   * Collects everything recorded so far without starting a new window, for a reader that must
   * not take calls away from the report's windows (the Prometheus endpoint, which any number of
   * scrapers may call at any rate): its window is the {@link RecentWindow} of the last {@code
   * windowNanos}, kept from the first such read on.
   */
  synchronized MethodSnapshot read(AbstractHistogram scratch, long nowNanos, long windowNanos) {
    if (recent == null) {
      recent = new RecentWindow(windowNanos, nowNanos);
    }
    long[] totals = drain(scratch, nowNanos);
    return snapshot(totals, recent.summary(nowNanos), recent.errors(nowNanos));
  }

  /**
   * Moves the calls recorded since the last drain out of the stripes and into every view: the
   * cumulative histogram, the report's window and, once somebody reads them, the recent window.
   * Returns the counters (totals since the start, see {@link Stripe#drainInto}).
   */
  private long[] drain(AbstractHistogram scratch, long nowNanos) {
    scratch.reset();
    long[] totals = new long[7];
    for (int i = 0; i < stripes.length; i++) {
      Stripe stripe = (Stripe) STRIPES.getAcquire(stripes, i);
      if (stripe != null) {
        stripe.drainInto(scratch, totals);
      }
    }
    if (scratch.getTotalCount() > 0) {
      cumulative.add(scratch);
      window.add(scratch);
      cumulativeSummary = null;
    }
    if (recent != null) {
      recent.add(scratch, totals[2] - drainedErrors, totals[0] - drainedAllNanos, nowNanos);
    }
    drainedErrors = totals[2];
    drainedAllNanos = totals[0];
    return totals;
  }

  /**
   * The cumulative summary, computed again only after calls completed: snapshots are taken by
   * several readers on their own schedules, and most methods are idle in most windows.
   */
  private LatencySummary cumulativeSummary(long allNanos) {
    if (cumulativeSummary == null) {
      cumulativeSummary = LatencySummary.of(cumulative, allNanos).withHistogram(cumulative);
    }
    return cumulativeSummary;
  }

  private MethodSnapshot snapshot(long[] totals, LatencySummary window, long windowErrors) {
    return new MethodSnapshot(
        method,
        cumulative.getTotalCount(),
        totals[2],
        totals[0] - totals[1],
        cumulativeSummary(totals[0]),
        window,
        windowErrors,
        totals[3] == 0
            ? CpuSample.NONE
            : new CpuSample(totals[3], totals[4], totals[5], totals[6]));
  }
}

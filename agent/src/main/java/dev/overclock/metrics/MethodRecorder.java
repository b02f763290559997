package dev.overclock.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>The reader ({@link #snapshot}) is synchronised with itself only; its histograms are packed
 * (memory in proportion to the distinct latencies seen).
 */
final class MethodRecorder {

  private static final VarHandle STRIPES = MethodHandles.arrayElementVarHandle(Stripe[].class);
  private static final int SPINS_BEFORE_YIELD = 64;
  private static final int YIELDS_BEFORE_DROP = 1_000;

  final MethodRef method;
  private final Stripe[] stripes;
  private final AtomicLong dropped;

  /** Set once the method was woven into some class; only woven methods are reported. */
  volatile boolean woven;

  // Report thread only (guarded by this).
  private final PackedHistogram cumulative = new PackedHistogram(2);
  private final PackedHistogram window = new PackedHistogram(2);
  private long lastErrors;
  private long lastAllNanos;
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

  /** Collects everything recorded so far; the window covers the time since the last call. */
  synchronized MethodSnapshot snapshot() {
    window.reset();
    long[] totals = new long[7];
    for (int i = 0; i < stripes.length; i++) {
      Stripe stripe = (Stripe) STRIPES.getAcquire(stripes, i);
      if (stripe != null) {
        stripe.drainInto(window, totals);
      }
    }
    long allNanos = totals[0];
    long errors = totals[2];
    if (window.getTotalCount() > 0 || cumulativeSummary == null) {
      cumulative.add(window);
      cumulativeSummary = LatencySummary.of(cumulative, allNanos);
    }
    MethodSnapshot snapshot =
        new MethodSnapshot(
            method,
            cumulative.getTotalCount(),
            errors,
            allNanos - totals[1],
            cumulativeSummary,
            LatencySummary.of(window, allNanos - lastAllNanos),
            errors - lastErrors,
            totals[3] == 0 ? CpuSample.NONE : new CpuSample(totals[3], totals[4], totals[5], totals[6]));
    lastErrors = errors;
    lastAllNanos = allNanos;
    return snapshot;
  }
}

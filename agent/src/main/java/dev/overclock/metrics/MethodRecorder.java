package dev.overclock.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * All figures of one timed method: a few {@link Stripe}s written by the application's threads,
 * and the cumulative histogram the report thread merges them into.
 *
 * <p>Writers never block each other and never allocate once their stripe exists: a thread
 * records into its preferred stripe (chosen by thread id); if another thread holds it at that
 * instant, it records into the next free one. Stripes are created on first use with a
 * compare-and-set so that concurrent creators agree on one. The reader ({@link #snapshot}) is
 * synchronised with itself only.
 */
final class MethodRecorder {

  private static final VarHandle STRIPES = MethodHandles.arrayElementVarHandle(Stripe[].class);

  final MethodRef method;
  private final Stripe[] stripes;
  private final int mask;

  // Report thread only (guarded by this).
  private final Histogram cumulative = Stripe.newHistogram();
  private long lastErrors;
  private long lastAllNanos;

  /** @param stripeCount a power of two */
  MethodRecorder(MethodRef method, int stripeCount) {
    this.method = method;
    this.stripes = new Stripe[stripeCount];
    this.mask = stripeCount - 1;
  }

  void record(int preferredStripe, long nanos, boolean error, boolean outermost) {
    Stripe stripe = claim(preferredStripe);
    try {
      stripe.record(nanos, error, outermost);
    } finally {
      stripe.release();
    }
  }

  void recordCpu(int preferredStripe, long wallNanos, long cpuNanos, long allocatedBytes) {
    Stripe stripe = claim(preferredStripe);
    try {
      stripe.recordCpu(wallNanos, cpuNanos, allocatedBytes);
    } finally {
      stripe.release();
    }
  }

  /** Claims the preferred stripe, or the next free one; spins only if every stripe is taken. */
  private Stripe claim(int preferred) {
    Stripe stripe = stripe(preferred);
    if (stripe.tryClaim()) {
      return stripe;
    }
    for (int attempt = 1; ; attempt++) {
      stripe = stripe((preferred + attempt) & mask);
      if (stripe.tryClaim()) {
        return stripe;
      }
      if ((attempt & mask) == 0) {
        Thread.onSpinWait(); // a full round found every stripe taken
      }
    }
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
    Histogram window = Stripe.newHistogram();
    long[] totals = new long[7];
    for (int i = 0; i < stripes.length; i++) {
      Stripe stripe = (Stripe) STRIPES.getAcquire(stripes, i);
      if (stripe != null) {
        stripe.drainInto(window, totals);
      }
    }
    cumulative.add(window);
    long allNanos = totals[0];
    long errors = totals[2];
    MethodSnapshot snapshot =
        new MethodSnapshot(
            method,
            cumulative.getTotalCount(),
            errors,
            allNanos - totals[1],
            LatencySummary.of(cumulative, allNanos),
            LatencySummary.of(window, allNanos - lastAllNanos),
            errors - lastErrors,
            totals[3] == 0 ? CpuSample.NONE : new CpuSample(totals[3], totals[4], totals[5], totals[6]));
    lastErrors = errors;
    lastAllNanos = allNanos;
    return snapshot;
  }
}

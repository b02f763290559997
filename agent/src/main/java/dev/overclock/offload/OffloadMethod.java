package dev.overclock.offload;

import dev.overclock.log.AgentLog;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * One offloaded method in one class loader: its settings, its concurrency limit and its counters.
 *
 * <p>Careful because every offloaded call of the method updates it from many threads: counters
 * are adders and atomics, the latency histogram is HdrHistogram's concurrent one, and failures of
 * {@code void} methods are logged at most once a minute, so that a method failing in a loop
 * cannot flood standard error.
 */
final class OffloadMethod {

  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  final int id;
  final MethodRef ref;
  final boolean isStatic;
  final Mode mode;
  final OffloadSettings settings;
  final Object defaultValue;
  final Semaphore permits; // null: no limit

  final LongAdder calls = new LongAdder();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final LongAdder queueWaits = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder rejections = new LongAdder();
  final LongAdder failures = new LongAdder();
  final LongAdder bodyNanos = new LongAdder();
  final ConcurrentHistogram latency = new ConcurrentHistogram(2);
  final Pinning pinning = new Pinning();

  private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
  private volatile Invoker invoker;
  private volatile String unresolvable;

  OffloadMethod(int id, MethodRef ref, boolean isStatic, OffloadSettings settings) {
    this.id = id;
    this.ref = ref;
    this.isStatic = isStatic;
    this.mode = Mode.of(ref.descriptor());
    this.settings = settings;
    this.defaultValue = Mode.defaultValue(ref.descriptor());
    this.permits = settings.maxConcurrency() > 0 ? new Semaphore(settings.maxConcurrency()) : null;
  }

  /**
   * The invoker of the method in {@code owner}, looked up on the first call; {@code null} when it
   * cannot be (the calls then run on the caller, and one line says why).
   */
  Invoker invoker(Class<?> owner) {
    Invoker current = invoker;
    if (current != null && current.owner == owner) {
      return current;
    }
    if (unresolvable != null) {
      return null;
    }
    try {
      current = Invoker.resolve(owner, ref.methodName(), ref.descriptor(), isStatic);
      invoker = current;
      return current;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      unresolvable = e.toString();
      AgentLog.warn("offload: " + ref.signature() + " runs on its callers' threads: the agent"
          + " cannot call it from another thread (" + e + ")");
      return null;
    }
  }

  /** A body starts: counts it in flight. */
  void started() {
    int now = inFlight.incrementAndGet();
    int max;
    while (now > (max = maxInFlight.get()) && !maxInFlight.compareAndSet(max, now)) {
      // another thread raised the maximum meanwhile; compare again
    }
  }

  /** A body ended after {@code nanos}. */
  void ended(long nanos) {
    inFlight.decrementAndGet();
    bodyNanos.add(nanos);
    latency.recordValue(Math.max(0, nanos));
  }

  /**
   * A {@code void} body threw, or its call was rejected, where no caller can see it: counts a
   * failure ({@code failure}; a rejection is already counted) and prints one line, at most once a
   * minute per method.
   */
  void lost(Throwable thrown, boolean failure) {
    if (failure) {
      failures.increment();
    }
    long last = lastFailureLog.get();
    long now = System.nanoTime();
    if (now - last >= LOG_EVERY_NANOS && lastFailureLog.compareAndSet(last, now)) {
      AgentLog.warn("offload: " + ref.signature() + (failure ? " threw " : " was not run: ")
          + thrown + (failure ? " on its offloaded thread; " : "; ") + failures.sum()
          + " failure(s) and " + rejections.sum() + " rejection(s) so far (see the report; this"
          + " line is printed at most once a minute per method)");
    }
  }

  /** The figures now. */
  OffloadSnapshot snapshot(String carrier) {
    return new OffloadSnapshot(ref, mode, settings, carrier, calls.sum(), inFlight.get(),
        maxInFlight.get(), queueWaits.sum(), timeouts.sum(), rejections.sum(), failures.sum(),
        LatencySummary.of(latency.copy(), bodyNanos.sum()), pinning.count(), pinning.maxNanos(),
        pinning.stack(), pinning.fix());
  }
}

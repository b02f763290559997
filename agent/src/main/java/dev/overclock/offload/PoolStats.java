package dev.overclock.offload;

import dev.overclock.offload.PoolSnapshot.Evidence;
import dev.overclock.offload.PoolSnapshot.Times;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.AtomicHistogram;

/**
 * What one substituted pool's tasks did, wherever they ran, for the report: tasks run, how many at
 * once, how long they waited to start (virtual threads only: the lane holds those tasks itself)
 * and how long they ran, and the sampled evidence of waiting (the share of a task's time off the
 * CPU). Written by the pool's threads, lock-free except for one sampled task in {@link
 * #SAMPLE_EVERY}; histograms in microseconds, made at the first task (a program may make many
 * pools that never run one).
 */
final class PoolStats {

  /**
   * One platform task in this many has its CPU time, waits and run-queue wait measured (a few
   * microseconds each) while the pool may still move.
   */
  static final int SAMPLE_EVERY = 16;

  /**
   * Once a pool stays on its platform threads for good, one task in this many: only the report's
   * evidence needs them, and such a pool should cost close to nothing per task.
   */
  static final int SAMPLE_EVERY_SETTLED = 256;

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final AtomicLong tasks = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicLong platformStarts = new AtomicLong();
  private final AtomicReference<AbstractHistogram> taskMicros = new AtomicReference<>();
  private final AtomicReference<AbstractHistogram> queueMicros = new AtomicReference<>();

  private int sampled;
  private long sampledCpu;
  private long sampledWall;
  private int sampledWaited;

  void started() {
    int now = running.incrementAndGet();
    if (now > maxRunning.get()) {
      maxRunning.accumulateAndGet(now, Math::max);
    }
  }

  void ended(long nanos) {
    running.decrementAndGet();
    tasks.incrementAndGet();
    record(taskHistogram(), nanos);
  }

  void waitedInQueue(long nanos) {
    record(queueHistogram(), nanos);
  }

  /**
   * Whether the platform task starting now is one to measure.
   *
   * @param settled the pool stays on its platform threads for good: sample less often
   */
  boolean sampleNext(boolean settled) {
    return platformStarts.getAndIncrement() % (settled ? SAMPLE_EVERY_SETTLED : SAMPLE_EVERY) == 0;
  }

  /**
   * One sampled task: its CPU time, the time it could run ({@code wallNanos}: its wall time less
   * its wait for a core, where known), whether it waited in Java.
   */
  synchronized void sampled(long cpuNanos, long wallNanos, boolean waited) {
    if (cpuNanos < 0 || wallNanos <= 0) {
      return;
    }
    sampled++;
    sampledCpu += Math.min(cpuNanos, wallNanos);
    sampledWall += wallNanos;
    if (waited) {
      sampledWaited++;
    }
  }

  synchronized Evidence evidence() {
    return new Evidence(sampled, sampledWall == 0 ? -1 : (double) sampledCpu / sampledWall,
        sampledWaited);
  }

  long tasks() {
    return tasks.get();
  }

  int running() {
    return running.get();
  }

  int maxRunning() {
    return maxRunning.get();
  }

  Times taskTimes() {
    return times(taskMicros.get());
  }

  Times queueTimes() {
    return times(queueMicros.get());
  }

  private static void record(AbstractHistogram histogram, long nanos) {
    long micros = Math.max(0, Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
    histogram.recordValue(micros);
  }

  private AbstractHistogram taskHistogram() {
    return made(taskMicros);
  }

  private AbstractHistogram queueHistogram() {
    return made(queueMicros);
  }

  /** The histogram in {@code holder}, made on first use. */
  private static AbstractHistogram made(AtomicReference<AbstractHistogram> holder) {
    AbstractHistogram histogram = holder.get();
    if (histogram == null) {
      holder.compareAndSet(null, new AtomicHistogram(MAX_MICROS, 2));
      histogram = holder.get();
    }
    return histogram;
  }

  static Times times(AbstractHistogram micros) {
    if (micros == null || micros.getTotalCount() == 0) {
      return Times.NONE;
    }
    AbstractHistogram copy = micros.copy(); // one consistent view while tasks go on
    return new Times(copy.getTotalCount(), nanos(copy, 50), nanos(copy, 95), nanos(copy, 99),
        TimeUnit.MICROSECONDS.toNanos(copy.getMaxValue()));
  }

  private static long nanos(AbstractHistogram micros, double percentile) {
    return TimeUnit.MICROSECONDS.toNanos(micros.getValueAtPercentile(percentile));
  }
}

package dev.overclock.offload;

import java.util.concurrent.atomic.LongAdder;

/**
 * The pinning events seen for one offloaded method: how many, and the stack and fix of the
 * longest, which is the one worth reading.
 */
final class Pinning {

  private final LongAdder count = new LongAdder();
  private long maxNanos;
  private String stack;
  private String fix;

  void record(long nanos, String stack, String fix) {
    count.increment();
    synchronized (this) {
      if (this.stack == null || nanos > maxNanos) {
        maxNanos = nanos;
        this.stack = stack;
        this.fix = fix;
      }
    }
  }

  long count() {
    return count.sum();
  }

  synchronized long maxNanos() {
    return maxNanos;
  }

  synchronized String stack() {
    return stack;
  }

  synchronized String fix() {
    return fix;
  }
}

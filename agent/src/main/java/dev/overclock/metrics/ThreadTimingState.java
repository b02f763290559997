package dev.overclock.metrics;

import java.util.Arrays;

/**
 * What one thread knows about its timed calls in progress: how deep it is in each method (so that
 * recursion does not count inclusive time twice) and, on sampled calls, the CPU time and
 * allocation counters read at entry.
 *
 * <p>Only its own thread touches an instance, so no field needs synchronisation. Arrays are
 * indexed by method id and grow on demand.
 */
final class ThreadTimingState {

  /** Which recorder stripe this thread writes to; fixed for the thread's life. */
  final int stripe;

  private int[] depth = new int[32];
  private int[] cpuCountdown = new int[32];
  private long[] cpuStart = new long[32];
  private long[] allocStart = new long[32];

  ThreadTimingState(int stripe) {
    this.stripe = stripe;
    Arrays.fill(cpuStart, -1L);
  }

  /** Marks entry into the method; true when this is the outermost call of it on this thread. */
  boolean enter(int methodId) {
    if (methodId >= depth.length) {
      grow(methodId);
    }
    return depth[methodId]++ == 0;
  }

  /** Marks exit; true when the outermost call of the method on this thread ends. */
  boolean exit(int methodId) {
    if (methodId >= depth.length || depth[methodId] <= 0) {
      // An exit without a recorded entry (the agent started mid-call): count it as outermost.
      return true;
    }
    return --depth[methodId] == 0;
  }

  /** Whether this outermost call is due for a CPU sample; one in {@code every} is. */
  boolean sampleDue(int methodId, int every) {
    if (--cpuCountdown[methodId] < 0) {
      cpuCountdown[methodId] = every - 1;
      return true;
    }
    return false;
  }

  void startCpuSample(int methodId, long cpuNanos, long allocatedBytes) {
    cpuStart[methodId] = cpuNanos;
    allocStart[methodId] = allocatedBytes;
  }

  /** The CPU time read at entry of a sampled call, or -1 when this call is not sampled. */
  long cpuStart(int methodId) {
    return methodId < cpuStart.length ? cpuStart[methodId] : -1L;
  }

  long allocStart(int methodId) {
    return allocStart[methodId];
  }

  void endCpuSample(int methodId) {
    cpuStart[methodId] = -1L;
  }

  private void grow(int methodId) {
    int length = Math.max(methodId + 1, depth.length * 2);
    depth = Arrays.copyOf(depth, length);
    cpuCountdown = Arrays.copyOf(cpuCountdown, length);
    allocStart = Arrays.copyOf(allocStart, length);
    int old = cpuStart.length;
    cpuStart = Arrays.copyOf(cpuStart, length);
    Arrays.fill(cpuStart, old, length, -1L);
  }
}

package dev.overclock.metrics;

/**
 * One thread's state for one timed method: how deep the thread is in it (so that recursion adds
 * to total time once) and, on a CPU-sampled call, the counters read at entry. The timing advice
 * receives this object from {@code enter} and hands it back to {@code exit}, so an exit needs no
 * lookup at all. Only its own thread touches an instance.
 *
 * <p>A sampled method's calls between two clocked ones get {@link #unclocked} instead, which
 * tells the advice not to read the clock and the exit only to count the call.
 */
final class ActiveMethod {

  final ThreadTimings thread;
  final int methodId;
  final MethodRecorder recorder;

  final UnclockedCall unclocked = new UnclockedCall(this);

  int depth;
  int cpuCountdown;
  /** Calls until the next clocked one; 0 on the thread's first call, which is always clocked. */
  int clockCountdown;
  /**
   * How many calls the current clocked call stands for: itself and the unclocked calls since the
   * thread's previous clocked call of the method (1 for the thread's first call, so that many
   * short-lived threads, each calling once, do not inflate the total N times).
   */
  int clockWeight = 1;
  /** The weight of the next clocked call: the N set at this one. */
  int nextClockWeight = 1;
  long cpuStart = -1;
  long allocStart = -1;

  ActiveMethod(ThreadTimings thread, int methodId, MethodRecorder recorder) {
    this.thread = thread;
    this.methodId = methodId;
    this.recorder = recorder;
  }
}

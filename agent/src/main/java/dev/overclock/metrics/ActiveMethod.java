package dev.overclock.metrics;

/**
 * One thread's state for one timed method: how deep the thread is in it (so that recursion adds
 * to total time once) and, on a CPU-sampled call, the counters read at entry. The timing advice
 * receives this object from {@code enter} and hands it back to {@code exit}, so an exit needs no
 * lookup at all. Only its own thread touches an instance.
 */
final class ActiveMethod {

  final ThreadTimings thread;
  final int methodId;
  final MethodRecorder recorder;

  int depth;
  int cpuCountdown;
  long cpuStart = -1;
  long allocStart = -1;

  ActiveMethod(ThreadTimings thread, int methodId, MethodRecorder recorder) {
    this.thread = thread;
    this.methodId = methodId;
    this.recorder = recorder;
  }
}

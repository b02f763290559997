package dev.overclock.metrics;

/**
 * Told about timed calls that took at least a threshold ({@link TimingRecorders#onSlowCalls}).
 * Called on the thread whose call was slow, right after the call was recorded, so it sees that
 * thread's stack; it must be quick and must not throw.
 */
@FunctionalInterface
public interface SlowCallListener {

  /**
   * @param nanos the call's duration
   * @param failed whether the call threw
   */
  void slowCall(MethodRef method, long nanos, boolean failed);
}

package dev.overclock.bootstrap;

/**
 * Receives the two events of a timed call from inlined advice.
 *
 * <p>This interface lives on the bootstrap class path, so it may name JDK types only. The
 * implementation lives in the agent; the advice reaches it through {@link Dispatcher}.
 */
public interface TimingSink {

  /**
   * Called when a timed method is entered, before the advice reads the start time.
   *
   * @return the calling thread's recording state, handed back on exit; {@code null} when this call
   *     is not recorded. A {@link TimedCall} is finished by itself ({@link TimedCall#exit}), and a
   *     {@link TimedCall.Unclocked} one is not clocked (its start time is 0); any other state is
   *     handed to {@link #exit}, with the start time {@link System#nanoTime()}.
   */
  Object enter(int methodId);

  /**
   * Called when a timed method returns or throws, for a state {@link #enter} returned that is not
   * a {@link TimedCall}.
   *
   * @param threadState what {@link #enter} returned; {@code null} means "not recorded"
   * @param startNanos the call's start time
   * @param thrown the exception the method is throwing, or {@code null} when it returned
   */
  void exit(int methodId, Object threadState, long startNanos, Throwable thrown);
}

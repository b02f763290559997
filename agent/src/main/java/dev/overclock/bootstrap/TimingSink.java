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
   * @return the calling thread's recording state, handed back to {@link #exit}; {@code null}
   *     when this call is not recorded
   */
  Object enter(int methodId);

  /**
   * The start time of the call {@link #enter} just returned {@code threadState} for: {@link
   * System#nanoTime()}, or 0 when this call is counted but not clocked (a sampled method's calls
   * between two clocked ones; see the agent's {@code TimingSampling}). Not asked for a method
   * that is never sampled: its advice reads {@link System#nanoTime()} itself.
   */
  default long start(Object threadState) {
    return System.nanoTime();
  }

  /**
   * Called when a timed method returns or throws.
   *
   * @param threadState what {@link #enter} returned; {@code null} means "not recorded"
   * @param startNanos what {@link #start} returned
   * @param thrown the exception the method is throwing, or {@code null} when it returned
   */
  void exit(int methodId, Object threadState, long startNanos, Throwable thrown);
}

package dev.overclock.bootstrap;

/**
 * The state a timing sink's {@link TimingSink#enter} hands to the timing advice, which finishes
 * its own call: the advice's start and exit ({@link Dispatcher#timedStart}, {@link
 * Dispatcher#timedExit}) ask the state, not the sink.
 *
 * <h2>Why</h2>
 *
 * Asking the sink costs a read of its {@code volatile} field and a check of its type per call, on
 * the start and again on the exit; on a sampled method's counted-only call (a few nanoseconds in
 * all) the two were a large part of the cost. The state already belongs to the sink that entered
 * the call, so it needs neither. A call in flight while the sink is swapped (the agent detaching)
 * is finished by the state of the sink that entered it, into figures nobody reads any more.
 *
 * <p>A class of the bridge because {@link Dispatcher} tests for it and calls it; the agent's
 * implementations live in the agent. Only JDK types here.
 */
public abstract class TimedCall {

  protected TimedCall() {}

  /**
   * Finishes the call this state was entered for.
   *
   * @param startNanos the start time the advice read ({@link Dispatcher#timedStart}, or its own
   *     {@link System#nanoTime()} on a method that is never sampled)
   * @param thrown the exception the method is throwing, or {@code null} when it returned
   */
  public abstract void exit(long startNanos, Throwable thrown);

  /**
   * A call that is counted without reading the clock (a sampled method's calls between two clocked
   * ones): {@link Dispatcher#timedStart} returns 0 for it instead of reading the clock.
   */
  public abstract static class Unclocked extends TimedCall {

    protected Unclocked() {}
  }
}

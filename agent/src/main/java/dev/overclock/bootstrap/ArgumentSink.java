package dev.overclock.bootstrap;

/**
 * Receives the arguments of sampled calls from the argument-sampling advice, which the agent
 * weaves for a while into timed methods that look CPU-bound, to estimate how often their
 * arguments repeat (and so whether memoizing them would pay).
 *
 * <p>This interface lives on the bootstrap class path, so it may name JDK types only. The advice
 * asks {@link #wanted} first and builds the argument array only when the answer is yes, so an
 * unsampled call allocates nothing.
 */
public interface ArgumentSink {

  /** Whether the arguments of this call should be handed over; cheap, called on every call. */
  boolean wanted(int methodId);

  /**
   * The arguments of one sampled call.
   *
   * @param self the receiver, or {@code null} for a static method
   * @param arguments the arguments, primitives boxed; a fresh array the sink may read but must
   *     not keep
   */
  void sample(int methodId, Object self, Object[] arguments);
}

package dev.overclock.bootstrap;

/**
 * Receives an offloaded method's call from inlined advice, before its body runs, and decides
 * where the body runs.
 *
 * <p>This interface lives on the bootstrap class path, so it may name JDK types only. The
 * implementation lives in the agent; the advice reaches it through {@link Dispatcher}.
 */
public interface OffloadSink {

  /**
   * Offloads the call, or lets it run here.
   *
   * @param type the class that declares the method (to invoke its body on another thread)
   * @param receiver {@code this} of an instance method, {@code null} for a static one
   * @param arguments the call's arguments, in a fresh array the sink may keep
   * @return {@code null} to run the body on the calling thread as written; otherwise an {@link
   *     OffloadCall} whose value the method returns or whose exception it throws, the body being
   *     skipped on this thread
   */
  Object enter(int methodId, Class<?> type, Object receiver, Object[] arguments);
}

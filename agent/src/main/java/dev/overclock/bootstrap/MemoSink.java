package dev.overclock.bootstrap;

/**
 * Receives the two events of a memoized call from inlined advice: the lookup before the body and
 * the result (or exception) after it.
 *
 * <p>This interface lives on the bootstrap class path, so it may name JDK types only. The
 * implementation lives in the agent; the advice reaches it through {@link Dispatcher}.
 */
public interface MemoSink {

  /**
   * Looks the call up, before the method body runs.
   *
   * @param receiver {@code this} of an instance method, {@code null} for a static one
   * @param arguments the call's arguments, in a fresh array the sink may keep
   * @return a {@link MemoHit} to skip the body and return its value; {@code null} to run the body
   *     as if nothing was memoized; any other object to run the body and receive that object in
   *     {@link #exit}
   */
  Object enter(int methodId, Object receiver, Object[] arguments);

  /**
   * {@link #enter} for a method of one parameter: the advice of such a method calls this, so that
   * a hit builds no argument array. The default builds one.
   */
  default Object enter1(int methodId, Object receiver, Object argument) {
    return enter(methodId, receiver, new Object[] {argument});
  }

  /** {@link #enter} for a method of two parameters; see {@link #enter1}. */
  default Object enter2(int methodId, Object receiver, Object first, Object second) {
    return enter(methodId, receiver, new Object[] {first, second});
  }

  /**
   * The site of the method of this id, bound into its woven class for its calls of one or two
   * arguments ({@link MemoSite}); {@code null} (the default): the advice calls the bridge.
   */
  default MemoSite site(int methodId) {
    return null;
  }

  /**
   * {@link Dispatcher#setMemo} installed this sink ({@code true}) or replaced it ({@code false}):
   * a site of a sink not installed must pass its calls on to the bridge.
   */
  default void installed(boolean installed) {}

  /**
   * The body ran after {@link #enter} returned {@code call} (neither {@code null} nor a hit).
   *
   * @param result what the method returned (boxed), or {@code null} when it threw
   * @param thrown the exception the method is throwing, or {@code null} when it returned
   */
  void exit(int methodId, Object call, Object result, Throwable thrown);
}

package dev.overclock.instrument;

import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of each method of a weaving that takes them from the method's annotation
 * (memoization, offload): decided while the method's class is scanned (the weaving's rule) and
 * handed to the sink when the method is registered (its id bound into the advice), or the
 * defaults when nothing was decided for it. A method the rule refuses gets one warning that says
 * why.
 *
 * @param <S> the settings of one method
 */
final class MethodSettings<S> {

  private final Map<String, S> decided = new ConcurrentHashMap<>();
  private final S defaults;

  MethodSettings(S defaults) {
    this.defaults = defaults;
  }

  /** Keeps {@code settings} for the method of {@code className}; true: the rule takes it. */
  boolean take(String className, ClassScan.Method method, S settings) {
    decided.put(className + "::" + method.key(), settings);
    return true;
  }

  /** The settings decided for {@code method}, else the defaults. */
  S of(MethodRef method) {
    return decided.getOrDefault(method.key(), defaults);
  }

  /**
   * Warns, once per method, that {@code feature} ({@code memoize}) leaves the method out and why;
   * false: the rule refuses it.
   *
   * @param participle what the method is not, {@code memoized}
   */
  static boolean refuse(
      String feature, String participle, MethodRef method, String why) {
    AgentLog.warnOnce(feature + ":" + method.key(),
        feature + ": " + method.signature() + " is not " + participle + ": " + why);
    return false;
  }
}

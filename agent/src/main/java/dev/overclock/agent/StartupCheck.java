package dev.overclock.agent;

import java.lang.instrument.Instrumentation;

/**
 * A condition under which the agent must not start in this JVM. Checks run before anything is
 * instrumented; the first that refuses wins and its message (if any) is printed as one line.
 */
interface StartupCheck {

  /**
   * @return {@code null} to allow the start; otherwise why not, phrased for the user, or an empty
   *     string to refuse silently
   */
  String refusal(Instrumentation instrumentation);
}

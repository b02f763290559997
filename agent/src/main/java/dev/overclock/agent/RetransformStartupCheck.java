package dev.overclock.agent;

import java.lang.instrument.Instrumentation;

/**
 * Refuses to start where classes cannot be retransformed: every change Overclock makes must be
 * reversible (detach restores the original bytecode), and methods of classes loaded before the
 * agent can only be reached by retransformation.
 */
final class RetransformStartupCheck implements StartupCheck {

  @Override
  public String refusal(Instrumentation instrumentation) {
    return instrumentation.isRetransformClassesSupported()
        ? null
        : "agent not started: this JVM cannot retransform classes (is Can-Retransform-Classes"
            + " missing from the agent jar's manifest?)";
  }
}

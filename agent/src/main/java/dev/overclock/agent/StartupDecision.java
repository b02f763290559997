package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.config.ConfigParser;
import dev.overclock.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether the agent starts in this JVM, before it changes anything: the start-up checks,
 * then the configuration. Runs before the bootstrap bridge is installed, so that a JDK tool or
 * {@code enabled=false} leaves the JVM exactly as it was; it must therefore not touch any class
 * of {@code dev.overclock.bootstrap}.
 */
final class StartupDecision {

  private StartupDecision() {}

  /**
   * @return the configuration to start with, or {@code null} when the agent must stay off (the
   *     reason, if the user needs one, is printed)
   */
  static Config decide(String arguments, Instrumentation instrumentation) {
    return decide(arguments, instrumentation, new ArrayList<>());
  }

  /**
   * @param why receives, when the agent stays off, the lines that say why (for the command line,
   *     which cannot see this JVM's standard error)
   */
  static Config decide(String arguments, Instrumentation instrumentation, List<String> why) {
    for (StartupCheck check : List.of(new JdkToolStartupCheck(), new RetransformStartupCheck())) {
      String refusal = check.refusal(instrumentation);
      if (refusal != null) {
        if (!refusal.isEmpty()) {
          AgentLog.warn(refusal);
          why.add(refusal);
        }
        return null;
      }
    }
    Config config = ConfigParser.parse(arguments);
    AgentLog.setVerbose(config.verbose());
    for (String problem : config.problems()) { // no method reference: each costs the launch
      AgentLog.warn(problem);
    }
    if (!config.enabled()) {
      AgentLog.debug("Overclock is off for this run");
      why.addAll(config.problems());
      if (why.isEmpty()) {
        why.add("enabled=false");
      }
      return null;
    }
    return config;
  }
}

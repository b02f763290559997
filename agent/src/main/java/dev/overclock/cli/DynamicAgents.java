package dev.overclock.cli;

import java.util.Properties;

/**
 * What a target JVM says about agents loaded while it runs (JEP 451): JDK 21 and later print a
 * warning on their standard error unless started with {@code -XX:+EnableDynamicAgentLoading},
 * and refuse with {@code -XX:-EnableDynamicAgentLoading} (a future JDK will refuse by default).
 * Read from the JVM's own flags before loading, so a refusal is one clear line and a warning is
 * announced where the user sees it.
 */
final class DynamicAgents {

  static final String ENABLE = "-XX:+EnableDynamicAgentLoading";
  static final String DISABLE = "-XX:-EnableDynamicAgentLoading";

  private DynamicAgents() {}

  /** Why the JVM will refuse to load the agent, or {@code null}. */
  static String refusal(long pid, Properties agentProperties) {
    return flags(agentProperties).contains(DISABLE)
        ? "pid " + pid + " refuses dynamic agents: it was started with " + DISABLE + " (JEP 451);"
            + " restart it with " + ENABLE + ", or start Overclock with -javaagent"
        : null;
  }

  /**
   * A note for the user when loading the agent makes the JVM print the JEP 451 warning, or
   * {@code null}.
   */
  static String warningNote(long pid, int feature, Properties agentProperties) {
    String flags = flags(agentProperties);
    if (feature < 21 || flags.contains(ENABLE)) {
      return null;
    }
    return "note: JDK " + feature + " prints a warning about a dynamically loaded agent on the"
        + " standard error of pid " + pid + " (JEP 451); start it with " + ENABLE
        + " to attach without that warning (a future JDK will refuse dynamic agents without it)";
  }

  private static String flags(Properties agentProperties) {
    return agentProperties.getProperty("sun.jvm.args", "") + " "
        + agentProperties.getProperty("sun.jvm.flags", "");
  }

  /** The feature release of a JVM from its {@code java.specification.version}, or 0. */
  static int feature(Properties systemProperties) {
    String version = systemProperties.getProperty("java.specification.version", "0");
    try {
      return Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

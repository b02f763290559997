package dev.overclock.agent;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Refuses, silently, to start inside the JDK's own tools ({@code jcmd}, {@code jps}, {@code jfr},
 * {@code javac}, ...). They inherit {@code JAVA_TOOL_OPTIONS}, so a user who sets the agent there
 * for an application would otherwise instrument and report on every tool run too.
 */
final class JdkToolStartupCheck implements StartupCheck {

  private static final List<String> TOOL_PREFIXES =
      List.of("sun.tools.", "com.sun.tools.", "jdk.", "sun.jvm.hotspot.");

  @Override
  public String refusal(Instrumentation instrumentation) {
    return isJdkTool(System.getProperty("jdk.module.main"), System.getProperty("sun.java.command"))
        ? ""
        : null;
  }

  /**
   * @param mainModule the launcher's {@code jdk.module.main}: JDK tools run from {@code jdk.*}
   *     modules
   * @param command the launcher's {@code sun.java.command}: main class (or jar) and arguments
   */
  static boolean isJdkTool(String mainModule, String command) {
    if (mainModule != null && (mainModule.startsWith("jdk.") || mainModule.startsWith("java."))) {
      return true;
    }
    if (command == null || command.isBlank()) {
      return false;
    }
    String main = command.strip().split("\\s+", 2)[0];
    int slash = main.indexOf('/');
    if (slash > 0) {
      // module/class form, such as jdk.jcmd/sun.tools.jcmd.JCmd
      return isJdkTool(main.substring(0, slash), null);
    }
    return TOOL_PREFIXES.stream().anyMatch(main::startsWith);
  }
}

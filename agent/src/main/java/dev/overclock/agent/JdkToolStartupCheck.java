package dev.overclock.agent;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Refuses to start inside the JDK's own tools ({@code jcmd}, {@code jps}, {@code jfr}, {@code
 * javac}, ...). They inherit {@code JAVA_TOOL_OPTIONS}, so a user who sets the agent there for an
 * application would otherwise instrument and report on every tool run too. The refusal is silent
 * when the agent came from {@code JAVA_TOOL_OPTIONS}, one line otherwise. The single-file source
 * launcher ({@code java Main.java}) runs application code and is not a tool.
 */
final class JdkToolStartupCheck implements StartupCheck {

  private static final List<String> TOOL_PREFIXES =
      List.of("sun.tools.", "com.sun.tools.", "jdk.", "sun.jvm.hotspot.");

  @Override
  public String refusal(Instrumentation instrumentation) {
    String command = System.getProperty("sun.java.command");
    if (!isJdkTool(System.getProperty("jdk.module.main"), command)) {
      return null;
    }
    if (fromToolOptions(System.getenv("JAVA_TOOL_OPTIONS"))) {
      return "";
    }
    return "agent not started: " + firstWord(command) + " is a JDK tool, not an application";
  }

  /** Whether {@code JAVA_TOOL_OPTIONS} names this agent's jar. */
  private static boolean fromToolOptions(String toolOptions) {
    if (toolOptions == null) {
      return false;
    }
    var source = OverclockAgent.class.getProtectionDomain().getCodeSource();
    String location = source == null ? null : source.getLocation().getPath();
    String jarName = location == null ? "overclock" : location.substring(location.lastIndexOf('/') + 1);
    return toolOptions.contains(jarName);
  }

  /**
   * @param mainModule the launcher's {@code jdk.module.main}: JDK tools run from {@code jdk.*}
   *     modules
   * @param command the launcher's {@code sun.java.command}: main class (or jar) and arguments
   */
  static boolean isJdkTool(String mainModule, String command) {
    String main = command == null ? "" : firstWord(command);
    if (main.contains(".javac.launcher.")) {
      return false; // java Main.java: the source launcher runs the user's program
    }
    if (mainModule != null && (mainModule.startsWith("jdk.") || mainModule.startsWith("java."))) {
      return true;
    }
    if (main.isEmpty()) {
      return false;
    }
    int slash = main.indexOf('/');
    if (slash > 0) {
      // module/class form, such as jdk.jcmd/sun.tools.jcmd.JCmd
      return isJdkTool(main.substring(0, slash), null);
    }
    for (String prefix : TOOL_PREFIXES) {
      if (main.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The command's first word (the main class or jar), by a loop: {@code premain} runs this on the
   * application's main thread, where a regular expression or a stream costs milliseconds of
   * interpreted set-up.
   */
  static String firstWord(String command) {
    String stripped = command.strip();
    int end = 0;
    while (end < stripped.length() && !Character.isWhitespace(stripped.charAt(end))) {
      end++;
    }
    return stripped.substring(0, end);
  }
}

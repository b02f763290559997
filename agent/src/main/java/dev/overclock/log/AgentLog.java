package dev.overclock.log;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's only output channel: one line per message on standard error, prefixed
 * {@code [overclock]}.
 *
 * <p>It deliberately avoids {@code java.util.logging} and every logging framework: touching them
 * from {@code premain} would initialise them before the application configures them. Messages are
 * single lines so that they stay readable next to the application's own output and easy to grep.
 */
public final class AgentLog {

  private static final String PREFIX = "[overclock] ";
  private static final Set<String> onceKeys = ConcurrentHashMap.newKeySet();

  private static volatile PrintStream out = System.err;
  private static volatile boolean verbose;

  private AgentLog() {}

  /** Turns debug lines on or off (option {@code verbose}). */
  public static void setVerbose(boolean on) {
    verbose = on;
  }

  public static boolean isVerbose() {
    return verbose;
  }

  /** Something the user should know: start-up, the final report's location. */
  public static void info(String message) {
    print(message);
  }

  /** Something the user must fix or know was turned off. */
  public static void warn(String message) {
    print(message);
  }

  /** Like {@link #warn}, but printed only the first time {@code key} is seen in this JVM. */
  public static void warnOnce(String key, String message) {
    if (onceKeys.add(key)) {
      print(message);
    }
  }

  /** Detail for diagnosing the agent itself; printed only with {@code verbose=true}. */
  public static void debug(String message) {
    if (verbose) {
      print(message);
    }
  }

  /** Prints a block verbatim (the exit summary table); each line keeps the prefix. */
  public static void block(String text) {
    PrintStream stream = out;
    synchronized (stream) {
      for (String line : text.split("\n", -1)) {
        if (!line.isEmpty()) {
          stream.println(PREFIX + line);
        }
      }
      stream.flush();
    }
  }

  /** Test hook: redirects output. */
  static void redirect(PrintStream stream) {
    out = stream;
  }

  private static void print(String message) {
    PrintStream stream = out;
    // One println per message: concurrent messages never interleave within a line.
    stream.println(PREFIX + message.replace('\n', ' '));
    stream.flush();
  }
}

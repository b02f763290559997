package dev.overclock.control;

/**
 * What the agent and the command line agree on: the system properties an agent sets in its JVM
 * (read by the command line through the JDK's attach mechanism, which only connects processes of
 * the same user), the commands of the control channel, and the shape of a reply.
 *
 * <p>A request is one line, a command name. A reply is {@code ok} followed by payload lines, or
 * one line {@code error<TAB>message}; the server closes the connection after it. Payload lines
 * are tab-separated fields whose text never contains a tab or a line break ({@link #clean}).
 *
 * <p>The property names lie outside the {@code overclock.} prefix on purpose: the configuration
 * reads every {@code overclock.*} system property as an option, and an agent attaching again
 * must not mistake its own markers for unknown options.
 */
public final class ControlProtocol {

  /** Set while an agent runs in the JVM: {@code <version> <mode>}, mode premain or attach. */
  public static final String AGENT_PROPERTY = "dev.overclock.agent";

  /** Set while the control channel is open: the absolute path of its socket. */
  public static final String CONTROL_PROPERTY = "dev.overclock.control";

  /**
   * Set by every {@code agentmain} call before it returns: {@code started}, {@code updated}, or
   * {@code off: <why>}. {@code loadAgent} cannot return a value, so the command line reads this.
   */
  public static final String RESULT_PROPERTY = "dev.overclock.attach.result";

  /**
   * The agent argument with which the command line asks an agent already running (started by
   * {@code -javaagent}, which opens no channel) to open its control channel; not an option.
   */
  public static final String OPEN_CONTROL = "overclock:open-control";

  public static final String STATUS = "status";
  public static final String REPORT = "report";
  public static final String DETACH = "detach";

  static final String OK = "ok";
  static final String ERROR = "error";

  /** Longest request line the server reads. */
  static final int MAX_REQUEST = 64;

  private ControlProtocol() {}

  /** The text with tabs and line breaks replaced by spaces, fit for one field of a line. */
  public static String clean(String text) {
    return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}

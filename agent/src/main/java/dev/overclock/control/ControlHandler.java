package dev.overclock.control;

import java.util.List;

/**
 * What the running agent does for each command of the control channel. Each method returns the
 * reply's payload lines, or throws {@link ControlException} with a message for the user; it runs
 * on the channel's thread, one command at a time.
 */
public interface ControlHandler {

  /** {@link ControlProtocol#STATUS}: the current figures ({@link StatusMessage#encode}). */
  List<String> status();

  /** {@link ControlProtocol#REPORT}: writes the report files now; returns their paths. */
  List<String> report();

  /**
   * {@link ControlProtocol#DETACH}: takes the agent out of the JVM and returns the final report's
   * paths. The channel closes itself after this reply.
   */
  List<String> detach();
}

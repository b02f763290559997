package dev.overclock.cli;

import dev.overclock.control.ControlClient;
import dev.overclock.control.ControlException;
import dev.overclock.control.ControlProtocol;
import dev.overclock.files.PrivateDirectory;
import dev.overclock.log.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The command line's way to an agent running in another JVM: finds the agent's control socket
 * through the attach mechanism (the path is a system property of the target, so only a process
 * allowed to attach learns it), asking an agent started by {@code -javaagent} to open its channel
 * first, then sends commands.
 */
final class AgentChannel {

  private static final long REQUEST_MILLIS = 60_000;

  private final long pid;
  private final Path socket;

  private AgentChannel(long pid, Path socket) {
    this.pid = pid;
    this.socket = socket;
  }

  /** The channel of the agent in {@code pid}; fails with one line when there is none. */
  static AgentChannel open(long pid) throws CliException {
    try (AttachConnection vm = AttachConnection.open(pid)) {
      Properties properties = vm.systemProperties();
      if (properties.getProperty(ControlProtocol.AGENT_PROPERTY) == null) {
        throw CliException.failed("Overclock is not running in pid " + pid
            + " ('attach " + pid + "' starts it)");
      }
      String control = properties.getProperty(ControlProtocol.CONTROL_PROPERTY);
      if (control == null) {
        // Started by -javaagent, which opens no channel: ask it to open one.
        String refusal = DynamicAgents.refusal(pid, vm.agentProperties());
        if (refusal != null) {
          throw CliException.failed("Overclock runs in pid " + pid + " from -javaagent; its"
              + " control channel opens on request through the attach mechanism, but " + refusal);
        }
        vm.loadAgent(AgentJar.path(), ControlProtocol.OPEN_CONTROL);
        properties = vm.systemProperties();
        control = properties.getProperty(ControlProtocol.CONTROL_PROPERTY);
        if (control == null) {
          throw CliException.failed("Overclock runs in pid " + pid + " but could not open its"
              + " control channel: " + properties.getProperty(ControlProtocol.RESULT_PROPERTY,
                  "no answer"));
        }
      }
      return new AgentChannel(pid, trusted(pid, control));
    }
  }

  /**
   * The socket path the target published, if it is where an agent of this user puts it: {@code
   * <pid>.sock} in a directory {@code overclock-<user>} that is no link, belongs to this user and
   * is open to nobody else. The target chose the path; a compromised or hostile JVM could point
   * the command line at a socket of someone else's choosing.
   */
  static Path trusted(long pid, String control) throws CliException {
    Path socket;
    try {
      socket = Path.of(control).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw CliException.failed("pid " + pid + " published an invalid control socket path");
    }
    Path dir = socket.getParent();
    if (!socket.getFileName().toString().equals(pid + ".sock") || dir == null
        || dir.getFileName() == null || !dir.getFileName().toString().startsWith("overclock-")) {
      throw CliException.failed("pid " + pid + " published a control socket outside an Overclock"
          + " socket directory (" + Printable.of(socket.toString()) + "); refusing to use it");
    }
    try {
      PrivateDirectory.check(dir, PrivateDirectory.GROUP_OR_OTHERS_ANY);
    } catch (IOException e) {
      throw CliException.failed("the control socket of pid " + pid + " is not in a private"
          + " directory of this user: " + Printable.of(e.getMessage()) + "; refusing to use it");
    }
    return socket;
  }

  /**
   * The channel at the socket {@code attach} read from the target's properties: checked like
   * {@link #open}'s, since the target published it.
   */
  static AgentChannel at(long pid, Path socket) throws CliException {
    return new AgentChannel(pid, trusted(pid, socket.toString()));
  }

  long pid() {
    return pid;
  }

  /** Sends a command and returns the reply's payload. */
  List<String> request(String command) throws CliException {
    try {
      return ControlClient.request(socket, command, REQUEST_MILLIS);
    } catch (ControlException e) {
      throw CliException.failed(e.getMessage() + " (pid " + pid + ")");
    } catch (IOException e) {
      if (!JvmProcess.isAlive(pid)) {
        throw CliException.ended("pid " + pid + " exited");
      }
      if (!Files.exists(socket)) {
        throw CliException.ended("Overclock is no longer running in pid " + pid + " (detached)");
      }
      throw CliException.failed("the control channel of pid " + pid + " (" + socket
          + ") does not answer: " + e.getMessage());
    }
  }
}

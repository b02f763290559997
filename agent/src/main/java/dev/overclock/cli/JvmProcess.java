package dev.overclock.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the operating system tells about a process, before any attach is tried: whether it
 * exists, whose it is, and (on Linux) whether it handles the signal that wakes a JVM's attach
 * listener. Checking first turns the attach mechanism's slow or cryptic failures into one clear
 * line, and never sends that signal to a process that would die of it.
 */
final class JvmProcess {

  private static final int SIGQUIT = 3;

  private JvmProcess() {}

  /** Whether the process exists now. */
  static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The process's user name, if the system tells. */
  static Optional<String> user(long pid) {
    return ProcessHandle.of(pid).flatMap(handle -> handle.info().user());
  }

  /**
   * A name for the process that a person recognises: its executable's path where the system
   * tells, else the first word of its command line, else its short name from {@code
   * /proc/<pid>/comm} (the executable's link is unreadable for another user's process, or for
   * a process outside this PID namespace, such as an init process).
   */
  static String name(long pid) {
    Optional<ProcessHandle.Info> info = ProcessHandle.of(pid).map(ProcessHandle::info);
    Optional<String> name = info.flatMap(ProcessHandle.Info::command)
        .or(() -> info.flatMap(ProcessHandle.Info::commandLine)
            .map(line -> line.strip().split("\\s+", 2)[0]))
        .filter(text -> !text.isBlank())
        .or(() -> shortName(pid));
    return name.orElse("a process whose name the system does not tell");
  }

  private static Optional<String> shortName(long pid) {
    try {
      String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
      return comm.isEmpty() ? Optional.empty() : Optional.of(comm);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the process catches SIGQUIT, as every HotSpot JVM that can be attached to does; empty
   * where {@code /proc} does not tell (not Linux, or not readable).
   */
  static Optional<Boolean> catchesSigquit(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("SigCgt:")) {
          long mask = Long.parseUnsignedLong(line.substring("SigCgt:".length()).strip(), 16);
          return Optional.of((mask & (1L << (SIGQUIT - 1))) != 0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc here
    }
    return Optional.empty();
  }

  /** The user running this command line. */
  static String currentUser() {
    return ProcessHandle.current().info().user().orElse(System.getProperty("user.name", ""));
  }

  /**
   * Why this user cannot attach to the process, or {@code null} when nothing speaks against it:
   * the JDK's attach mechanism only connects a JVM with a client of the same effective user, or
   * root.
   */
  static String otherUser(long pid, String owner, String me) {
    if (owner == null || owner.equals(me) || isRoot(me)) {
      return null;
    }
    return "pid " + pid + " belongs to user " + owner + ", and a JVM accepts attach only from its"
        + " own user (or root); run this as " + owner + ", e.g. sudo -u " + owner
        + " java -jar overclock-agent.jar ...";
  }

  private static boolean isRoot(String user) {
    return user.equals("root") || user.endsWith("\\root");
  }
}

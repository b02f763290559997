package dev.overclock.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.overclock.log.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Finds the JVM a command names: a pid, or a part of the main class or jar of one of this user's
 * JVMs. A name that matches several JVMs is a usage error listing them: guessing could attach to
 * the wrong application.
 */
final class Targets {

  private Targets() {}

  /** A JVM as the JDK lists it: pid and launcher command (main class or jar, and arguments). */
  record Jvm(long pid, String command) {

    /** The main class or jar, without arguments. */
    String main() {
      String text = command.strip();
      return text.isEmpty() ? "(unknown main class)" : text.split("\\s+", 2)[0];
    }

    /** What a name is matched against: the main class or jar, and a jar's {@code Main-Class}. */
    String searchable() {
      String main = main();
      if (main.endsWith(".jar")) {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(main)) {
          java.util.jar.Manifest manifest = jar.getManifest();
          String mainClass = manifest == null ? null
              : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.MAIN_CLASS);
          if (mainClass != null) {
            return main + " " + mainClass;
          }
        } catch (java.io.IOException | RuntimeException e) {
          // a jar this user cannot read, or a relative path: match the name only
        }
      }
      return main;
    }
  }

  /** {@code com.acme.Main, JDK 25.0.3}, from a JVM's system properties. */
  static String describe(java.util.Properties properties) {
    String command = properties.getProperty("sun.java.command", "").strip();
    String main = command.isEmpty() ? "unknown main class" : command.split("\\s+", 2)[0];
    return Printable.of(main + ", JDK " + properties.getProperty("java.version", "?"));
  }

  /** This user's JVMs, except this command's own, by pid. */
  static List<Jvm> list() throws CliException {
    AttachConnection.requireAttachApi();
    long self = ProcessHandle.current().pid();
    List<Jvm> jvms = new ArrayList<>();
    for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
      try {
        long pid = Long.parseLong(descriptor.id());
        if (pid != self) {
          // The display name is the target's command line, which it chose: printable only.
          jvms.add(new Jvm(pid, Printable.of(descriptor.displayName())));
        }
      } catch (NumberFormatException e) {
        // not a local pid
      }
    }
    jvms.sort((a, b) -> Long.compare(a.pid(), b.pid()));
    return jvms;
  }

  /**
   * The pid named by {@code spec}: the number itself, or the one JVM whose main class or jar
   * (or the {@code Main-Class} of that jar) contains {@code spec}, ignoring case.
   */
  static long resolve(String spec) throws CliException {
    if (spec.matches("\\d{1,18}")) {
      return Long.parseLong(spec);
    }
    if (spec.isBlank() || spec.startsWith("-")) {
      throw CliException.usage("expected a pid or part of a main class, not '" + spec + "'");
    }
    String wanted = spec.toLowerCase(Locale.ROOT);
    List<Jvm> matches = list().stream()
        .filter(jvm -> jvm.searchable().toLowerCase(Locale.ROOT).contains(wanted))
        .toList();
    if (matches.isEmpty()) {
      throw CliException.failed("no JVM of user " + JvmProcess.currentUser() + " runs a main class"
          + " or jar matching '" + spec + "' ('list' shows them)");
    }
    if (matches.size() > 1) {
      throw CliException.usage("'" + spec + "' matches " + matches.size() + " JVMs: "
          + matches.stream().map(jvm -> jvm.pid() + " " + jvm.main())
              .collect(Collectors.joining(", "))
          + "; give the pid");
    }
    return matches.get(0).pid();
  }
}

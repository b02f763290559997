package dev.overclock.analyze;

import dev.overclock.select.ApplicationPackages;
import dev.overclock.select.Libraries;
import java.util.function.Predicate;

/**
 * Application code of a recorded JVM, as the live agent decides it ({@link
 * ApplicationPackages}): from the recording's {@code sun.java.command} and {@code
 * java.class.path}, read from its {@code jdk.InitialSystemProperty} events, where the jars and
 * directories they name exist on this machine. Until both are read (JFR writes them at the start
 * of each chunk), and where they tell nothing, every class outside the well-known libraries.
 */
final class DetectedApplication implements Predicate<String> {

  private volatile Predicate<String> rule = name -> !Libraries.isLibrary(name);
  private String command;
  private String classPath;
  private boolean decided;
  private String basis = "the well-known library list (the recording did not say how its JVM"
      + " was started, or its class path is not on this machine)";

  /** Hears a system property of the recorded JVM. */
  void property(String key, String value) {
    if (decided) {
      return;
    }
    if ("sun.java.command".equals(key)) {
      command = value;
    } else if ("java.class.path".equals(key)) {
      classPath = value;
    }
    if (command != null && classPath != null) {
      decided = true;
      ApplicationPackages packages = ApplicationPackages.detect(command, classPath);
      if (packages != null) {
        rule = packages::contains;
        basis = packages.packages().size() + " packages of the main class's code source and the"
            + " class path's directories";
      }
    }
  }

  /** Whether both properties were read: the rule will not change any more. */
  boolean decided() {
    return decided;
  }

  /** How application code was told apart, for the report's features. */
  String basis() {
    return basis;
  }

  @Override
  public boolean test(String className) {
    return rule.test(className);
  }
}

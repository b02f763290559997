package dev.overclock.jfr;

import dev.overclock.log.AgentLog;
import dev.overclock.select.ApplicationPackages;
import dev.overclock.select.Libraries;
import java.util.function.Predicate;

/**
 * Tells library code from the application's for the live profile and automatic timing. Its own
 * class because it reads the JVM's class path and jar listings, a start-up step of its own.
 */
final class LibraryCode {

  private LibraryCode() {}

  /**
   * What is library code: the JVM's class path and main class tell the application's own
   * packages apart from its dependencies ({@link ApplicationPackages}); where they cannot, the
   * well-known library list. Reads jar and directory listings once, on the calling (background)
   * thread.
   *
   * @param includeSet whether {@code include=} names packages: then it decides, not this
   */
  static Predicate<String> detect(boolean includeSet) {
    if (includeSet) {
      return Libraries::isLibrary; // include= decides, the detector does not ask
    }
    ApplicationPackages application = ApplicationPackages.detect(
        System.getProperty("sun.java.command"), System.getProperty("java.class.path"));
    if (application == null) {
      AgentLog.debug("application code: the class path does not tell; using the well-known"
          + " library list");
      return Libraries::isLibrary;
    }
    AgentLog.debug("application code: " + application.packages().size() + " packages of the"
        + " main class's code source and the class path's directories");
    return application.libraries();
  }
}

package dev.overclock.jfr;

import jdk.jfr.FlightRecorder;

/**
 * Asks JFR whether it can record in this JVM. A class of its own, so that its reference to {@code
 * jdk.jfr} is resolved only after the module was found to be present.
 */
final class JfrAvailability {

  private JfrAvailability() {}

  static boolean available() {
    return FlightRecorder.isAvailable();
  }
}

package dev.overclock.analyze;

/**
 * An input that yields nothing to analyse or compare: a missing file, not a recording or not a
 * report, a recording without events. The message names the file and says why, for the user.
 */
public final class Unreadable extends Exception {

  Unreadable(String message) {
    super(message);
  }
}

package dev.overclock.control;

/** A control command that failed, with one line for the user. */
public final class ControlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ControlException(String message) {
    super(message);
  }
}

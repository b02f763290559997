package dev.overclock.cli;

/**
 * A command that cannot go on, with the one line the user sees ({@code overclock: <message>}) and
 * the exit code: {@link Cli#USAGE} for a mistake in the command line, {@link Cli#FAILED} for
 * anything else.
 */
final class CliException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final boolean ended;

  CliException(int exitCode, String message) {
    this(exitCode, message, false);
  }

  private CliException(int exitCode, String message, boolean ended) {
    super(message);
    this.exitCode = exitCode;
    this.ended = ended;
  }

  /** The target went away (exited, or Overclock was detached): for {@code top}, a normal end. */
  static CliException ended(String message) {
    return new CliException(Cli.FAILED, message, true);
  }

  boolean ended() {
    return ended;
  }

  static CliException usage(String message) {
    return new CliException(Cli.USAGE, message);
  }

  static CliException failed(String message) {
    return new CliException(Cli.FAILED, message);
  }

  int exitCode() {
    return exitCode;
  }
}

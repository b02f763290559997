package dev.overclock.analyze;

/**
 * Hears how far the reading of a recording got, so that the command line can show it; the
 * analysis itself prints nothing.
 */
public interface ReadingProgress {

  /** Reading has reached this byte of the file; called often, must be quick. */
  void at(long position);

  /** Reading is over (whether or not it got to the end). */
  void done();
}

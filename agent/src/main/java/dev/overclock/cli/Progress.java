package dev.overclock.cli;

import dev.overclock.analyze.ReadingProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on standard error while a large recording is read: bytes read of the total,
 * and the percentage, rewritten in place at most a few times a second. Silent for files under
 * {@link #MIN_BYTES}, with {@code --quiet}, and when the command does not run in a terminal
 * ({@link System#console()} is {@code null}: in CI logs, or with its output redirected).
 */
final class Progress implements ReadingProgress {

  /** Smaller files are read in a moment: no progress line. */
  static final long MIN_BYTES = 16L * 1024 * 1024;
  private static final long EVERY_NANOS = 250_000_000L;

  private final PrintStream err;
  private final String name;
  private final long total;
  private long lastNanos;
  private boolean shown;

  private Progress(PrintStream err, String name, long total) {
    this.err = err;
    this.name = name;
    this.total = total;
  }

  /** A progress line, or {@code null} when none should be shown. */
  static Progress forFile(PrintStream err, String name, long total, boolean quiet) {
    if (quiet || total < MIN_BYTES || System.console() == null) {
      return null;
    }
    return new Progress(err, name, total);
  }

  @Override
  public void at(long position) {
    long now = System.nanoTime();
    if (shown && now - lastNanos < EVERY_NANOS) {
      return;
    }
    lastNanos = now;
    shown = true;
    long done = Math.max(0, Math.min(total, position));
    err.printf(Locale.ROOT, "\ranalyzing %s: %.1f MB of %.1f MB (%d%%)   ", name,
        done / 1e6, total / 1e6, Math.round(100.0 * done / total));
    err.flush();
  }

  /** Clears the line. */
  @Override
  public void done() {
    if (shown) {
      err.print("\r" + " ".repeat(Math.min(200, name.length() + 48)) + "\r");
      err.flush();
    }
  }
}

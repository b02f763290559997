package dev.overclock.config;

import java.time.Duration;
import java.util.Locale;

/** The duration notation of every option: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 0}. */
public final class Durations {

  private Durations() {}

  /**
   * Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 100us}, {@code
   * 10ns} or {@code 0}.
   *
   * @return the duration, or {@code null} when the text is none of these
   */
  public static Duration parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    // Read by hand, not with a regular expression: premain reads the defaults, and compiling
    // the pattern cost the JVM's launch 2-3 ms of interpreted code on the application's main
    // thread. The notation: 1 to 9 ASCII digits, optional white space, a unit.
    int digits = 0;
    while (digits < value.length() && value.charAt(digits) >= '0' && value.charAt(digits) <= '9') {
      digits++;
    }
    if (digits == 0 || digits > 9) {
      return null;
    }
    int unit = digits;
    while (unit < value.length() && " \t\n\u000B\f\r".indexOf(value.charAt(unit)) >= 0) {
      unit++;
    }
    long amount = Long.parseLong(value.substring(0, digits));
    switch (value.substring(unit)) {
      case "ns":
        return Duration.ofNanos(amount);
      case "us":
        return Duration.ofNanos(amount * 1_000L);
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      case "d":
        return Duration.ofDays(amount);
      default:
        return null;
    }
  }

  /** The shortest exact form in the same notation: {@code 10s}, {@code 1500ms}, {@code 5m}. */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0";
    }
    long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
        1_000_000L, 1_000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
    for (int i = 0; i < units.length; i++) {
      if (nanos % units[i] == 0) {
        return nanos / units[i] + names[i];
      }
    }
    return nanos + "ns";
  }
}

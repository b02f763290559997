package dev.overclock.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration notation of every option: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 0}. */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ns|us|ms|s|m|h|d)");

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
    Matcher matcher = DURATION.matcher(value);
    if (!matcher.matches()) {
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    switch (matcher.group(2)) {
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
      default:
        return Duration.ofDays(amount);
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

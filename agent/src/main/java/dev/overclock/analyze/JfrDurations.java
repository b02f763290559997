package dev.overclock.analyze;

import java.util.Locale;

/** JFR's setting values for times: {@code 20 ms}, {@code 1 s}, {@code 0 ns}. */
final class JfrDurations {
  private JfrDurations() {}

  /** Nanoseconds, or -1 when the value is not a time ({@code off}, {@code everyChunk}). */
  static long parse(String value) {
    if (value == null) {
      return -1;
    }
    String text = value.trim().toLowerCase(Locale.ROOT);
    int unit = 0;
    while (unit < text.length() && (Character.isDigit(text.charAt(unit))
        || text.charAt(unit) == '.')) {
      unit++;
    }
    if (unit == 0) {
      return -1;
    }
    double number;
    try {
      number = Double.parseDouble(text.substring(0, unit));
    } catch (NumberFormatException e) {
      return -1;
    }
    switch (text.substring(unit).trim()) {
      case "ns":
        return Math.round(number);
      case "us":
        return Math.round(number * 1e3);
      case "ms":
        return Math.round(number * 1e6);
      case "s":
        return Math.round(number * 1e9);
      case "m":
      case "min":
        return Math.round(number * 60e9);
      case "h":
        return Math.round(number * 3600e9);
      case "d":
        return Math.round(number * 86400e9);
      default:
        return -1;
    }
  }
}

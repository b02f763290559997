package dev.overclock.report;

import java.util.Locale;

/** Formats nanoseconds and counts for people: three significant digits and a unit. */
public final class Units {

  private Units() {}

  /** {@code 870 ns}, {@code 12.3 us}, {@code 4.56 ms}, {@code 1.20 s}, {@code 3.5 min}. */
  public static String duration(double nanos) {
    if (nanos < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 1_000_000) {
      return threeDigits(nanos / 1e3) + " us";
    }
    if (nanos < 1_000_000_000) {
      return threeDigits(nanos / 1e6) + " ms";
    }
    if (nanos < 600e9) {
      return threeDigits(nanos / 1e9) + " s";
    }
    return String.format(Locale.ROOT, "%.1f min", nanos / 60e9);
  }

  /** {@code 950}, {@code 12.3k}, {@code 4.56M}. */
  public static String count(long count) {
    if (count < 10_000) {
      return Long.toString(count);
    }
    if (count < 1_000_000) {
      return threeDigits(count / 1e3) + "k";
    }
    return threeDigits(count / 1e6) + "M";
  }

  /** {@code 42.1%}. */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** {@code 0.84%}, {@code 0.012%}: a share that is usually small, such as the agent's overhead. */
  public static String smallPercent(double share) {
    double percent = share * 100;
    return String.format(Locale.ROOT, percent < 0.1 ? "%.3f%%" : "%.2f%%", percent);
  }

  private static String threeDigits(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}

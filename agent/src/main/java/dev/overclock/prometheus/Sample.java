package dev.overclock.prometheus;

import java.util.List;
import java.util.Locale;

/**
 * One line of an exposition: a suffix to the family's name, labels, and the value, already
 * rendered (both formats write numbers the same way).
 *
 * @param suffix appended to the family name: {@code _total}, {@code _sum}, {@code _count}, ...
 */
record Sample(String suffix, List<Label> labels, String value) {

  Sample {
    labels = List.copyOf(labels);
  }

  /** A whole number, written exactly (OpenMetrics: integers have no decimal point). */
  static Sample of(String suffix, List<Label> labels, long value) {
    return new Sample(suffix, labels, Long.toString(value));
  }

  /** A floating-point value; NaN and infinities in the spelling both formats accept. */
  static Sample of(String suffix, List<Label> labels, double value) {
    return new Sample(suffix, labels, number(value));
  }

  /**
   * Renders a double as the shortest decimal that reads back as the same double, always with a
   * decimal point or an exponent so that it reads as a float: {@code 0.5}, {@code 1.2e-5},
   * {@code 3.0}.
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value).toLowerCase(Locale.ROOT);
  }
}

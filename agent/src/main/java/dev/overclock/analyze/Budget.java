package dev.overclock.analyze;

import java.util.List;
import java.util.Locale;

/**
 * One {@code --fail-on} budget of {@code compare}: how much a per-method figure may grow from the
 * report before to the report after. {@code p99=+10%} allows p99 latency to grow by 10%, {@code
 * p99=+2ms} by two milliseconds, {@code errors=+0} no new errors at all.
 *
 * @param metric {@code p50}, {@code p90}, {@code p99}, {@code p999}, {@code max}, {@code mean}
 *     (latency, nanoseconds) or {@code errors} (a count)
 * @param percent whether {@code allowed} is a percentage of the value before
 * @param allowed the growth allowed: percent, nanoseconds, or a count
 */
public record Budget(String metric, boolean percent, double allowed, String text) {

  static final List<String> LATENCIES = List.of("p50", "p90", "p99", "p999", "max", "mean");
  public static final String ACCEPTED = "<metric>=+<growth>, metric one of p50, p90, p99, p999, max,"
      + " mean, errors; growth a percentage (+10%), a duration (+5ms, +200us) or, for errors, a"
      + " count (+0)";

  public static Budget parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': expected " + ACCEPTED);
    }
    String metric = text.substring(0, equals).trim().toLowerCase(Locale.ROOT);
    String growth = text.substring(equals + 1).trim();
    if (!LATENCIES.contains(metric) && !metric.equals("errors")) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': unknown metric '"
          + metric + "'; expected " + ACCEPTED);
    }
    if (growth.startsWith("+")) {
      growth = growth.substring(1);
    }
    try {
      if (growth.endsWith("%")) {
        double value = Double.parseDouble(growth.substring(0, growth.length() - 1));
        return check(new Budget(metric, true, value, text), text);
      }
      if (metric.equals("errors")) {
        return check(new Budget(metric, false, Long.parseLong(growth), text), text);
      }
      long nanos = growth.matches("0+") ? 0 : RecordingReader.Durations.parse(growth);
      if (nanos < 0) {
        throw new NumberFormatException(); // a bare number other than 0 needs a unit
      }
      return new Budget(metric, false, nanos, text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': '" + growth
          + "' is not a growth; expected " + ACCEPTED);
    }
  }

  private static Budget check(Budget budget, String text) {
    if (budget.allowed() < 0 || Double.isNaN(budget.allowed())) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': the growth allowed must"
          + " not be negative");
    }
    return budget;
  }

  /** Whether going from {@code before} to {@code after} stays within the budget. */
  public boolean allows(double before, double after) {
    if (percent) {
      if (before <= 0) {
        return after <= 0;
      }
      return after <= before * (1 + allowed / 100.0);
    }
    return after - before <= allowed;
  }
}

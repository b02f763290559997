package dev.overclock.analyze;

import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodInfo;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --fail-on} budget of {@code compare}, of one of two kinds:
 *
 * <ul>
 *   <li>a <b>growth</b> budget ({@code operator "+"}): how much a per-method figure may grow from
 *       the baseline to the candidate. {@code p99=+10%} allows p99 latency to grow by 10%, {@code
 *       p99=+2ms} by two milliseconds, {@code errors=+0} no new errors at all. A latency growth is
 *       judged against noise (see {@link Change}), not on the raw figures.
 *   <li>an <b>absolute</b> budget ({@code <}, {@code <=}, {@code >}, {@code >=}): a bound the
 *       candidate's own figure must keep, as load-test plans write them: {@code p95<500ms},
 *       {@code error-rate<1%}, {@code calls>=1000}. It needs no baseline.
 * </ul>
 *
 * <p>Either kind applies to every method, or, with a method filter in front in the grammar of
 * {@code timed=} ({@code com.acme.Pricing::quote:p99<5ms}, {@code com.acme.*:p95<1ms}), to the
 * methods it selects.
 *
 * @param metric {@code p50}, {@code p90}, {@code p95}, {@code p99}, {@code p999}, {@code max},
 *     {@code mean}, {@code min} (latency, nanoseconds), {@code errors}, {@code calls} (counts) or
 *     {@code error-rate} (errors over calls, 0..1)
 * @param percent for a growth budget, whether {@code allowed} is a percentage of the baseline
 * @param allowed the growth allowed (percent, nanoseconds or a count), or the absolute bound
 *     (nanoseconds, a count, or a rate 0..1)
 * @param text as the user wrote it
 * @param method the methods it applies to, or {@code null} for all
 * @param operator {@code +} for a growth budget, else the comparison the figure must satisfy
 */
public record Budget(String metric, boolean percent, double allowed, String text,
    MethodFilter method, String operator) {

  static final List<String> LATENCIES =
      List.of("p50", "p90", "p95", "p99", "p999", "max", "mean", "min");
  static final List<String> COUNTS = List.of("errors", "calls", "error-rate");
  public static final String ACCEPTED = "[<method filter>:]<metric>=+<growth> or"
      + " [<method filter>:]<metric><<bound> (also <=, >, >=); metric one of p50, p90, p95, p99,"
      + " p999, max, mean, min, errors, calls, error-rate; growth a percentage (+10%), a duration"
      + " (+5ms) or, for errors, a count (+0); bound a duration (500ms), a count (calls>=1000) or"
      + " a percentage (error-rate<1%); method filter as for timed=, e.g."
      + " com.acme.Pricing::quote:p99<5ms";

  private static final Pattern SYNTAX = Pattern.compile(
      "^(?:(?<method>.+):)?(?<metric>[a-z0-9-]+)\\s*(?<op><=|>=|<|>|=)\\s*(?<value>.+)$");

  /** A growth budget on every method, as {@code compare} always had. */
  public Budget(String metric, boolean percent, double allowed, String text) {
    this(metric, percent, allowed, text, null, "+");
  }

  public static Budget parse(String text) {
    Matcher matcher = SYNTAX.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': expected " + ACCEPTED);
    }
    String metric = matcher.group("metric").toLowerCase(Locale.ROOT);
    if (!LATENCIES.contains(metric) && !COUNTS.contains(metric)) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': unknown metric '"
          + metric + "'; expected " + ACCEPTED);
    }
    MethodFilter method = null;
    if (matcher.group("method") != null) {
      try {
        method = MethodFilter.parse(matcher.group("method"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad --fail-on '" + text + "': " + e.getMessage()
            + "; expected " + MethodFilter.ACCEPTED);
      }
      if (method.kind() == MethodFilter.Kind.ANNOTATION) {
        throw new IllegalArgumentException("bad --fail-on '" + text + "': a report does not"
            + " record annotations; name the class, the method or the package");
      }
    }
    String operator = matcher.group("op");
    String value = matcher.group("value").trim();
    if (operator.equals("=")) {
      return growth(text, metric, value, method);
    }
    return absolute(text, metric, operator, value, method);
  }

  private static Budget growth(String text, String metric, String value, MethodFilter method) {
    if (!LATENCIES.contains(metric) && !metric.equals("errors")) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': " + metric
          + " takes a bound, not a growth (e.g. " + metric
          + (metric.equals("calls") ? ">=1000" : "<1%") + ")");
    }
    String growth = value.startsWith("+") ? value.substring(1) : value;
    try {
      if (growth.endsWith("%")) {
        double percent = Double.parseDouble(growth.substring(0, growth.length() - 1));
        return check(new Budget(metric, true, percent, text, method, "+"), text);
      }
      if (metric.equals("errors")) {
        return check(new Budget(metric, false, Long.parseLong(growth), text, method, "+"), text);
      }
      long nanos = nanos(growth);
      return new Budget(metric, false, nanos, text, method, "+");
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': '" + growth
          + "' is not a growth; expected " + ACCEPTED);
    }
  }

  private static Budget absolute(String text, String metric, String operator, String value,
      MethodFilter method) {
    try {
      double bound;
      if (metric.equals("error-rate")) {
        bound = value.endsWith("%")
            ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100
            : Double.parseDouble(value);
        if (bound > 1) {
          throw new NumberFormatException();
        }
      } else if (COUNTS.contains(metric)) {
        bound = Long.parseLong(value);
      } else {
        bound = nanos(value);
      }
      return check(new Budget(metric, false, bound, text, method, operator), text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': '" + value
          + "' is not a bound for " + metric + "; expected " + ACCEPTED);
    }
  }

  private static long nanos(String text) {
    long nanos = text.matches("0+") ? 0 : JfrDurations.parse(text);
    if (nanos < 0) {
      throw new NumberFormatException(); // a bare number other than 0 needs a unit
    }
    return nanos;
  }

  private static Budget check(Budget budget, String text) {
    if (budget.allowed() < 0 || Double.isNaN(budget.allowed())) {
      throw new IllegalArgumentException("bad --fail-on '" + text + "': the growth allowed must"
          + " not be negative");
    }
    return budget;
  }

  /** Whether it compares a baseline with a candidate (else it bounds the candidate alone). */
  public boolean isGrowth() {
    return operator.equals("+");
  }

  /** Whether it applies to this method of a report. */
  public boolean appliesTo(MethodFigures figures) {
    return method == null || method.matches(new MethodInfo(figures.className(),
        figures.methodName(), Set.of(), Set.of()));
  }

  /** Whether going from {@code before} to {@code after} stays within a growth budget. */
  public boolean allows(double before, double after) {
    if (percent) {
      if (before <= 0) {
        return after <= 0;
      }
      return after <= before * (1 + allowed / 100.0);
    }
    return after - before <= allowed;
  }

  /**
   * The largest ratio after / before a growth budget allows, given the baseline's figure: what a
   * change's interval is held against.
   */
  public double allowedRatio(double before) {
    if (percent) {
      return 1 + allowed / 100.0;
    }
    return before <= 0 ? Double.POSITIVE_INFINITY : (before + allowed) / before;
  }

  /** What a growth budget says of a change: three answers, since noise can leave it open. */
  public enum Decision {
    HELD,
    EXCEEDED,
    /** The runs cannot tell: too few calls or runs, or a change beyond the budget but not real. */
    INCONCLUSIVE
  }

  /**
   * Holds a judged change against this growth budget. Exceeded when the change is real (its 95%
   * interval lies above no change) and its estimate is beyond the budget: significance and size,
   * as a reviewer would ask. Inconclusive when the estimate is beyond the budget but the interval
   * still reaches no change (the noise may explain it), when the estimate is within the budget
   * but the interval reaches past it (runs this far apart cannot show the change is within: in
   * one CI run with a busy machine, four runs against three of a method made twice as slow gave
   * an estimate of -9% with an interval of -94% to +1318%, which "held" would have passed), or
   * when the change could not be judged. Held when the whole interval is within the budget. Raw
   * figures (no histograms) are held against the budget as they are.
   */
  public Decision decide(Change change) {
    switch (change.verdict()) {
      case RAW:
        return allows(change.before(), change.after()) ? Decision.HELD : Decision.EXCEEDED;
      case INCONCLUSIVE:
        return Decision.INCONCLUSIVE;
      default:
        double allowed = allowedRatio(change.before());
        if (change.ratio() <= allowed) {
          return change.high() <= allowed ? Decision.HELD : Decision.INCONCLUSIVE;
        }
        return change.low() > 1 ? Decision.EXCEEDED : Decision.INCONCLUSIVE;
    }
  }

  /** Whether a figure keeps an absolute budget. */
  public boolean holds(double value) {
    switch (operator) {
      case "<":
        return value < allowed;
      case "<=":
        return value <= allowed;
      case ">":
        return value > allowed;
      case ">=":
        return value >= allowed;
      default:
        throw new IllegalStateException("not an absolute budget: " + text);
    }
  }
}

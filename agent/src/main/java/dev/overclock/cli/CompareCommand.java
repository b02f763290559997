package dev.overclock.cli;

import dev.overclock.analyze.Budget;
import dev.overclock.analyze.MethodFigures;
import dev.overclock.analyze.Unreadable;
import dev.overclock.report.Units;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compare <before.json> <after.json> [--fail-on p99=+10%]...}: per-method deltas between
 * two reports (of the live agent or of {@code analyze}), as a table, and a CI gate.
 *
 * <p>Exit codes: 0 when every budget holds (or none was given), 1 when a budget is exceeded (each
 * violation is listed), 2 when the comparison could not be made (usage error, a file missing or
 * not a report). Methods are matched by key; a method in one report only is listed, never checked.
 * The reports are read by {@link MethodFigures}; this class parses the arguments and prints.
 */
public final class CompareCommand {

  static final int OK = 0;
  static final int EXCEEDED = 1;
  static final int USAGE = 2;

  static final String USAGE_LINE = "usage: compare <before.json> <after.json>"
      + " [--fail-on p99=+10%] [--fail-on errors=+0] ...";

  private CompareCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> files = new ArrayList<>();
    List<Budget> budgets = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--fail-on")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--fail-on needs a value: " + Budget.ACCEPTED);
          }
          budgets.add(Budget.parse(args[++i]));
        } else if (arg.startsWith("--fail-on=")) {
          budgets.add(Budget.parse(arg.substring("--fail-on=".length())));
        } else if (arg.startsWith("-")) {
          throw new IllegalArgumentException("unknown option '" + arg + "'");
        } else {
          files.add(arg);
        }
      }
      if (files.size() != 2) {
        throw new IllegalArgumentException("expected two reports, before and after; got "
            + files.size());
      }
    } catch (IllegalArgumentException e) {
      err.println("overclock compare: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    Map<String, MethodFigures> before;
    Map<String, MethodFigures> after;
    try {
      before = MethodFigures.read(Path.of(files.get(0)));
      after = MethodFigures.read(Path.of(files.get(1)));
    } catch (Unreadable e) {
      err.println("overclock compare: " + e.getMessage());
      return USAGE;
    }
    table(before, after, out);
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, MethodFigures> entry : after.entrySet()) {
      MethodFigures was = before.get(entry.getKey());
      if (was == null) {
        continue;
      }
      MethodFigures now = entry.getValue();
      for (Budget budget : budgets) {
        double a = was.value(budget.metric());
        double b = now.value(budget.metric());
        if (!budget.allows(a, b)) {
          violations.add(String.format(Locale.ROOT, "%s: %s %s -> %s %s exceeds --fail-on %s",
              now.name(), budget.metric(), show(budget.metric(), a), show(budget.metric(), b),
              delta(a, b), budget.text()));
        }
      }
    }
    if (budgets.isEmpty()) {
      return OK;
    }
    if (violations.isEmpty()) {
      out.println("PASS: every method within " + budgets.size()
          + (budgets.size() == 1 ? " budget" : " budgets"));
      return OK;
    }
    out.println("FAIL: " + violations.size() + (violations.size() == 1 ? " budget exceeded"
        : " budgets exceeded"));
    for (String violation : violations) {
      out.println("  " + violation);
    }
    return EXCEEDED;
  }

  private static void table(Map<String, MethodFigures> before,
      Map<String, MethodFigures> after, PrintStream out) {
    List<String> keys = new ArrayList<>(before.keySet());
    for (String key : after.keySet()) {
      if (!before.containsKey(key)) {
        keys.add(key);
      }
    }
    if (keys.isEmpty()) {
      out.println("no timed methods in either report");
      return;
    }
    out.println(String.format(Locale.ROOT, "%-50s %21s %29s %29s %13s", "method", "calls",
        "p50", "p99", "errors"));
    for (String key : keys) {
      MethodFigures was = before.get(key);
      MethodFigures now = after.get(key);
      String name = (now != null ? now : was).name();
      if (was == null || now == null) {
        out.println(String.format(Locale.ROOT, "%-50s %s", shorten(name),
            was == null ? "(only after)" : "(only before)"));
        continue;
      }
      out.println(String.format(Locale.ROOT, "%-50s %21s %29s %29s %13s", shorten(name),
          count(was.calls()) + " -> " + count(now.calls()),
          pair("p50", was, now), pair("p99", was, now),
          count(was.errors()) + " -> " + count(now.errors())));
    }
  }

  private static String pair(String metric, MethodFigures was, MethodFigures now) {
    double a = was.value(metric);
    double b = now.value(metric);
    return Units.duration(a) + " -> " + Units.duration(b) + " " + delta(a, b);
  }

  private static String delta(double a, double b) {
    if (a <= 0) {
      return b <= 0 ? "(=)" : "(new)";
    }
    return String.format(Locale.ROOT, "(%+.1f%%)", (b - a) * 100 / a);
  }

  private static String show(String metric, double value) {
    return metric.equals("errors") ? count(value) : Units.duration(value);
  }

  private static String count(double value) {
    return String.valueOf(Math.round(value));
  }

  private static String shorten(String name) {
    return name.length() <= 50 ? name : "…" + name.substring(name.length() - 49);
  }
}

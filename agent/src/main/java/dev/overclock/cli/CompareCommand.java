package dev.overclock.cli;

import dev.overclock.analyze.Budget;
import dev.overclock.analyze.Change;
import dev.overclock.analyze.MethodFigures;
import dev.overclock.analyze.Unreadable;
import dev.overclock.log.Printable;
import dev.overclock.report.ReportFiles;
import dev.overclock.report.Units;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code compare <before.json> <after.json> [--fail-on p99=+10%]...}: per-method deltas between
 * reports (of the live agent or of {@code analyze}), as a table, and a CI gate. Also {@code
 * compare --baseline a1.json a2.json --candidate b1.json b2.json} (several runs per side, pooled),
 * and {@code compare report.json --fail-on p95<500ms} or {@code check report.json ...} (one
 * report, absolute budgets only).
 *
 * <p>Exit codes: 0 when every budget holds (or none was given), 1 when a budget is exceeded (each
 * violation is listed), or, with {@code --inconclusive fail}, when one could not be decided (too
 * few calls or runs, or a change beyond the budget that noise may explain; by default such a
 * budget is listed as inconclusive and the gate passes), 2 when the comparison could not be made
 * (usage error, a file missing or not a report, no method in common, a per-method budget that
 * selects no method). Methods are matched by key. Growth budgets on latency percentiles are
 * judged against noise ({@link Change}) and decided by {@link Budget#decide}; this class parses
 * the arguments, applies the budgets and hands the outcomes to {@link GateFormats}.
 */
public final class CompareCommand {

  static final int OK = 0;
  static final int EXCEEDED = 1;
  static final int USAGE = 2;

  private static final Map<Budget.Decision, String> WORDS = Map.of(Budget.Decision.HELD,
      "within", Budget.Decision.EXCEEDED, "exceeds", Budget.Decision.INCONCLUSIVE,
      "cannot tell if within");

  static final String USAGE_LINE = "usage: compare <before.json> <after.json>"
      + " | compare --baseline <a.json>... --candidate <b.json>... | compare <report.json>"
      + " [--fail-on p95=+10%] [--fail-on p95<500ms] [--fail-on error-rate<1%]"
      + " [--fail-on 'com.acme.Pricing::quote:p99<5ms'] [--noise-floor 40%]"
      + " [--inconclusive pass|fail]"
      + " [--format text|markdown|junit|github[=file]]... [--allow-disjoint]";

  private CompareCommand() {}

  /** The parsed command line. */
  private static final class Arguments {
    final List<String> baseline = new ArrayList<>();
    final List<String> candidate = new ArrayList<>();
    final List<Budget> budgets = new ArrayList<>();
    final Map<String, String> formats = new LinkedHashMap<>(); // format -> file, or "" for stdout
    double noiseFloor = Change.NO_NOISE_FLOOR;
    boolean inconclusiveFails;
    boolean allowDisjoint;
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, "compare", false);
  }

  /** {@code check <report.json>... [--fail-on ...]}: the candidate's own figures, no baseline. */
  static int check(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, "check", true);
  }

  private static int run(String[] args, PrintStream out, PrintStream err, String command,
      boolean candidateOnly) {
    Arguments arguments;
    try {
      arguments = parse(args, candidateOnly);
    } catch (IllegalArgumentException e) {
      err.println("overclock " + command + ": " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    List<Map<String, MethodFigures>> baseline = new ArrayList<>();
    List<Map<String, MethodFigures>> candidate = new ArrayList<>();
    try {
      for (String file : arguments.baseline) {
        baseline.add(MethodFigures.read(Path.of(file)));
      }
      for (String file : arguments.candidate) {
        candidate.add(MethodFigures.read(Path.of(file)));
      }
    } catch (Unreadable e) {
      // The message may quote the file (a method's name), which anyone may have crafted.
      err.println(Printable.of("overclock " + command + ": " + e.getMessage()));
      return USAGE;
    }
    Map<String, List<MethodFigures>> before = byMethod(baseline);
    Map<String, List<MethodFigures>> after = byMethod(candidate);
    boolean compared = !baseline.isEmpty();
    if (compared && !arguments.allowDisjoint
        && after.keySet().stream().noneMatch(before::containsKey)) {
      err.println("overclock " + command + ": nothing to compare: no method is in both the"
          + " baseline (" + methods(before.size()) + ") and the candidate ("
          + methods(after.size()) + "), so no budget can be checked; were both reports made"
          + " with the same methods timed? (--allow-disjoint passes such a comparison)");
      return USAGE;
    }
    if (!compared && after.isEmpty() && !arguments.budgets.isEmpty()) {
      err.println("overclock " + command + ": nothing to check: the report has no timed method");
      return USAGE;
    }
    List<GateOutcome> outcomes = new ArrayList<>();
    for (Budget budget : arguments.budgets) {
      int applied = apply(budget, before, after, arguments.noiseFloor, outcomes);
      if (applied == 0 && budget.method() != null) {
        err.println("overclock " + command + ": --fail-on " + budget.text() + ": '"
            + budget.method() + "' selects no method " + (compared ? "in both the baseline and"
            + " the candidate" : "in the report") + ", so the budget cannot be checked");
        return USAGE;
      }
    }
    GateFormats.Summary summary = new GateFormats.Summary(before, after, compared,
        arguments.baseline.size(), arguments.candidate.size(), arguments.noiseFloor,
        arguments.inconclusiveFails, arguments.budgets, outcomes,
        changes(arguments, before, after));
    if (!write(arguments.formats, summary, out, err, command)) {
      return USAGE;
    }
    if (arguments.budgets.isEmpty()) {
      return OK;
    }
    return summary.fails() ? EXCEEDED : OK;
  }

  private static Arguments parse(String[] args, boolean candidateOnly) {
    Arguments arguments = new Arguments();
    List<String> positional = new ArrayList<>();
    List<String> side = positional;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--fail-on") || arg.equals("--format") || arg.equals("--noise-floor")
          || arg.equals("--inconclusive")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value"
              + (arg.equals("--fail-on") ? ": " + Budget.ACCEPTED : ""));
        }
        option(arguments, arg, args[++i]);
        side = positional;
      } else if (arg.startsWith("--fail-on=") || arg.startsWith("--format=")
          || arg.startsWith("--noise-floor=") || arg.startsWith("--inconclusive=")) {
        int equals = arg.indexOf('=');
        option(arguments, arg.substring(0, equals), arg.substring(equals + 1));
        side = positional;
      } else if (arg.equals("--baseline") && !candidateOnly) {
        side = arguments.baseline;
      } else if (arg.equals("--candidate")) {
        side = arguments.candidate;
      } else if (arg.equals("--allow-disjoint")) {
        arguments.allowDisjoint = true;
        side = positional;
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option '" + arg + "'");
      } else {
        side.add(arg);
      }
    }
    if (candidateOnly) {
      arguments.candidate.addAll(positional);
    } else if (!arguments.baseline.isEmpty() || !arguments.candidate.isEmpty()) {
      if (!positional.isEmpty()) {
        throw new IllegalArgumentException("'" + positional.get(0) + "': with --baseline and"
            + " --candidate, name every report after one of them");
      }
      if (arguments.candidate.isEmpty()) {
        throw new IllegalArgumentException("--baseline needs --candidate reports to compare");
      }
    } else if (positional.size() == 2) {
      arguments.baseline.add(positional.get(0));
      arguments.candidate.add(positional.get(1));
    } else if (positional.size() == 1) {
      arguments.candidate.add(positional.get(0));
    } else {
      throw new IllegalArgumentException("expected two reports, before and after (or one, to"
          + " check on its own); got " + positional.size());
    }
    if (arguments.candidate.isEmpty()) {
      throw new IllegalArgumentException("expected a report to check");
    }
    if (arguments.baseline.isEmpty()) {
      for (Budget budget : arguments.budgets) {
        if (budget.isGrowth()) {
          throw new IllegalArgumentException("--fail-on " + budget.text() + " is a growth from"
              + " a baseline, and there is none: name a baseline report too, or give a bound"
              + " such as " + budget.metric() + (budget.metric().equals("errors") ? "<1"
              : "<500ms"));
        }
      }
    }
    return arguments;
  }

  private static void option(Arguments arguments, String name, String value) {
    switch (name) {
      case "--fail-on":
        arguments.budgets.add(Budget.parse(value));
        break;
      case "--format":
        int equals = value.indexOf('=');
        String format = equals < 0 ? value : value.substring(0, equals);
        if (!GateFormats.NAMES.contains(format)) {
          throw new IllegalArgumentException("unknown --format '" + format + "'; expected one"
              + " of " + String.join(", ", GateFormats.NAMES) + ", each optionally =<file>");
        }
        arguments.formats.put(format, equals < 0 ? "" : value.substring(equals + 1));
        break;
      case "--noise-floor":
        try {
          String number = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
          double floor = Double.parseDouble(number) / (value.endsWith("%") ? 100 : 1);
          if (floor < 0 || floor > 10 || Double.isNaN(floor)) {
            throw new NumberFormatException();
          }
          arguments.noiseFloor = floor;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad --noise-floor '" + value + "': expected a"
              + " percentage from 0% up, e.g. 40% (how much two runs of one build may differ)");
        }
        break;
      case "--inconclusive":
        if (!value.equals("pass") && !value.equals("fail")) {
          throw new IllegalArgumentException("bad --inconclusive '" + value + "': expected pass"
              + " (the default: a budget the runs cannot decide does not fail the gate) or fail");
        }
        arguments.inconclusiveFails = value.equals("fail");
        break;
      default:
        throw new IllegalArgumentException("unknown option '" + name + "'");
    }
  }

  /** Every method's figures in each run, by key, in the order the runs list them. */
  private static Map<String, List<MethodFigures>> byMethod(List<Map<String, MethodFigures>> runs) {
    Map<String, List<MethodFigures>> methods = new LinkedHashMap<>();
    for (Map<String, MethodFigures> run : runs) {
      run.forEach((key, figures) -> methods.computeIfAbsent(key, k -> new ArrayList<>())
          .add(figures));
    }
    return methods;
  }

  /** Checks one budget on every method it applies to; returns how many it applied to. */
  private static int apply(Budget budget, Map<String, List<MethodFigures>> before,
      Map<String, List<MethodFigures>> after, double noiseFloor, List<GateOutcome> outcomes) {
    int applied = 0;
    for (Map.Entry<String, List<MethodFigures>> entry : after.entrySet()) {
      MethodFigures now = MethodFigures.pool(entry.getValue());
      List<MethodFigures> was = before.get(entry.getKey());
      if (!budget.appliesTo(now) || (budget.isGrowth() && was == null)) {
        continue;
      }
      applied++;
      String metric = budget.metric();
      if (!budget.isGrowth()) {
        double value = now.value(metric);
        boolean held = budget.holds(value);
        outcomes.add(new GateOutcome(now.name(), budget, null, value,
            held ? Budget.Decision.HELD : Budget.Decision.EXCEEDED,
            String.format(Locale.ROOT, "%s: %s %s %s --fail-on %s", now.name(), metric,
                show(metric, value), held ? "keeps" : "breaks", budget.text())));
        continue;
      }
      Change change = Change.judge(metric, was, entry.getValue(), noiseFloor);
      Budget.Decision decision = budget.decide(change);
      outcomes.add(new GateOutcome(now.name(), budget, change, change.after(), decision,
          String.format(Locale.ROOT, "%s: %s %s -> %s %s %s --fail-on %s", now.name(), metric,
              show(metric, change.before()), show(metric, change.after()), describe(change),
              WORDS.get(decision), budget.text())));
    }
    return applied;
  }

  /**
   * The judged change of each method in both sides, for each latency percentile a growth budget
   * names (p95 when none does): shown even when no budget fails, so a reader sees what moved.
   */
  private static List<GateFormats.Row> changes(Arguments arguments,
      Map<String, List<MethodFigures>> before, Map<String, List<MethodFigures>> after) {
    Set<String> metrics = new LinkedHashSet<>();
    for (Budget budget : arguments.budgets) {
      if (budget.isGrowth() && Change.quantile(budget.metric()) > 0) {
        metrics.add(budget.metric());
      }
    }
    if (metrics.isEmpty()) {
      metrics.add("p95");
    }
    List<GateFormats.Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<MethodFigures>> entry : after.entrySet()) {
      List<MethodFigures> was = before.get(entry.getKey());
      if (was == null) {
        continue;
      }
      for (String metric : metrics) {
        rows.add(new GateFormats.Row(entry.getValue().get(0).name(), metric,
            Change.judge(metric, was, entry.getValue(), arguments.noiseFloor)));
      }
    }
    return rows;
  }

  /** {@code (+20.0%)} for raw figures, else with the interval and the verdict. */
  static String describe(Change change) {
    if (change.verdict() == Change.Verdict.RAW) {
      return "(" + delta(change.before(), change.after()) + ")";
    }
    if (change.verdict() == Change.Verdict.INCONCLUSIVE) {
      return "(" + delta(change.before(), change.after()) + "; inconclusive: " + change.runs()
          + ")";
    }
    return String.format(Locale.ROOT, "(%s; 95%% interval %s to %s, %s; %s)",
        percent(change.ratio()), percent(change.low()), percent(change.high()),
        change.verdict().label(), change.runs());
  }

  static String delta(double a, double b) {
    if (a <= 0) {
      return b <= 0 ? "=" : "new";
    }
    return String.format(Locale.ROOT, "%+.1f%%", (b - a) * 100 / a);
  }

  static String percent(double ratio) {
    if (Double.isInfinite(ratio)) {
      return "+inf%";
    }
    return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
  }

  static String show(String metric, double value) {
    switch (metric) {
      case "errors":
      case "calls":
        return String.valueOf(Math.round(value));
      case "error-rate":
        return String.format(Locale.ROOT, "%.2f%%", value * 100);
      default:
        return Units.duration(value);
    }
  }

  private static String methods(int count) {
    return count == 1 ? "1 method" : count + " methods";
  }

  /** Writes each format asked for (text on standard output when none goes there). */
  private static boolean write(Map<String, String> formats, GateFormats.Summary summary,
      PrintStream out, PrintStream err, String command) {
    Map<String, String> all = new LinkedHashMap<>(formats);
    if (!all.containsValue("")) {
      all.put("text", "");
    }
    for (Map.Entry<String, String> format : all.entrySet()) {
      if (format.getValue().isEmpty()) {
        GateFormats.write(format.getKey(), summary, out);
        continue;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      GateFormats.write(format.getKey(), summary,
          new PrintStream(bytes, true, StandardCharsets.UTF_8));
      try {
        // Checked and written like a report: CI may run this in a directory others can write.
        ReportFiles.write(Path.of(format.getValue()), bytes.toString(StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        err.println("overclock " + command + ": cannot write the " + format.getKey()
            + " output to " + format.getValue() + " (" + e.getMessage() + ")");
        return false;
      }
    }
    return true;
  }
}

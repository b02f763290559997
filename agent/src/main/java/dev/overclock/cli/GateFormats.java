package dev.overclock.cli;

import dev.overclock.analyze.Budget;
import dev.overclock.analyze.Change;
import dev.overclock.analyze.MethodFigures;
import dev.overclock.log.Printable;
import dev.overclock.report.Units;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of {@code compare} that people and CI systems read: {@code text} (the table, for a
 * terminal: the default), {@code markdown} (a pull-request comment), {@code junit} (JUnit XML, one
 * test case per budget and method, for CI dashboards) and {@code github} (GitHub Actions workflow
 * commands: an error annotation per exceeded budget).
 */
final class GateFormats {

  static final List<String> NAMES = List.of("text", "markdown", "junit", "github");

  private GateFormats() {}

  /** One judged change of one method's percentile. */
  record Row(String method, String metric, Change change) {}

  /** Everything a format shows. */
  record Summary(Map<String, List<MethodFigures>> before, Map<String, List<MethodFigures>> after,
      boolean compared, int baselineRuns, int candidateRuns, double noiseFloor,
      boolean inconclusiveFails, List<Budget> budgets, List<GateOutcome> outcomes,
      List<Row> changes) {

    List<GateOutcome> exceeded() {
      return outcomes.stream().filter(GateOutcome::exceeded).toList();
    }

    long inconclusive() {
      return outcomes.stream().filter(GateOutcome::inconclusive).count();
    }

    /** Whether the gate fails: a budget exceeded, or one undecided under --inconclusive fail. */
    boolean fails() {
      return !exceeded().isEmpty() || (inconclusiveFails && inconclusive() > 0);
    }

    String headline() {
      List<GateOutcome> exceeded = exceeded();
      if (budgets.isEmpty()) {
        return "no budgets given";
      }
      long inconclusive = inconclusive();
      String undecided = inconclusive + (inconclusive == 1 ? " budget" : " budgets")
          + " inconclusive (--inconclusive " + (inconclusiveFails ? "fail" : "pass") + ")";
      if (!fails()) {
        return inconclusive > 0 ? "PASS: no budget exceeded, " + undecided
            : "PASS: every method within " + budgets.size()
                + (budgets.size() == 1 ? " budget" : " budgets");
      }
      return "FAIL: " + (exceeded.isEmpty() ? undecided : exceeded.size()
          + (exceeded.size() == 1 ? " budget exceeded" : " budgets exceeded")
          + (inconclusive > 0 ? ", " + undecided : ""));
    }

    String runs() {
      String floor = Double.isNaN(noiseFloor) ? "one run per side, no --noise-floor: not judged"
          : "noise floor " + Math.round(noiseFloor * 100) + "% (one run per side)";
      return compared ? baselineRuns + (baselineRuns == 1 ? " baseline run, " : " baseline runs, ")
          + candidateRuns + (candidateRuns == 1 ? " candidate run; " : " candidate runs; ")
          + (baselineRuns + candidateRuns >= 3 ? "noise from the runs' own spread" : floor)
          + (Math.min(baselineRuns, candidateRuns) < Change.MIN_TAIL_RUNS ? "; tail percentiles"
              + " need " + Change.MIN_TAIL_RUNS + " runs per side" : "")
          : candidateRuns + (candidateRuns == 1 ? " report" : " reports pooled");
    }
  }

  static void write(String format, Summary summary, PrintStream out) {
    switch (format) {
      case "markdown":
        markdown(summary, out);
        break;
      case "junit":
        junit(summary, out);
        break;
      case "github":
        github(summary, out);
        break;
      default:
        text(summary, out);
    }
  }

  // ---- text -----------------------------------------------------------------------------

  private static void text(Summary summary, PrintStream out) {
    if (summary.compared()) {
      table(summary.before(), summary.after(), out);
      List<Row> judged = summary.changes().stream()
          .filter(row -> row.change().verdict() != Change.Verdict.RAW).toList();
      if (!judged.isEmpty()) {
        out.println("changes judged against noise (" + summary.runs() + "):");
        for (Row row : judged) {
          out.println(String.format(Locale.ROOT, "  %-50s %-4s %s", shorten(row.method()),
              row.metric(), CompareCommand.describe(row.change())));
        }
      }
    } else {
      single(summary.after(), out);
    }
    if (summary.budgets().isEmpty()) {
      return;
    }
    out.println(summary.headline());
    for (GateOutcome outcome : summary.exceeded()) {
      out.println("  " + Printable.of(outcome.line()));
    }
    for (GateOutcome outcome : summary.outcomes()) {
      if (outcome.inconclusive()) {
        out.println("  inconclusive: " + Printable.of(outcome.line()));
      }
    }
  }

  private static void table(Map<String, List<MethodFigures>> before,
      Map<String, List<MethodFigures>> after, PrintStream out) {
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
    out.println(String.format(Locale.ROOT, "%-50s %21s %29s %29s %29s %13s", "method", "calls",
        "p50", "p95", "p99", "errors"));
    for (String key : keys) {
      MethodFigures was = before.containsKey(key) ? MethodFigures.pool(before.get(key)) : null;
      MethodFigures now = after.containsKey(key) ? MethodFigures.pool(after.get(key)) : null;
      String name = (now != null ? now : was).name();
      if (was == null || now == null) {
        out.println(String.format(Locale.ROOT, "%-50s %s", shorten(name),
            was == null ? "(only after)" : "(only before)"));
        continue;
      }
      out.println(String.format(Locale.ROOT, "%-50s %21s %29s %29s %29s %13s", shorten(name),
          count(was.calls()) + " -> " + count(now.calls()),
          pair("p50", was, now), pair("p95", was, now), pair("p99", was, now),
          count(was.errors()) + " -> " + count(now.errors())));
    }
  }

  private static void single(Map<String, List<MethodFigures>> after, PrintStream out) {
    if (after.isEmpty()) {
      out.println("no timed methods in the report");
      return;
    }
    out.println(String.format(Locale.ROOT, "%-50s %9s %7s %7s %9s %9s %9s %9s", "method",
        "calls", "errors", "err%", "p50", "p95", "p99", "max"));
    for (List<MethodFigures> runs : after.values()) {
      MethodFigures now = MethodFigures.pool(runs);
      out.println(String.format(Locale.ROOT, "%-50s %9s %7s %7s %9s %9s %9s %9s",
          shorten(now.name()), count(now.calls()), count(now.errors()),
          CompareCommand.show("error-rate", now.value("error-rate")),
          Units.duration(now.value("p50")), Units.duration(now.value("p95")),
          Units.duration(now.value("p99")), Units.duration(now.value("max"))));
    }
  }

  private static String pair(String metric, MethodFigures was, MethodFigures now) {
    double a = was.value(metric);
    double b = now.value(metric);
    return Units.duration(a) + " -> " + Units.duration(b) + " ("
        + CompareCommand.delta(a, b) + ")";
  }

  // ---- markdown -------------------------------------------------------------------------

  private static void markdown(Summary summary, PrintStream out) {
    out.println("### Overclock performance gate: " + (summary.budgets().isEmpty() ? "no budgets"
        : summary.fails() ? "FAIL" : "PASS"));
    out.println();
    out.println(summary.headline() + " (" + summary.runs() + ").");
    out.println();
    if (!summary.outcomes().isEmpty()) {
      out.println("| | method | budget | baseline | candidate | change (95% interval) | verdict |");
      out.println("|---|---|---|---|---|---|---|");
      for (GateOutcome outcome : summary.outcomes()) {
        String metric = outcome.budget().metric();
        Change change = outcome.change();
        out.println("| " + (outcome.exceeded() ? "❌" : outcome.inconclusive() ? "❔" : "✅")
            + " | `" + cell(outcome.method()) + "` | `" + cell(outcome.budget().text()) + "` | "
            + (change == null ? "" : CompareCommand.show(metric, change.before())) + " | "
            + CompareCommand.show(metric, outcome.value()) + " | "
            + (change == null ? "" : interval(change)) + " | "
            + (change == null ? (outcome.exceeded() ? "breaks the bound" : "keeps the bound")
                : verdict(change)) + " |");
      }
      out.println();
    }
    List<Row> other = summary.changes();
    if (summary.compared() && !other.isEmpty()) {
      out.println("<details><summary>Every method's change</summary>");
      out.println();
      out.println("| method | metric | baseline | candidate | change (95% interval) | verdict |");
      out.println("|---|---|---|---|---|---|");
      for (Row row : other) {
        Change change = row.change();
        out.println("| `" + cell(row.method()) + "` | " + row.metric() + " | "
            + Units.duration(change.before()) + " | " + Units.duration(change.after()) + " | "
            + interval(change) + " | " + verdict(change) + " |");
      }
      out.println();
      out.println("</details>");
    }
  }

  private static String interval(Change change) {
    if (change.verdict() == Change.Verdict.RAW) {
      return CompareCommand.delta(change.before(), change.after());
    }
    if (change.verdict() == Change.Verdict.INCONCLUSIVE) {
      return CompareCommand.delta(change.before(), change.after()) + " (not judged)";
    }
    return CompareCommand.percent(change.ratio()) + " (" + CompareCommand.percent(change.low())
        + " to " + CompareCommand.percent(change.high()) + ")";
  }

  private static String verdict(Change change) {
    return change.verdict() == Change.Verdict.INCONCLUSIVE
        ? "inconclusive: " + cell(change.runs()) : change.verdict().label();
  }

  /** A table cell: one line (a line break would end the row), no column or code delimiter. */
  private static String cell(String text) {
    return Printable.of(text).replace("|", "\\|").replace("`", "'");
  }

  // ---- JUnit XML ------------------------------------------------------------------------

  private static void junit(Summary summary, PrintStream out) {
    List<GateOutcome> outcomes = summary.outcomes();
    long skipped = summary.inconclusiveFails() ? 0 : summary.inconclusive();
    long failures = summary.exceeded().size() + summary.inconclusive() - skipped;
    out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    out.println("<testsuites name=\"overclock\" tests=\"" + outcomes.size() + "\" failures=\""
        + failures + "\" errors=\"0\" skipped=\"" + skipped + "\">");
    out.println("  <testsuite name=\"overclock compare\" tests=\"" + outcomes.size()
        + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\">");
    out.println("    <properties><property name=\"runs\" value=\"" + xml(summary.runs())
        + "\"/></properties>");
    for (GateOutcome outcome : outcomes) {
      String open = "    <testcase classname=\"overclock." + xml(outcome.budget().text())
          + "\" name=\"" + xml(outcome.method()) + "\"";
      if (outcome.exceeded() || (outcome.inconclusive() && summary.inconclusiveFails())) {
        out.println(open + ">");
        out.println("      <failure message=\"" + xml(outcome.line()) + "\" type=\"budget\">"
            + xml(outcome.line()) + "</failure>");
        out.println("    </testcase>");
      } else if (outcome.inconclusive()) {
        out.println(open + ">");
        out.println("      <skipped message=\"" + xml(outcome.line()) + "\"/>");
        out.println("    </testcase>");
      } else {
        out.println(open + ">");
        out.println("      <system-out>" + xml(outcome.line()) + "</system-out>");
        out.println("    </testcase>");
      }
    }
    out.println("  </testsuite>");
    out.println("</testsuites>");
  }

  private static String xml(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          escaped.append("&amp;");
          break;
        case '<':
          escaped.append("&lt;");
          break;
        case '>':
          escaped.append("&gt;");
          break;
        case '"':
          escaped.append("&quot;");
          break;
        default:
          escaped.append(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c);
      }
    }
    return escaped.toString();
  }

  // ---- GitHub Actions -------------------------------------------------------------------

  private static void github(Summary summary, PrintStream out) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (GateOutcome outcome : summary.outcomes()) {
      if (outcome.exceeded()) {
        properties.put("title", "Overclock: " + outcome.method() + " exceeds "
            + outcome.budget().text());
        out.println("::error" + properties(properties) + "::" + data(outcome.line()));
      } else if (outcome.inconclusive()) {
        properties.put("title", "Overclock: " + outcome.method() + " inconclusive for "
            + outcome.budget().text());
        out.println((summary.inconclusiveFails() ? "::error" : "::warning")
            + properties(properties) + "::" + data(outcome.line()));
      }
    }
    for (Row row : summary.changes()) {
      Change.Verdict verdict = row.change().verdict();
      if (verdict == Change.Verdict.REGRESSION || verdict == Change.Verdict.IMPROVEMENT) {
        properties.put("title", "Overclock: " + row.method() + " " + row.metric() + " "
            + verdict.label());
        out.println("::notice" + properties(properties) + "::" + data(row.method() + " "
            + row.metric() + " " + CompareCommand.describe(row.change())));
      }
    }
    properties.put("title", "Overclock gate");
    out.println("::notice" + properties(properties) + "::" + data(summary.headline() + " ("
        + summary.runs() + ")"));
  }

  private static String properties(Map<String, String> properties) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> property : properties.entrySet()) {
      text.append(text.length() == 0 ? " " : ",").append(property.getKey()).append('=')
          .append(data(property.getValue()).replace(":", "%3A").replace(",", "%2C"));
    }
    return text.toString();
  }

  /** GitHub's escaping of a workflow command's data. */
  private static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  private static String count(double value) {
    return String.valueOf(Math.round(value));
  }

  /**
   * A method name for the text table: a report.json may come from anyone, so its names reach the
   * terminal with their control characters escaped; then cut to the column.
   */
  private static String shorten(String name) {
    String printable = Printable.of(name);
    return printable.length() <= 50 ? printable
        : "…" + printable.substring(printable.length() - 49);
  }
}

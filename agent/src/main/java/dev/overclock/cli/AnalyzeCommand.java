package dev.overclock.cli;

import dev.overclock.analyze.ConfigOut;
import dev.overclock.analyze.RecordingAnalysis;
import dev.overclock.analyze.Unreadable;
import dev.overclock.log.Printable;
import dev.overclock.report.Analysis;
import dev.overclock.report.HtmlReportWriter;
import dev.overclock.report.JsonReportWriter;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Report;
import dev.overclock.report.ReportFiles;
import dev.overclock.report.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code analyze <recording.jfr>}: turns a flight recording of any HotSpot JVM 17 or newer,
 * with or without Overclock's own events, into the same report the live agent writes (one model,
 * one set of writers), with JMC's rule results and a configuration file that applies the
 * recommendations.
 *
 * <p>Exit codes: 0 when a report was produced (also from the readable part of a truncated
 * recording, which the report and a line on standard error point out), 1 when nothing useful
 * could be read (missing file, not a recording, no events, no complete chunk), 2 for a usage
 * error.
 *
 * <p>This class parses the arguments, writes the files and prints; {@link RecordingAnalysis}
 * builds the report.
 */
final class AnalyzeCommand {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int DEFAULT_TOP = 10;

  static final String USAGE_LINE = "usage: analyze <recording.jfr> [--html out.html]"
      + " [--json out.json] [--config-out overclock.properties] [--include com.acme[;org.shop]]"
      + " [--top N] [--no-rules] [--quiet]";

  private AnalyzeCommand() {}

  /** Options of one run. */
  record Options(Path recording, Path html, Path json, Path configOut, List<String> include,
      int top, boolean rules, boolean quiet) {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("overclock analyze: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    Report report;
    try {
      RecordingAnalysis analysis = RecordingAnalysis.open(options.recording());
      Progress progress = Progress.forFile(err, options.recording().getFileName().toString(),
          analysis.fileBytes(), options.quiet());
      report = analysis.analyze(new RecordingAnalysis.Settings(options.include(), options.top(),
          options.rules()), progress);
    } catch (Unreadable e) {
      // The parser's messages may quote the recording, which anyone may have crafted.
      err.println(Printable.of("overclock analyze: " + e.getMessage()));
      return FAILED;
    }
    if (report.analysis().stoppedAt() != null) {
      err.println(Printable.of("overclock analyze: " + options.recording()
          + ": reading stopped at " + report.analysis().stoppedAt()));
    }
    try {
      write(options, report, out);
    } catch (IOException e) {
      err.println("overclock analyze: cannot write the report: " + e.getMessage());
      return FAILED;
    }
    summary(report, out);
    return OK;
  }

  static Options parse(String[] args) {
    Path recording = null;
    Path html = null;
    Path json = null;
    Path configOut = null;
    List<String> include = new ArrayList<>();
    int top = DEFAULT_TOP;
    boolean rules = true;
    boolean quiet = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        value = arg.substring(equals + 1);
        arg = arg.substring(0, equals);
      }
      switch (arg) {
        case "--html":
          html = Path.of(value != null ? value : next(args, i++, arg));
          break;
        case "--json":
          json = Path.of(value != null ? value : next(args, i++, arg));
          break;
        case "--config-out":
          configOut = Path.of(value != null ? value : next(args, i++, arg));
          break;
        case "--include":
          for (String prefix : (value != null ? value : next(args, i++, arg)).split("[;,]")) {
            if (!prefix.isBlank()) {
              include.add(prefix.trim());
            }
          }
          break;
        case "--top": {
          String text = value != null ? value : next(args, i++, arg);
          try {
            top = Integer.parseInt(text);
          } catch (NumberFormatException e) {
            top = -1;
          }
          if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("bad value '" + text + "' for --top: expected a"
                + " whole number from 1 to 1000");
          }
          break;
        }
        case "--no-rules":
          rules = false;
          break;
        case "--quiet":
          quiet = true;
          break;
        default:
          if (arg.startsWith("-") && !arg.equals("-")) {
            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
          }
          if (recording != null) {
            throw new IllegalArgumentException("one recording at a time: got '" + recording
                + "' and '" + arg + "'");
          }
          recording = Path.of(arg);
      }
    }
    if (recording == null) {
      throw new IllegalArgumentException("no recording given");
    }
    return new Options(recording, html, json, configOut, include, top, rules, quiet);
  }

  private static String next(String[] args, int index, String option) {
    if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index + 1];
  }

  // ---- output ----

  private static void write(Options options, Report report, PrintStream out) throws IOException {
    Path html = options.html();
    Path json = options.json();
    if (html == null && json == null && options.configOut() == null) {
      Path dir = Path.of("overclock-report");
      html = dir.resolve("report.html");
      json = dir.resolve("report.json");
    }
    if (json != null) {
      writeFile(json, JsonReportWriter.write(report));
      out.println("wrote " + json);
    }
    if (html != null) {
      writeFile(html, HtmlReportWriter.write(report));
      out.println("wrote " + html);
    }
    if (options.configOut() != null) {
      writeFile(options.configOut(), ConfigOut.write(report, options.recording()));
      out.println("wrote " + options.configOut());
    }
  }

  /** Owner-only, replaced whole (a reader never sees half of it): as the live agent's reports. */
  private static void writeFile(Path file, String content) throws IOException {
    ReportFiles.write(file, content);
  }

  /**
   * Prints what was found. Every line goes through {@link Printable}: names come from the
   * recording, which may have been crafted to put terminal escapes or line breaks in them.
   */
  private static void summary(Report report, PrintStream out) {
    JvmReport jvm = report.jvm();
    Analysis analysis = report.analysis();
    out.println(Printable.of(String.format(Locale.ROOT, "%s: %d events over %s from %s (Java %s, pid %d)",
        analysis.recording(), analysis.events(), Units.duration(jvm.durationNanos()),
        report.run().mainClass(), report.run().javaVersion(), report.run().pid())));
    if (!jvm.topMethods().isEmpty()) {
      out.println("hot methods (share of execution samples as the top frame; the application"
          + " frame that led there):");
      int shown = 0;
      for (JvmReport.HotMethod hot : jvm.topMethods()) {
        if (shown++ >= 5) {
          break;
        }
        out.println(Printable.of(String.format(Locale.ROOT, "  %6s  %s%s", Units.percent(hot.topShare()),
            hot.name(), hot.applicationFrame() == null || hot.applicationFrame().equals(hot.name())
                ? "" : "  (from " + hot.applicationFrame() + ")")));
      }
    }
    if (!jvm.hotMethods().isEmpty()) {
      out.println("application view (JDK and library code counted to the application method"
          + " that called it; share of execution samples, self / total):");
      int shown = 0;
      for (JvmReport.HotMethod hot : jvm.hotMethods()) {
        if (shown++ >= 5) {
          break;
        }
        out.println(Printable.of(String.format(Locale.ROOT, "  %6s / %6s  %s",
            Units.percent(hot.selfShare()), Units.percent(hot.totalShare()), hot.name())));
      }
    }
    if (!jvm.waitingMethods().isEmpty()) {
      out.println("waiting methods (time in blocking events; the call each waited in):");
      int shown = 0;
      for (JvmReport.WaitingMethod waiting : jvm.waitingMethods()) {
        if (shown++ >= 5) {
          break;
        }
        out.println(Printable.of(String.format(Locale.ROOT, "  %9s  %6d events  %s%s",
            Units.duration(waiting.waitNanos()), waiting.events(), waiting.name(),
            waiting.waitedIn() == null ? "" : "  (in " + waiting.waitedIn() + ")")));
      }
    }
    if (!report.methods().isEmpty()) {
      out.println(Printable.of("timed methods (" + analysis.latencySource() + "):"));
      int shown = 0;
      for (MethodReport method : report.methods()) {
        if (shown++ >= 5) {
          break;
        }
        out.println(Printable.of(String.format(Locale.ROOT,
            "  %10d calls  p50 %-9s p95 %-9s p99 %-9s %s", method.calls(),
            Units.duration(method.latency().p50()), Units.duration(method.p95()),
            Units.duration(method.latency().p99()), method.name())));
      }
    }
    if (!report.recommendations().isEmpty()) {
      out.println("recommendations:");
      for (Report.Recommendation recommendation : report.recommendations()) {
        out.println(Printable.of("  " + recommendation.kind() + " " + recommendation.method()
            + ": " + recommendation.text()));
      }
    }
    long warnings = analysis.rules().stream().filter(r -> r.severity().equals("WARNING")).count();
    if (analysis.rulesNote() != null) {
      out.println(Printable.of(analysis.rulesNote()));
    } else {
      out.println(Printable.of("JMC rules: " + analysis.rules().size() + " results, " + warnings
          + (warnings == 1 ? " warning" : " warnings")));
    }
    // Name every result that is not OK: a count alone sends the reader hunting through the page
    // for the one warning among dozens of OKs. Rules are sorted by score, highest first.
    for (Analysis.RuleResult rule : analysis.rules()) {
      if (!rule.severity().equals("OK")) {
        out.println(String.format(Locale.ROOT, "  %s %s (score %s)", rule.severity(),
            rule.name(), rule.score() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f",
                rule.score())));
      }
    }
    for (String line : analysis.unavailable()) {
      out.println(Printable.of("unavailable: " + line));
    }
  }
}

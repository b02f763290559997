package dev.overclock.control;

import dev.overclock.config.Setting;
import dev.overclock.log.Printable;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Report;
import dev.overclock.report.SummaryTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to {@code status}: the agent's facts (version, mode, uptime, health counters,
 * features, options), its problems, and one row per timed method, sorted by total time.
 *
 * <p>On the wire each is one tab-separated line: {@code fact<TAB>key<TAB>value}, {@code
 * problem<TAB>text}, {@code method<TAB>name<TAB>selectedBy<TAB>calls<TAB>errors<TAB>p50<TAB>p90
 * <TAB>p99<TAB>max<TAB>totalNanos<TAB>share<TAB>p95<TAB>sampleEvery} (an agent before p95 sends
 * neither of the last two, read as -1 and 1; one before sampled timing sends no {@code
 * sampleEvery}, read as 1). Lines of an unknown kind and facts of an unknown
 * key are ignored, so a command line and an agent of neighbouring versions understand each other.
 *
 * @param facts keyed values; the keys are the constants of this record
 */
public record StatusMessage(Map<String, String> facts, List<String> problems, List<Row> methods) {

  public static final String VERSION = "version";
  public static final String MODE = "mode";
  public static final String UPTIME_NANOS = "uptimeNanos";
  public static final String PID = "pid";
  public static final String JAVA_VERSION = "javaVersion";
  public static final String MAIN_CLASS = "mainClass";
  public static final String INSTRUMENTED_METHODS = "instrumentedMethods";
  public static final String INSTRUMENTED_CLASSES = "instrumentedClasses";
  public static final String SUPPRESSED_ERRORS = "suppressedAdviceErrors";
  public static final String FAILED_CLASSES = "failedClasses";
  public static final String REPORT_WRITE_ERRORS = "reportWriteErrors";
  public static final String DROPPED_CALLS = "droppedCalls";
  public static final String REPORT_DIR = "reportDir";
  /** The overhead line ({@link dev.overclock.report.SummaryTable#overheadLine}); absent if none. */
  public static final String OVERHEAD = "overhead";
  /** In the answer to {@code detach}: classes whose original bytecode was restored. */
  public static final String RESTORED_CLASSES = "restoredClasses";
  /** Prefix of one fact per feature: {@code feature.timing = on}. */
  public static final String FEATURE = "feature.";
  /**
   * Prefix of one fact per thread pool ({@code offload.executors}), numbered in the order they
   * were created: {@code pool.1 = pool com.acme.Shop::start:42 (...): virtual threads, ...}.
   */
  public static final String POOL = "pool.";
  /**
   * Prefix of one fact per change {@code auto=optimize} made, tried or refused, in the order
   * decided: {@code optimization.1 = auto=optimize memoize com.acme.Catalog::price: applied, ...}.
   */
  public static final String OPTIMIZATION = "optimization.";
  /** Prefix of one fact per option set: {@code option.cpu = true (agent argument)}. */
  public static final String OPTION = "option.";

  public StatusMessage {
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    problems = List.copyOf(problems);
    methods = List.copyOf(methods);
  }

  /**
   * One timed method's figures; times in nanoseconds.
   *
   * @param share of the total time of all timed methods, 0..1
   * @param p95 the 95th percentile, or -1 when the agent did not send it
   * @param sampleEvery 1 when every call is timed, else one call in this many is (the calls are
   *     still all counted)
   */
  public record Row(
      String name,
      String selectedBy,
      long calls,
      long errors,
      long p50,
      long p90,
      long p99,
      long max,
      long totalNanos,
      double share,
      long p95,
      int sampleEvery) {

    /** A row without p95 or sampling (an agent older than both): p95 -1, timed exactly. */
    public Row(String name, String selectedBy, long calls, long errors, long p50, long p90,
        long p99, long max, long totalNanos, double share) {
      this(name, selectedBy, calls, errors, p50, p90, p99, max, totalNanos, share, -1, 1);
    }

    /** A row timed exactly, with its p95. */
    public Row(String name, String selectedBy, long calls, long errors, long p50, long p90,
        long p99, long max, long totalNanos, double share, long p95) {
      this(name, selectedBy, calls, errors, p50, p90, p99, max, totalNanos, share, p95, 1);
    }
  }

  /** The message for a report of this JVM. */
  public static StatusMessage of(Report report, String reportDir) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(VERSION, report.agent().version());
    facts.put(MODE, report.agent().mode());
    facts.put(UPTIME_NANOS, Long.toString(report.agent().uptimeNanos()));
    facts.put(PID, Long.toString(report.run().pid()));
    facts.put(JAVA_VERSION, report.run().javaVersion());
    facts.put(MAIN_CLASS, report.run().mainClass());
    Report.Health health = report.health();
    facts.put(INSTRUMENTED_METHODS, Integer.toString(health.instrumentedMethods()));
    facts.put(INSTRUMENTED_CLASSES, Long.toString(health.instrumentedClasses()));
    facts.put(SUPPRESSED_ERRORS, Long.toString(health.suppressedAdviceErrors()));
    facts.put(FAILED_CLASSES, Long.toString(health.failedClasses()));
    facts.put(REPORT_WRITE_ERRORS, Long.toString(health.reportWriteErrors()));
    facts.put(DROPPED_CALLS, Long.toString(health.droppedCalls()));
    facts.put(REPORT_DIR, reportDir == null ? "" : reportDir);
    String overhead = dev.overclock.report.SummaryTable.overheadLine(report);
    if (overhead != null) {
      facts.put(OVERHEAD, overhead);
    }
    new java.util.TreeMap<>(report.agent().features())
        .forEach((key, value) -> facts.put(FEATURE + key, value));
    for (Setting setting : report.agent().options()) {
      facts.put(OPTION + setting.key(), setting.value() + " (" + setting.origin() + ")");
    }
    int pool = 0;
    for (String line : SummaryTable.poolLines(report)) {
      facts.put(POOL + ++pool, line);
    }
    int change = 0;
    for (String line : SummaryTable.optimizationLines(report)) {
      facts.put(OPTIMIZATION + ++change, line);
    }
    List<Row> rows = new ArrayList<>();
    for (MethodReport method : report.methods()) {
      MethodReport.Latency latency = method.latency();
      rows.add(new Row(method.name(), method.selectedBy(), method.calls(), method.errors(),
          latency.p50(), latency.p90(), latency.p99(), latency.max(), method.totalNanos(),
          method.share(), method.p95(), method.sampleEvery()));
    }
    return new StatusMessage(facts, health.problems(), rows);
  }

  /** The payload lines of a reply. */
  public List<String> encode() {
    List<String> lines = new ArrayList<>();
    facts.forEach((key, value) ->
        lines.add("fact\t" + ControlProtocol.clean(key) + "\t" + ControlProtocol.clean(value)));
    for (String problem : problems) {
      lines.add("problem\t" + ControlProtocol.clean(problem));
    }
    for (Row row : methods) {
      lines.add(String.join("\t", "method", ControlProtocol.clean(row.name()),
          ControlProtocol.clean(row.selectedBy()), Long.toString(row.calls()),
          Long.toString(row.errors()), Long.toString(row.p50()), Long.toString(row.p90()),
          Long.toString(row.p99()), Long.toString(row.max()), Long.toString(row.totalNanos()),
          String.format(Locale.ROOT, "%.6f", row.share()), Long.toString(row.p95()),
          Integer.toString(row.sampleEvery())));
    }
    return lines;
  }

  /**
   * Reads the payload lines of a reply. Every text comes back with its control characters
   * escaped ({@link Printable}): it was sent by another process and names what that JVM runs
   * (its command line, class and method names, option values), which whoever started it chose;
   * the command line prints it on a terminal.
   *
   * @throws IllegalArgumentException when a known line is malformed
   */
  public static StatusMessage decode(List<String> lines) {
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split("\t", -1);
      switch (fields[0]) {
        case "fact":
          if (fields.length >= 3) {
            facts.put(Printable.of(fields[1]), Printable.of(fields[2]));
          }
          break;
        case "problem":
          if (fields.length >= 2) {
            problems.add(Printable.of(fields[1]));
          }
          break;
        case "method":
          if (fields.length < 11) {
            throw new IllegalArgumentException("malformed method line: " + Printable.of(line));
          }
          rows.add(new Row(Printable.of(fields[1]), Printable.of(fields[2]),
              Long.parseLong(fields[3]),
              Long.parseLong(fields[4]), Long.parseLong(fields[5]), Long.parseLong(fields[6]),
              Long.parseLong(fields[7]), Long.parseLong(fields[8]), Long.parseLong(fields[9]),
              Double.parseDouble(fields[10]),
              // p95 and sampleEvery came later, at the end, so that older command lines read the
              // rest as before
              fields.length > 11 ? Long.parseLong(fields[11]) : -1,
              fields.length > 12 ? Math.max(1, Integer.parseInt(fields[12])) : 1));
          break;
        default:
          break; // a newer agent's line kind
      }
    }
    return new StatusMessage(facts, problems, rows);
  }

  /** A fact, or {@code fallback} when the agent did not send it. */
  public String fact(String key, String fallback) {
    return facts.getOrDefault(key, fallback);
  }

  /** A numeric fact, or -1 when absent or not a number. */
  public long number(String key) {
    try {
      return Long.parseLong(facts.getOrDefault(key, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

package dev.overclock.cli;

import dev.overclock.control.StatusMessage;
import dev.overclock.report.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The lines that describe a running agent above its table: who, what it does, its health. */
final class AgentView {

  private AgentView() {}

  /**
   * {@code pid 123  com.acme.Main  JDK 25.0.3  Overclock 0.1.0 (attach), up 1m 12s}; a jar is
   * named without its directory.
   */
  static String identity(StatusMessage status) {
    String main = status.fact(StatusMessage.MAIN_CLASS, "?");
    return "pid " + status.fact(StatusMessage.PID, "?")
        + "  " + main.substring(main.lastIndexOf('/') + 1)
        + "  JDK " + status.fact(StatusMessage.JAVA_VERSION, "?")
        + "  Overclock " + status.fact(StatusMessage.VERSION, "?")
        + " (" + status.fact(StatusMessage.MODE, "?") + ")"
        + ", up " + uptime(status.number(StatusMessage.UPTIME_NANOS));
  }

  /** {@code timing on; cpu off; report every 10s and at exit in /x}. */
  static String features(StatusMessage status) {
    List<String> parts = new ArrayList<>();
    List<Map.Entry<String, String>> features = new ArrayList<>();
    for (Map.Entry<String, String> fact : status.facts().entrySet()) {
      if (fact.getKey().startsWith(StatusMessage.FEATURE)) {
        features.add(fact);
      }
    }
    // The report's order for the features it knows (timing, cpu, report), then the others.
    List<String> known = List.of("timing", "cpu", "report");
    features.sort(java.util.Comparator.comparingInt((Map.Entry<String, String> fact) -> {
      int index = known.indexOf(fact.getKey().substring(StatusMessage.FEATURE.length()));
      return index < 0 ? known.size() : index;
    }).thenComparing(Map.Entry::getKey));
    for (Map.Entry<String, String> fact : features) {
      String feature = fact.getKey().substring(StatusMessage.FEATURE.length());
      String value = fact.getValue();
      if (feature.equals("report") && !value.equals("off")) {
        value = value + " in " + status.fact(StatusMessage.REPORT_DIR, "?");
      }
      parts.add(feature + " " + value);
    }
    return String.join("; ", parts);
  }

  /**
   * A {@code "; "}- or {@code ", "}-separated line wrapped at its separators to {@code width},
   * continuation lines indented by two; a single part longer than the width stays whole.
   */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    boolean lineHasPart = false;
    for (String part : text.split("(?<=[;,]) ")) {
      if (lineHasPart && line.length() + 1 + part.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder("  ");
        lineHasPart = false;
      }
      if (lineHasPart) {
        line.append(' ');
      }
      line.append(part);
      lineHasPart = true;
    }
    lines.add(line.toString());
    return lines;
  }

  /** One line per thread pool ({@code offload.executors}), in the order they were created. */
  static List<String> pools(StatusMessage status) {
    return numbered(status, StatusMessage.POOL);
  }

  /** One line per change {@code auto=optimize} made, tried or refused, in the order decided. */
  static List<String> optimizations(StatusMessage status) {
    return numbered(status, StatusMessage.OPTIMIZATION);
  }

  private static List<String> numbered(StatusMessage status, String prefix) {
    List<String> lines = new ArrayList<>();
    for (int n = 1; ; n++) {
      String line = status.facts().get(prefix + n);
      if (line == null) {
        return lines;
      }
      lines.add(line);
    }
  }

  /** The options set, or {@code null} when none was. */
  static String options(StatusMessage status) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> fact : status.facts().entrySet()) {
      if (fact.getKey().startsWith(StatusMessage.OPTION)) {
        parts.add(fact.getKey().substring(StatusMessage.OPTION.length()) + "=" + fact.getValue());
      }
    }
    return parts.isEmpty() ? null : "options: " + String.join(", ", parts);
  }

  /** The instrumentation counts, and every health counter that should be zero and is not. */
  static String health(StatusMessage status) {
    return "health: " + status.number(StatusMessage.INSTRUMENTED_METHODS) + " methods in "
        + status.number(StatusMessage.INSTRUMENTED_CLASSES) + " classes instrumented; "
        + errors(status);
  }

  /** {@code no errors}, or each health counter that should be zero and is not. */
  static String errors(StatusMessage status) {
    List<String> bad = new ArrayList<>();
    bad(bad, status, StatusMessage.SUPPRESSED_ERRORS, "suppressed advice errors");
    bad(bad, status, StatusMessage.FAILED_CLASSES, "classes failed to instrument");
    bad(bad, status, StatusMessage.REPORT_WRITE_ERRORS, "report write errors");
    bad(bad, status, StatusMessage.DROPPED_CALLS, "dropped calls");
    return bad.isEmpty() ? "no errors" : String.join(", ", bad);
  }

  private static void bad(List<String> bad, StatusMessage status, String key, String what) {
    long count = status.number(key);
    if (count > 0) {
      bad.add(count + " " + what);
    }
  }

  /** {@code 45s}, {@code 3m 12s}, {@code 2h 5m}. */
  static String uptime(long nanos) {
    if (nanos < 0) {
      return "?";
    }
    long seconds = nanos / 1_000_000_000L;
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m " + seconds % 60 + "s";
    }
    return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
  }

  /** {@code 7 methods, 61.2k calls, 410 errors}. */
  static String totals(StatusMessage status) {
    long calls = 0;
    long errors = 0;
    for (StatusMessage.Row row : status.methods()) {
      calls += row.calls();
      errors += row.errors();
    }
    return status.methods().size() + " methods, " + Units.count(calls) + " calls, "
        + Units.count(errors) + " errors";
  }
}

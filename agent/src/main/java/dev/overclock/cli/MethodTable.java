package dev.overclock.cli;

import dev.overclock.control.StatusMessage;
import dev.overclock.log.Printable;
import dev.overclock.report.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The table of timed methods for {@code status}, {@code top} and {@code detach}, fitted to a
 * width: the method column takes what the figures leave (long names are shortened from the left,
 * where package names say least), and on a narrow terminal the least important figures go first.
 * The last column says why each method is timed, so that methods the user named ({@code @Timed},
 * {@code timed=}) and methods the agent chose itself (any other source the report names) can be
 * told apart.
 */
final class MethodTable {

  /** The method column never gets narrower than this while figures can still be dropped. */
  static final int MIN_NAME = 24;

  private MethodTable() {}

  /** One figure column. */
  private record Column(String title, int width, Function<StatusMessage.Row, String> value) {}

  /**
   * What {@code top} keeps from one frame to the next, so that its table keeps one shape while
   * methods come (timed on their own), go (taken out again) and become sampled: every column is
   * there from the first frame (the method column takes the whole width the figures leave), and
   * names stay abbreviated at least as far as in earlier frames of the same width.
   */
  static final class Layout {
    private int width = -1;
    private int level;
  }

  /** {@link #render(List, Map, int, int, Layout)} for one table on its own. */
  static List<String> render(
      List<StatusMessage.Row> rows, Map<String, Double> rates, int width, int maxRows) {
    return render(rows, rates, width, maxRows, null);
  }

  /**
   * @param rows sorted as they should appear
   * @param rates calls per second by method name (top's refresh), or {@code null} for none
   * @param width the width to fit, in characters
   * @param maxRows at most this many rows (0: all); a last line says how many were left out
   * @param layout what earlier frames of {@code top} showed, updated; {@code null} for a table
   *     on its own
   */
  static List<String> render(List<StatusMessage.Row> rows, Map<String, Double> rates, int width,
      int maxRows, Layout layout) {
    if (layout != null && layout.width != width) {
      layout.width = width;
      layout.level = 0;
    }

    List<Column> columns = new ArrayList<>();
    columns.add(new Column("calls", 8, row -> Units.count(row.calls())));
    if (rates != null) {
      columns.add(new Column("calls/s", 9, row -> rate(rates.get(row.name()))));
    }
    columns.add(new Column("errors", 7, row -> Units.count(row.errors())));
    columns.add(new Column("p50", 9, row -> Units.duration(row.p50())));
    if (rows.stream().anyMatch(row -> row.p95() >= 0)) { // an older agent sends no p95
      columns.add(new Column("p95", 9, row -> row.p95() < 0 ? "-" : Units.duration(row.p95())));
    }
    columns.add(new Column("p99", 9, row -> Units.duration(row.p99())));
    columns.add(new Column("max", 9, row -> Units.duration(row.max())));
    columns.add(new Column("thread", 9, row -> Units.duration(row.totalNanos())));
    columns.add(new Column("share", 6, row -> Units.percent(row.share())));
    columns.add(new Column("by", 8, row -> selectedBy(row.selectedBy())));
    if (layout != null || rows.stream().anyMatch(row -> row.sampleEvery() > 1)) {
      columns.add(new Column("timed", 6, row -> timed(row.sampleEvery())));
    }
    // Least important first: what goes when the terminal is narrow.
    for (String title : List.of("timed", "by", "max", "p50", "p95", "errors", "calls/s",
        "thread")) {
      if (width - figuresWidth(columns) >= MIN_NAME) {
        break;
      }
      columns.removeIf(column -> column.title().equals(title));
    }
    int longest = "method".length();
    for (StatusMessage.Row row : rows) {
      longest = Math.max(longest, Printable.of(row.name()).length());
    }
    // top: the whole width left, so that the column does not move when a longer name comes.
    int nameWidth = Math.max(8, layout != null ? width - figuresWidth(columns)
        : Math.min(longest, width - figuresWidth(columns)));
    // One abbreviation for the whole table, so that names read alike from row to row (and, in
    // top, from frame to frame).
    int level = abbreviationLevel(rows, nameWidth);
    if (layout != null) {
      level = Math.max(level, layout.level);
      layout.level = level;
    }

    List<String> lines = new ArrayList<>();
    StringBuilder header = new StringBuilder(pad("method", nameWidth));
    for (Column column : columns) {
      header.append(' ').append(left(column.title(), column.width()));
    }
    lines.add(header.toString());
    int shown = maxRows > 0 ? Math.min(maxRows, rows.size()) : rows.size();
    for (StatusMessage.Row row : rows.subList(0, shown)) {
      // Names come from the target JVM's classes: no terminal escapes reach this terminal.
      String name = Printable.of(row.name());
      StringBuilder line = new StringBuilder(pad(abbreviate(name, level, nameWidth), nameWidth));
      for (Column column : columns) {
        line.append(' ').append(left(column.value().apply(row), column.width()));
      }
      lines.add(line.toString());
    }
    if (shown < rows.size()) {
      lines.add("... " + (rows.size() - shown) + " more");
    }
    // Narrower than the narrowest table: cut, rather than let the terminal wrap every line.
    lines.replaceAll(line -> line.length() <= width ? line : line.substring(0, Math.max(1, width)));
    return lines;
  }

  /**
   * Why a method is timed, in a few characters: {@code @Timed}, {@code timed=} (a filter), or
   * the report's own word for any other source (methods found hot at run time, say), cut to fit.
   */
  static String selectedBy(String selectedBy) {
    if (selectedBy == null || selectedBy.isEmpty()) {
      return "-";
    }
    switch (selectedBy) {
      case "annotation":
        return "@Timed";
      case "filter":
        return "timed=";
      default:
        return selectedBy.length() <= 8 ? selectedBy : selectedBy.substring(0, 8);
    }
  }

  /**
   * Which calls are timed: {@code all}, or {@code 1/64} for a sampled method (its latencies come
   * from one call in 64; its calls are all counted).
   */
  static String timed(int sampleEvery) {
    return sampleEvery <= 1 ? "all" : "1/" + sampleEvery;
  }

  private static int figuresWidth(List<Column> columns) {
    int width = 0;
    for (Column column : columns) {
      width += 1 + column.width();
    }
    return width;
  }

  private static String rate(Double perSecond) {
    if (perSecond == null) {
      return "-";
    }
    return perSecond < 10 ? String.format(Locale.ROOT, "%.1f", perSecond)
        : Units.count(Math.round(perSecond));
  }

  /**
   * The name fitted into {@code width}: package names abbreviated to their first letter from the
   * left ({@code c.a.shop.OrderService::process}) as far as needed, then cut from the left.
   */
  static String shorten(String name, int width) {
    return abbreviate(name, levelFor(name, width), width);
  }

  /**
   * How many leading packages must be abbreviated for every row's name to fit {@code width}
   * (as far as abbreviating helps): the table's one level.
   */
  static int abbreviationLevel(List<StatusMessage.Row> rows, int width) {
    int level = 0;
    for (StatusMessage.Row row : rows) {
      level = Math.max(level, levelFor(row.name(), width));
    }
    return level;
  }

  private static int levelFor(String name, int width) {
    int packages = packages(name).length;
    for (int level = 0; level <= packages; level++) {
      if (abbreviated(name, level).length() <= width) {
        return level;
      }
    }
    return packages;
  }

  /** The name with its first {@code level} packages abbreviated, cut from the left to fit. */
  static String abbreviate(String name, int level, int width) {
    String shorter = abbreviated(name, level);
    return shorter.length() <= width ? shorter
        : "…" + shorter.substring(shorter.length() - width + 1);
  }

  private static String abbreviated(String name, int level) {
    String[] packages = packages(name);
    if (packages.length == 0 || level == 0) {
      return name;
    }
    StringBuilder shorter = new StringBuilder();
    for (int i = 0; i < packages.length; i++) {
      shorter.append(i < level ? packages[i].substring(0, Math.min(1, packages[i].length()))
          : packages[i]).append('.');
    }
    return shorter.append(name.substring(classStart(name))).toString();
  }

  private static String[] packages(String name) {
    int classStart = classStart(name);
    return classStart == 0 ? new String[0] : name.substring(0, classStart - 1).split("\\.");
  }

  private static int classStart(String name) {
    int methodStart = name.indexOf("::");
    return name.lastIndexOf('.', methodStart < 0 ? name.length() : methodStart) + 1;
  }

  private static String pad(String text, int width) {
    StringBuilder padded = new StringBuilder(text);
    while (padded.length() < width) {
      padded.append(' ');
    }
    return padded.toString();
  }

  private static String left(String text, int width) {
    StringBuilder padded = new StringBuilder();
    while (padded.length() + text.length() < width) {
      padded.append(' ');
    }
    return padded.append(text).toString();
  }
}

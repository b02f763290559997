package dev.overclock.benchmarks.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the runs of {@code benchmarks/overhead/run.sh} (its {@code results.txt}) into one Markdown
 * table: per workload, the no-agent medians, then each configuration as the median of its
 * per-round ratios to no agent, with a distribution-free confidence interval of that median.
 *
 * <p>Why per-round ratios: the rounds are interleaved, so a configuration and the baseline of the
 * same round ran minutes apart on the same machine state; the ratio within a round cancels a drift
 * of the machine across rounds that a ratio of two medians would keep.
 *
 * <p>Runs without a build, as a single-file program ({@code java
 * benchmarks/src/main/java/dev/overclock/benchmarks/overhead/OverheadSummary.java <output folder of
 * run.sh>}), or from {@code benchmarks.jar}. Exits 1 when the checksums of a workload differ (a
 * configuration changed a result).
 */
public final class OverheadSummary {

  private static final double CONFIDENCE = 0.95;
  private static final Pattern NOTE = Pattern.compile("(?i).*\\b(warn|warning|error)\\b.*");

  /** One JVM run, one line of results.txt. */
  record Run(String workload, int round, String config, String status, Map<String, String> fields) {
    boolean ok() {
      return status.equals("ok");
    }

    double number(String name) {
      String value = fields.get(name);
      return value == null ? Double.NaN : Double.parseDouble(value.replace("/s", ""));
    }
  }

  /** What is compared: a name for the table, how to read it from a run, how to show it. */
  record Metric(String column, ToDoubleFunction<Run> value, String unit) {}

  private static final List<Metric> METRICS = List.of(
      new Metric("throughput", run -> run.number("throughput"), "/s"),
      new Metric("p50 latency", run -> latencyNanos(run, "p50"), "ns"),
      new Metric("p99 latency", run -> latencyNanos(run, "p99"), "ns"),
      new Metric("CPU per operation", run -> run.number("cpu_us_per_op") * 1000, "ns"));

  private static double latencyNanos(Run run, String percentile) {
    double nanos = run.number(percentile + "_ns");
    return Double.isNaN(nanos) ? run.number(percentile + "_us") * 1000 : nanos;
  }

  /** Milliseconds from the JVM's launch to the workload's clients starting. */
  private static double startupMillis(Run run) {
    return run.number("ready_epoch_ms") - run.number("launch_epoch_ms");
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java OverheadSummary.java <output folder of run.sh>");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    Path meta = folder.resolve("meta.txt");
    OverheadSummary summary = parse(Files.readAllLines(folder.resolve("results.txt")),
        Files.exists(meta) ? Files.readAllLines(meta) : List.of(), folder);
    System.out.print(summary.render());
    System.exit(summary.checksumsAgree() ? 0 : 1);
  }

  /** The summary of run.sh's result lines; {@code folder} holds the runs' stderr (may be absent). */
  static OverheadSummary parse(List<String> resultLines, List<String> metaLines, Path folder) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<Run> runs = new ArrayList<>();
    List<Run> phases = new ArrayList<>();
    for (String line : resultLines) {
      String kind = line.split(" ", 2)[0];
      Map<String, String> fields = fields(line);
      switch (kind) {
        case "config" -> labels.put(fields.get("name"), fields.get("label"));
        case "unavailable" -> unavailable.put(fields.get("config"), fields.get("reason"));
        case "run" -> runs.add(new Run(fields.get("workload"),
            Integer.parseInt(fields.get("round")), fields.get("config"), fields.get("status"),
            fields));
        case "phase" -> phases.add(new Run(fields.get("workload"),
            Integer.parseInt(fields.get("round")), fields.get("config"), "ok", fields));
        default -> { }
      }
    }
    return new OverheadSummary(labels, unavailable, runs, phases, metaLines, folder);
  }

  boolean checksumsAgree() {
    return checksumsDiffer(runs).isEmpty();
  }

  /** {@code key=value} pairs; {@code label} and {@code reason} take the rest of the line. */
  static Map<String, String> fields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    String[] tokens = line.split(" ");
    for (int i = 1; i < tokens.length; i++) {
      int equals = tokens[i].indexOf('=');
      if (equals < 0) {
        continue;
      }
      String key = tokens[i].substring(0, equals);
      if (key.equals("label") || key.equals("reason")) {
        fields.put(key, String.join(" ", Arrays.copyOfRange(tokens, i, tokens.length))
            .substring(equals + 1));
        break;
      }
      fields.put(key, tokens[i].substring(equals + 1));
    }
    return fields;
  }

  private final Map<String, String> labels;
  private final Map<String, String> unavailable;
  private final List<Run> runs;
  /** The load's phases of each run ({@code run.sh -p}), one entry each: empty without. */
  private final List<Run> phases;
  private final List<String> meta;
  private final Path folder;
  /** The pair counts that occur, for the legend's coverage line. */
  private final Set<Integer> pairCounts = new TreeSet<>();

  private OverheadSummary(Map<String, String> labels, Map<String, String> unavailable,
      List<Run> runs, List<Run> phases, List<String> meta, Path folder) {
    this.labels = labels;
    this.unavailable = unavailable;
    this.runs = runs;
    this.phases = phases;
    this.meta = meta;
    this.folder = folder;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("## Overhead against other tools\n\n");
    for (String line : meta) {
      if (!line.startsWith("legend-note")) {
        out.append("- ").append(line).append('\n');
      }
    }
    out.append('\n');
    out.append("| workload | configuration | runs |");
    for (Metric metric : METRICS) {
      out.append(' ').append(metric.column()).append(" |");
    }
    out.append(" start-up |\n| --- | --- | ---: |");
    out.append(" ---: |".repeat(METRICS.size() + 1)).append('\n');
    List<String> spreads = new ArrayList<>();
    for (String workload : workloads()) {
      for (String config : labels.keySet()) {
        out.append(row(workload, config)).append('\n');
      }
      spreads.add(spread(workload));
    }
    out.append('\n').append(legend());
    out.append(threadCpu());
    out.append(overTime());
    out.append(betweenVariants());
    out.append("\nRound-to-round spread of no agent (half its range, relative to its median), the"
        + " machine's own noise: a difference smaller than that is worth confirming with more"
        + " rounds even where its interval excludes no difference.\n\n");
    spreads.forEach(line -> out.append("- ").append(line).append('\n'));
    List<String> differ = checksumsDiffer(runs);
    out.append('\n').append(differ.isEmpty()
        ? "Checksums: equal in every run of each workload (no configuration changed a result).\n"
        : "**CHECKSUMS DIFFER** in " + differ + ": a configuration changed a result.\n");
    String notes = notes();
    if (!notes.isEmpty()) {
      out.append("\nWarnings and errors the tools printed (first lines, per configuration):\n\n")
          .append(notes);
    }
    return out.toString();
  }

  private List<String> workloads() {
    return runs.stream().map(Run::workload).distinct().toList();
  }

  private List<Run> runsOf(String workload, String config) {
    return runs.stream().filter(run -> run.workload().equals(workload)
        && run.config().equals(config)).toList();
  }

  private String row(String workload, String config) {
    String name = labels.getOrDefault(config, config);
    String start = "| " + workload + " | " + name + " | ";
    if (unavailable.containsKey(config)) {
      return start + "unavailable: " + unavailable.get(config).replace("|", "/") + " |"
          + " — |".repeat(METRICS.size() + 1);
    }
    List<Run> mine = runsOf(workload, config);
    List<Run> ok = mine.stream().filter(Run::ok).toList();
    StringBuilder row = new StringBuilder(start).append(runCount(mine, ok)).append(" |");
    if (config.equals("none")) {
      for (Metric metric : METRICS) {
        row.append(' ').append(absolute(ok.stream().mapToDouble(metric.value()).toArray(),
            metric.unit())).append(" |");
      }
      row.append(' ').append(absolute(ok.stream().mapToDouble(OverheadSummary::startupMillis)
          .toArray(), "ms")).append(" |");
      return row.toString();
    }
    Map<Integer, Run> baseline = new LinkedHashMap<>();
    for (Run run : runsOf(workload, "none")) {
      if (run.ok()) {
        baseline.put(run.round(), run);
      }
    }
    List<Run[]> pairs = ok.stream().filter(run -> baseline.containsKey(run.round()))
        .map(run -> new Run[] {baseline.get(run.round()), run}).toList();
    if (!pairs.isEmpty()) {
      pairCounts.add(pairs.size());
    }
    for (Metric metric : METRICS) {
      double[] ratios = pairs.stream().mapToDouble(pair ->
          metric.value().applyAsDouble(pair[1]) / metric.value().applyAsDouble(pair[0])).toArray();
      row.append(' ').append(relative(ratios, 1.0, "×", "%.3f")).append(" |");
    }
    double[] added = pairs.stream().mapToDouble(pair ->
        startupMillis(pair[1]) - startupMillis(pair[0])).toArray();
    row.append(' ').append(relative(added, 0.0, "", "%+,.0f ms")).append(" |");
    return row.toString();
  }

  /**
   * Where each configuration's CPU per operation went, in absolute figures (medians over its
   * runs, with their interval): the JIT's compiler threads, the garbage collector's threads, and
   * the rest (the application's threads and the tool's own). Only for runs whose RESULT line has
   * {@code jit_cpu_ms} (the workloads read it from Linux's {@code /proc}); empty otherwise. Ratios
   * to no agent would mislead here: a warmed-up JVM's compiler threads are nearly idle, so a few
   * ticks more make a large ratio.
   */
  private String threadCpu() {
    StringBuilder table = new StringBuilder();
    for (String workload : workloads()) {
      for (String config : labels.keySet()) {
        List<Run> ok = runsOf(workload, config).stream()
            .filter(run -> run.ok() && !Double.isNaN(run.number("jit_cpu_ms"))
                && run.number("ops") > 0)
            .toList();
        if (ok.isEmpty()) {
          continue;
        }
        double[] jit = ok.stream().mapToDouble(run -> perOperation(run, "jit_cpu_ms")).toArray();
        double[] gc = ok.stream().mapToDouble(run -> perOperation(run, "gc_cpu_ms")).toArray();
        double[] rest = ok.stream().mapToDouble(run -> perOperation(run, "cpu_ms")
            - perOperation(run, "jit_cpu_ms") - perOperation(run, "gc_cpu_ms")).toArray();
        table.append("| ").append(workload).append(" | ")
            .append(labels.getOrDefault(config, config)).append(" | ")
            .append(absolute(jit, "ns")).append(" | ").append(absolute(gc, "ns")).append(" | ")
            .append(absolute(rest, "ns")).append(" |\n");
      }
    }
    if (table.length() == 0) {
      return "";
    }
    return "\nWhere the CPU per operation went (medians over the runs, absolute; from each"
        + " thread's CPU time in /proc over the measured load): the JIT's compiler threads, the"
        + " garbage collector's threads, and the rest (the application's threads and the tool's"
        + " own).\n\n| workload | configuration | JIT | GC | the rest |\n"
        + "| --- | --- | ---: | ---: | ---: |\n" + table;
  }

  /**
   * When the run compares variants of Overclock (two or more {@code overclock*} configurations,
   * {@code run.sh -O}), each against the first of them, round by round: the question such a run
   * asks (did the change help?), which the ratios to no agent answer only through two noisy
   * ratios. The same per-round medians and intervals as the main table, the JIT's CPU per
   * operation beside them, and in how many rounds the variant measured lower.
   */
  private String betweenVariants() {
    List<String> variants = labels.keySet().stream()
        .filter(config -> config.startsWith("overclock") && !unavailable.containsKey(config))
        .toList();
    if (variants.size() < 2) {
      return "";
    }
    String base = variants.get(0);
    List<Metric> metrics = new ArrayList<>(METRICS);
    metrics.add(new Metric("JIT per operation", run -> perOperation(run, "jit_cpu_ms"), "ns"));
    StringBuilder table = new StringBuilder();
    table.append("\nVariants side by side: each ÷ ").append(labels.get(base))
        .append(", the median over rounds of the ratio within a round, its interval, and in how")
        .append(" many rounds it measured lower (≈: not resolved).\n\n| workload | configuration |")
        .append(" pairs |");
    metrics.forEach(metric -> table.append(' ').append(metric.column()).append(" |"));
    table.append("\n| --- | --- | ---: |").append(" ---: |".repeat(metrics.size())).append('\n');
    for (String workload : workloads()) {
      Map<Integer, Run> baseRuns = new LinkedHashMap<>();
      runsOf(workload, base).stream().filter(Run::ok)
          .forEach(run -> baseRuns.put(run.round(), run));
      for (String variant : variants.subList(1, variants.size())) {
        List<Run[]> pairs = runsOf(workload, variant).stream()
            .filter(run -> run.ok() && baseRuns.containsKey(run.round()))
            .map(run -> new Run[] {baseRuns.get(run.round()), run}).toList();
        table.append("| ").append(workload).append(" | ").append(labels.get(variant))
            .append(" | ").append(pairs.size()).append(" |");
        for (Metric metric : metrics) {
          double[] ratios = finiteRatios(pairs, metric);
          long lower = Arrays.stream(ratios).filter(ratio -> ratio < 1).count();
          table.append(' ').append(relative(ratios, 1.0, "×", "%.3f"));
          if (ratios.length > 0) {
            table.append(" (lower in ").append(lower).append(" of ").append(ratios.length)
                .append(')');
          }
          table.append(" |");
        }
        table.append('\n');
      }
    }
    return table.toString();
  }

  /**
   * The load over time ({@code run.sh -p}): per workload, configuration and phase of the load
   * (warm-up included, from the clients' start), the median over rounds of the ratio to no agent
   * in the same round and phase, with its interval, and the JIT's CPU per operation of both. A
   * cost that comes and goes (an agent's settle phase after its start) shows in the phases where
   * it falls, and the phases after it say whether anything stays.
   */
  private String overTime() {
    if (phases.isEmpty()) {
      return "";
    }
    StringBuilder table = new StringBuilder();
    table.append("\nOver time: the whole load, warm-up included, in phases from the clients'")
        .append(" start; each configuration ÷ no agent in the same round and phase (median over")
        .append(" rounds [interval], ≈: not resolved), and the JIT's CPU per operation (no agent →")
        .append(" the configuration, medians).\n\n| workload | configuration | seconds of load |")
        .append(" pairs |");
    METRICS.forEach(metric -> table.append(' ').append(metric.column()).append(" |"));
    table.append(" JIT per operation |\n| --- | --- | --- | ---: |")
        .append(" ---: |".repeat(METRICS.size() + 1)).append('\n');
    for (String workload : phases.stream().map(Run::workload).distinct().toList()) {
      Map<String, Run> baseline = new LinkedHashMap<>();
      phasesOf(workload, "none").forEach(phase -> baseline.put(phaseKey(phase), phase));
      for (String config : labels.keySet()) {
        if (config.equals("none")) {
          continue;
        }
        List<Run> mine = phasesOf(workload, config);
        for (String index : mine.stream().map(phase -> phase.fields().get("index")).distinct()
            .sorted(Comparator.comparingInt(Integer::parseInt)).toList()) {
          List<Run[]> pairs = mine.stream()
              .filter(phase -> phase.fields().get("index").equals(index)
                  && baseline.containsKey(phaseKey(phase)))
              .map(phase -> new Run[] {baseline.get(phaseKey(phase)), phase}).toList();
          if (pairs.isEmpty()) {
            continue;
          }
          Map<String, String> first = pairs.get(0)[1].fields();
          table.append("| ").append(workload).append(" | ")
              .append(labels.getOrDefault(config, config)).append(" | ")
              .append(first.get("from_s")).append("–").append(first.get("to_s")).append(" | ")
              .append(pairs.size()).append(" |");
          for (Metric metric : METRICS) {
            table.append(' ').append(relative(finiteRatios(pairs, metric), 1.0, "×", "%.3f"))
                .append(" |");
          }
          double[] jitNone = pairs.stream()
              .mapToDouble(pair -> perOperation(pair[0], "jit_cpu_ms")).toArray();
          double[] jitMine = pairs.stream()
              .mapToDouble(pair -> perOperation(pair[1], "jit_cpu_ms")).toArray();
          table.append(' ').append(quantity(Interval.of(jitNone).median(), "ns")).append(" → ")
              .append(quantity(Interval.of(jitMine).median(), "ns")).append(" |\n");
        }
      }
    }
    return table.toString();
  }

  private List<Run> phasesOf(String workload, String config) {
    return phases.stream().filter(phase -> phase.workload().equals(workload)
        && phase.config().equals(config)).toList();
  }

  private static String phaseKey(Run phase) {
    return phase.round() + "/" + phase.fields().get("index");
  }

  /**
   * Each pair's {@code [baseline, other]} ratio of the metric, other ÷ baseline, leaving out
   * pairs where either run lacks the figure.
   */
  private static double[] finiteRatios(List<Run[]> pairs, Metric metric) {
    return pairs.stream().mapToDouble(pair ->
            metric.value().applyAsDouble(pair[1]) / metric.value().applyAsDouble(pair[0]))
        .filter(Double::isFinite).toArray();
  }

  /** A run's figure in milliseconds of CPU as nanoseconds per operation (0 when absent). */
  private static double perOperation(Run run, String millisField) {
    double millis = run.number(millisField);
    return Double.isNaN(millis) ? 0 : millis * 1e6 / run.number("ops");
  }

  private static String runCount(List<Run> all, List<Run> ok) {
    long attempted = all.stream().filter(run -> !run.status().equals("skipped")).count();
    String count = ok.size() + "/" + all.size();
    Set<String> problems = new LinkedHashSet<>();
    all.stream().filter(run -> !run.ok() && !run.status().equals("skipped"))
        .forEach(run -> problems.add(run.status()));
    if (!problems.isEmpty()) {
      count += " (" + String.join(", ", problems) + (attempted < all.size()
          ? "; skipped after two failures" : "") + ")";
    }
    return count;
  }

  /** The median and its interval, in the metric's unit. */
  private static String absolute(double[] values, String unit) {
    if (values.length == 0) {
      return "—";
    }
    Interval interval = Interval.of(values);
    return quantity(interval.median(), unit) + (interval.hasBounds()
        ? " [" + quantity(interval.low(), unit) + ", " + quantity(interval.high(), unit) + "]"
        : "");
  }

  private static String quantity(double value, String unit) {
    return switch (unit) {
      case "/s" -> String.format(Locale.ROOT, "%,.1f/s", value);
      case "ms" -> String.format(Locale.ROOT, "%,.0f ms", value);
      default -> value >= 1e6 ? String.format(Locale.ROOT, "%,.2f ms", value / 1e6)
          : value >= 1e3 ? String.format(Locale.ROOT, "%,.1f µs", value / 1e3)
          : String.format(Locale.ROOT, "%.0f ns", value);
    };
  }

  /**
   * The median of per-round comparisons with its interval, marked ≈ when the interval includes
   * {@code same} (the run cannot tell the configuration from no agent there).
   */
  private static String relative(double[] values, double same, String prefix, String format) {
    if (values.length == 0) {
      return "—";
    }
    Interval interval = Interval.of(values);
    String median = prefix + String.format(Locale.ROOT, format, interval.median());
    if (!interval.hasBounds()) {
      return median + " (one pair: no interval)";
    }
    String low = String.format(Locale.ROOT, format, interval.low());
    String high = String.format(Locale.ROOT, format, interval.high());
    boolean resolved = interval.low() > same || interval.high() < same;
    return median + " [" + low + ", " + high + "]" + (resolved ? "" : " ≈");
  }

  /**
   * The sample median and a distribution-free confidence interval for the population median:
   * the order statistics x(k) and x(n+1-k), with the largest k whose coverage
   * 1 - 2 P(Binomial(n, 1/2) < k) is at least 95%. Below six values no k reaches 95% and the
   * interval is the range (coverage 1 - 2^(1-n): 93.8% for five).
   */
  record Interval(double median, double low, double high, int n) {
    static Interval of(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      int k = depth(n);
      return new Interval(median, sorted[k - 1], sorted[n - k], n);
    }

    boolean hasBounds() {
      return n > 1;
    }

    /** The k of the interval [x(k), x(n+1-k)] for n values. */
    static int depth(int n) {
      int k = 1;
      while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= CONFIDENCE) {
        k++;
      }
      return k;
    }

    static double coverage(int n, int k) {
      double below = 0; // P(Binomial(n, 1/2) <= k - 1)
      double choose = 1;
      for (int i = 0; i < k; i++) {
        below += choose;
        choose = choose * (n - i) / (i + 1);
      }
      return 1 - 2 * below / Math.pow(2, n);
    }
  }

  private String legend() {
    StringBuilder legend = new StringBuilder();
    legend.append("Columns: **runs**: runs that printed a RESULT line / runs planned. ")
        .append("**throughput**: operations per second over the measured load. ")
        .append("**p50, p99 latency**: of each operation, timed by the workload's clients. ")
        .append("**CPU per operation**: the process's CPU time (every thread: application, JIT,")
        .append(" GC, the tool's own) over the measured load, divided by its operations. ")
        .append("**start-up**: from the JVM's launch to the workload's clients starting (data set")
        .append(" built), agents' start included. No-agent rows give absolute medians; the other")
        .append(" rows, the median over rounds of the ratio to no agent of the same round (×1.000 =")
        .append(" no difference; throughput below 1 and the others above 1 are costs), and for")
        .append(" start-up the milliseconds added.\n\n");
    legend.append("Intervals in brackets: distribution-free (order-statistic) confidence interval of")
        .append(" the median, [x(k), x(n+1-k)] of the n sorted values");
    for (int n : pairCounts) {
      if (n < 2) {
        legend.append("; n = 1: none (one pair)");
        continue;
      }
      int k = Interval.depth(n);
      legend.append(String.format(Locale.ROOT, "; n = %d: k = %d, coverage %.1f%%", n, k,
          100 * Interval.coverage(n, k)));
    }
    legend.append(". **≈**: the interval includes no difference (×1.000, +0 ms): the difference is")
        .append(" below what this run can resolve.\n");
    return legend.toString();
  }

  private String spread(String workload) {
    List<Run> ok = runsOf(workload, "none").stream().filter(Run::ok).toList();
    StringBuilder line = new StringBuilder(workload + ", no agent, " + ok.size() + " runs:");
    for (Metric metric : METRICS) {
      double[] values = ok.stream().mapToDouble(metric.value()).toArray();
      if (values.length < 2) {
        line.append(' ').append(metric.column()).append(" —;");
        continue;
      }
      Interval interval = Interval.of(values);
      double halfRange = (Arrays.stream(values).max().getAsDouble()
          - Arrays.stream(values).min().getAsDouble()) / 2;
      line.append(String.format(Locale.ROOT, " %s ±%.1f%%;", metric.column(),
          100 * halfRange / interval.median()));
    }
    return line.substring(0, line.length() - 1);
  }

  private static List<String> checksumsDiffer(List<Run> runs) {
    List<String> differ = new ArrayList<>();
    runs.stream().map(Run::workload).distinct().forEach(workload -> {
      long distinct = runs.stream().filter(run -> run.ok() && run.workload().equals(workload))
          .map(run -> run.fields().get("checksum")).distinct().count();
      if (distinct > 1) {
        differ.add(workload);
      }
    });
    return differ;
  }

  /** Distinct warning and error lines on the runs' stderr, three at most per configuration. */
  private String notes() {
    StringBuilder notes = new StringBuilder();
    for (String config : labels.keySet()) {
      Set<String> lines = new LinkedHashSet<>();
      for (Run run : runs) {
        Path stderr = folder.resolve(run.workload())
            .resolve("round-" + run.round() + "-" + config).resolve("stderr.txt");
        if (!run.config().equals(config) || !Files.exists(stderr)) {
          continue;
        }
        try (Stream<String> text = Files.lines(stderr)) {
          text.filter(l -> NOTE.matcher(l).matches()).limit(3).forEach(l -> lines.add(l.strip()));
        } catch (IOException | java.io.UncheckedIOException e) {
          lines.add("(could not read " + stderr + ": " + e.getMessage() + ")");
        }
      }
      lines.stream().limit(3).forEach(line ->
          notes.append("- ").append(config).append(": `").append(line.replace("`", "'"))
              .append("`\n"));
    }
    return notes.toString();
  }
}

package dev.overclock.report;

import java.util.List;
import java.util.Locale;

/**
 * The plain-text table of the slowest methods by thread time, printed on standard error at exit
 * (and reused by the command line). Columns stay aligned for any method name length up to a
 * limit; longer names are shortened from the left, where package names are least informative.
 */
public final class SummaryTable {

  private static final int MAX_NAME = 60;

  private SummaryTable() {}

  /** The table, or a one-line note when nothing was timed. */
  public static String render(Report report, int top) {
    List<MethodReport> methods = report.methods();
    if (methods.isEmpty()) {
      return "no timed method was called";
    }
    List<MethodReport> shown = methods.subList(0, Math.min(top, methods.size()));
    int nameWidth = "method".length();
    for (MethodReport method : shown) {
      nameWidth = Math.max(nameWidth, Math.min(MAX_NAME, method.name().length()));
    }
    String format = "%-" + nameWidth + "s %8s %6s %9s %9s %9s %9s %9s %6s%n";
    StringBuilder table = new StringBuilder();
    // "thread" is the calls' time summed over all threads: several threads at once add up, so
    // it can exceed the run's wall time, which the title gives beside it.
    table.append(String.format(Locale.ROOT,
        "top %d of %d timed methods by thread time (summed over threads) in a %s run%n",
        shown.size(), methods.size(), Units.duration(report.agent().uptimeNanos())));
    table.append(String.format(Locale.ROOT, format,
        "method", "calls", "errors", "p50", "p95", "p99", "max", "thread", "share"));
    for (MethodReport method : shown) {
      table.append(String.format(Locale.ROOT, format,
          shorten(method.name()),
          Units.count(method.calls()),
          Units.count(method.errors()),
          Units.duration(method.latency().p50()),
          Units.duration(method.p95()),
          Units.duration(method.latency().p99()),
          Units.duration(method.latency().max()),
          Units.duration(method.totalNanos()),
          Units.percent(method.share())));
    }
    return table.toString();
  }

  /**
   * One line per memoized method that was called, unsafe or skipped: {@code memoized
   * com.acme.Pricing::quote: 28.0k calls, 96.8% found cached (26.9k hits, 132 verified), 897
   * misses, saved ~7.20 s}.
   * Empty when nothing was asked to be memoized.
   */
  public static List<String> memoLines(Report report) {
    List<String> lines = new java.util.ArrayList<>();
    for (MemoReport memo : report.memoized()) {
      long lookups = memo.hits() + memo.misses() + memo.verifyChecks();
      switch (memo.state()) {
        case "active":
          if (lookups > 0) {
            lines.add(String.format(Locale.ROOT,
                "memoized %s: %s calls, %s found cached (%s hits, %s verified), %s misses,"
                    + " saved ~%s",
                memo.name(), Units.count(lookups), Units.percent(memo.hitRatio()),
                Units.count(memo.hits()), Units.count(memo.verifyChecks()),
                Units.count(memo.misses()), Units.duration(memo.savedNanos())));
          }
          break;
        case "unsafe":
          lines.add("memoization of " + memo.name() + " stopped (unsafe): " + memo.evidence());
          break;
        default:
          lines.add("not memoized " + memo.name() + ": " + memo.reason());
      }
    }
    return lines;
  }

  /**
   * One line per offloaded method that was called: {@code offloaded com.acme.Client::fetch: 10.0k
   * calls on virtual threads, at most 212 at once, p99 10.4 ms; 3 timeouts, 0 rejections, 1
   * failure, pinned 2 times}. Empty when nothing was offloaded.
   */
  public static List<String> offloadLines(Report report) {
    return offloadLinesOf(report);
  }

  /**
   * The agent's measured overhead, its budget and what it shed: {@code overhead 0.42% of the
   * application's CPU over 12 periods (worst period 0.90%), budget 1.00%; shed: none}, then
   * where the live stream measured it {@code ; the JIT compiled the agent's code for 384 ms (not
   * counted: a one-off)}, then under {@code auto=optimize} {@code ; never shed (auto=optimize,
   * bounded): argument sampling, least valuable automatically timed methods}, or {@code null}
   * when nobody measured it.
   */
  public static String overheadLine(Report report) {
    Report.Overhead overhead = report.health().overhead();
    if (overhead == null) {
      return null;
    }
    if (overhead.periods() == 0) {
      return "overhead: not measured yet (the governor measures from the end of the agent's"
          + " start, every second), budget " + budget(overhead) + kept(overhead);
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "overhead %s of the application's CPU over %d periods (last %s, worst %s)%s, budget %s",
        Units.smallPercent(overhead.overhead()), overhead.periods(),
        Units.smallPercent(overhead.lastPeriod()), Units.smallPercent(overhead.worstPeriod()),
        overhead.agentGcCpuNanos() > 0 && overhead.applicationCpuNanos() > 0
            ? ", of which garbage collection for the agent " + Units.smallPercent(
                (double) overhead.agentGcCpuNanos() / overhead.applicationCpuNanos())
            : "",
        budget(overhead)));
    line.append("; shed: ").append(overhead.shed().isEmpty()
        ? "none" : String.join(", ", overhead.shed()));
    long shedSteps = overhead.steps().stream()
        .filter(step -> step.action().equals("shed")).count();
    if (shedSteps > 0) {
      Report.ShedStep first = overhead.steps().stream()
          .filter(step -> step.action().equals("shed")).findFirst().orElseThrow();
      line.append(String.format(Locale.ROOT, " (%d steps shed, %d taken back; first %s at %s)",
          shedSteps, overhead.steps().size() - shedSteps, first.step(), first.at()));
    }
    if (overhead.agentJitNanos() > 0) {
      line.append(String.format(Locale.ROOT, "; the JIT compiled the agent's code for %s"
          + " (not counted: a one-off)", Units.duration(overhead.agentJitNanos())));
    }
    return line.append(kept(overhead)).toString();
  }

  /** {@code ; never shed (auto=optimize, bounded): ...}, or empty when every step may be shed. */
  private static String kept(Report.Overhead overhead) {
    return overhead.kept().isEmpty() ? "" : "; never shed (auto=optimize, bounded): "
        + String.join(", ", overhead.kept().stream().map(Report.KeptStep::step).toList());
  }

  private static String budget(Report.Overhead overhead) {
    return overhead.budget() > 0 ? Units.smallPercent(overhead.budget()) : "off (nothing shed)";
  }

  private static List<String> offloadLinesOf(Report report) {
    List<String> lines = new java.util.ArrayList<>();
    for (OffloadReport offload : report.offloaded()) {
      if (offload.calls() == 0) {
        continue;
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "offloaded %s: %s calls on %s threads, at most %d at once, p99 %s; %s timeouts,"
              + " %s rejections, %s failures",
          offload.name(), Units.count(offload.calls()), offload.carrier(), offload.maxInFlight(),
          Units.duration(offload.latency().p99()), Units.count(offload.timeouts()),
          Units.count(offload.rejections()), Units.count(offload.failures())));
      if (offload.pinning() != null) {
        line.append(", pinned ").append(Units.count(offload.pinning().events()))
            .append(" times (see the report)");
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /** One line per thread pool of the report ({@link #poolLine}); empty when there is none. */
  public static List<String> poolLines(Report report) {
    return report.pools().stream().map(SummaryTable::poolLine).toList();
  }

  /**
   * One line per change {@code auto=optimize} made, tried or refused: {@code auto=optimize
   * memoize com.acme.Catalog::price: applied, 48.2k hits, 512 verified; auto=optimize: ...}.
   */
  public static List<String> optimizationLines(Report report) {
    List<String> lines = new java.util.ArrayList<>();
    for (OptimizationReport change : report.optimizations()) {
      if (change.pool() != null) {
        lines.add(poolChangeLine(change));
        continue;
      }
      String figures = change.state().equals("refused") ? ""
          : ", " + Units.count(change.hits()) + " hits, " + Units.count(change.verifyChecks())
              + " verified";
      lines.add("auto=optimize " + change.change() + " " + change.name() + ": " + change.state()
          + figures + "; " + change.reason()
          + (change.evidence() == null ? "" : " (" + change.evidence() + ")")
          + (change.proven() && PermanentChanges.isMethodName(change.name())
              ? "; proven: make it permanent with @Memoize on it, or memoize=" + change.name()
                  + " (" + PermanentChanges.FILE + " beside the report)"
              : ""));
    }
    return lines;
  }

  /**
   * A pool {@code auto=optimize} moved to virtual threads, in one line: {@code auto=optimize pool
   * com.acme.Shop::start:42 (Executors.newFixedThreadPool, 8 threads): applied, proven 2.56x (410
   * tasks/s on virtual threads, 160 before); moved to virtual threads: ...; proven: make it
   * permanent with offload.executors=virtual (...)}.
   */
  static String poolChangeLine(OptimizationReport change) {
    OptimizationReport.Pool pool = change.pool();
    StringBuilder line = new StringBuilder("auto=optimize pool ").append(pool.where())
        .append(" (").append(pool.factory().isEmpty() ? "" : pool.factory() + ", ")
        .append(pool.size()).append(pool.size() == 1 ? " thread" : " threads").append("): ")
        .append(change.state());
    if (pool.verdict() != null) {
      line.append(", gain ").append(pool.verdict());
    }
    if (pool.gain() > 0 && Double.isFinite(pool.gain())) {
      line.append(String.format(java.util.Locale.ROOT, " %.2fx (%.0f tasks/s on virtual threads,"
          + " %.0f before)", pool.gain(), pool.virtualPerSecond(), pool.platformPerSecond()));
    }
    line.append("; ").append(change.reason());
    if (change.evidence() != null) {
      line.append(" (").append(change.evidence()).append(')');
    }
    if (change.proven()) {
      line.append("; proven: make it permanent with ").append(PermanentChanges.EXECUTORS)
          .append(" (").append(PermanentChanges.FILE).append(" beside the report; no option moves"
              + " one pool only: it moves every pool whose tasks wait)");
    }
    return line.toString();
  }

  /**
   * One thread pool in one line: {@code pool com.acme.Shop::start:42
   * (Executors.newFixedThreadPool, 8 threads): virtual threads, 2.0k tasks, at most 182 at once,
   * limit 182 (8 to 182, 7 moves), queue wait p50/p95/p99 21.0 ms/48.0 ms/52.0 ms, task
   * p50/p95/p99 10.1 ms/10.4 ms/11.0 ms, blocked 99.0% of 4 sampled tasks; blocking: ...}: for the
   * exit summary and {@code status}.
   */
  public static String poolLine(PoolReport report) {
    dev.overclock.offload.PoolSnapshot pool = report.pool();
    StringBuilder line = new StringBuilder("pool ").append(report.where()).append(" (")
        .append(report.factory().isEmpty() ? "" : report.factory() + ", ")
        .append(poolSize(pool)).append("): ")
        .append(pool.state().equals("measuring") ? "measuring on platform" : pool.state())
        .append(" threads, ").append(Units.count(report.tasks())).append(" tasks");
    if (report.tasks() > 0) {
      line.append(", at most ").append(pool.maxRunning()).append(" at once");
    }
    if (pool.virtualTasks() > 0 || pool.state().equals("virtual")) {
      line.append(", limit ").append(pool.limit()).append(" (").append(pool.lowestLimit())
          .append(" to ").append(pool.highestLimit()).append(", ").append(pool.limitChanges())
          .append(pool.limitChanges() == 1 ? " move)" : " moves)");
    }
    times(line, "queue wait", pool.queueWait());
    times(line, "task", pool.taskTime());
    if (pool.evidence().sampled() > 0) {
      line.append(", blocked ").append(Units.percent(pool.evidence().blockedShare()))
          .append(" of ").append(pool.evidence().sampled()).append(" sampled tasks");
    }
    if (pool.pinnedEvents() > 0) {
      line.append(", pinned ").append(pool.pinnedEvents()).append("x at ")
          .append(pool.pinnedFrame());
    }
    return line.append("; ").append(pool.reason()).toString();
  }

  private static String poolSize(dev.overclock.offload.PoolSnapshot pool) {
    if (pool.maxSize() == Integer.MAX_VALUE) {
      return pool.coreSize() + " to unbounded threads";
    }
    String threads = pool.coreSize() == pool.maxSize() ? String.valueOf(pool.coreSize())
        : pool.coreSize() + " to " + pool.maxSize();
    return threads + (pool.maxSize() == 1 ? " thread" : " threads")
        + (pool.queueCapacity() >= 0 ? ", queue " + pool.queueCapacity() : "");
  }

  private static void times(StringBuilder line, String what,
      dev.overclock.offload.PoolSnapshot.Times times) {
    if (times.count() > 0) {
      line.append(", ").append(what).append(" p50/p95/p99 ").append(Units.duration(times.p50()))
          .append('/').append(Units.duration(times.p95())).append('/')
          .append(Units.duration(times.p99()));
    }
  }

  private static String shorten(String name) {
    return name.length() <= MAX_NAME ? name : "…" + name.substring(name.length() - MAX_NAME + 1);
  }
}

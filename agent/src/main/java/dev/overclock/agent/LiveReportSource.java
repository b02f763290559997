package dev.overclock.agent;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.config.Config;
import dev.overclock.config.Durations;
import dev.overclock.governor.OverheadControl;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.jfr.LiveJfr;
import dev.overclock.jvm.ThreadStacks;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.offload.Offloader;
import dev.overclock.report.MethodInsights;
import dev.overclock.report.OptimizationReport;
import dev.overclock.report.PoolReport;
import dev.overclock.report.MethodRecommender;
import dev.overclock.report.Report;
import dev.overclock.report.ReportBuilder;
import dev.overclock.report.Reporter;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.prometheus.PrometheusEndpoint;
import dev.overclock.prometheus.Scrape;
import dev.overclock.version.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the report of this JVM from the agent's parts: the recorders' snapshots (taken through
 * the one {@link Snapshots} fan-out, so the report never steals another reader's window), the
 * memoization figures, the instrumenter's counts, the bridge's suppressed failures, the JFR part,
 * and the configuration; for the report files and, from reads that do not consume the report's
 * windows, for Prometheus scrapes.
 */
final class LiveReportSource implements Function<Boolean, Report> {

  private final Config config;
  private final String mode;
  private final TimingRecorders recorders;
  private final Snapshots snapshots;
  private final MemoRecorders memo;
  private final Instrumenter instrumenter;
  private final List<String> warnings;
  private final Instant startedAt;
  private final long startNanos;
  /** The CPU time at the start of the source this one continues, or -2 for a new start. */
  private final long continuedStartCpuNanos;
  /** The run's facts and the process's CPU at the start: see {@link #readProcess}. */
  private volatile ProcessFacts process;
  private Reporter reporter;
  private volatile LiveJfr jfr;
  private volatile OverheadControl overhead;
  private volatile PrometheusEndpoint endpoint;
  private volatile Offloader offload;
  private volatile dev.overclock.offload.PoolSubstitution pools;
  private volatile dev.overclock.optimize.AutoMemoizer autoMemoizer;
  /** The state of the JFR part and auto timing when the program ended before they started. */
  static final String NOT_STARTED = "not started: the program ended during its start-up, before"
      + " the agent's start (which waits for the application's, at most jfr.startwait)";

  /** The program ended before the agent's start, put off until the application's (premain). */
  private volatile boolean endedBeforeStart;

  /**
   * @param continuing the source of the configuration this one replaces, whose figures go on
   *     (same recorders): the period the report covers starts where that one started; or {@code
   *     null} for a new start
   */
  LiveReportSource(
      Config config,
      String mode,
      TimingRecorders recorders,
      Snapshots snapshots,
      MemoRecorders memo,
      Instrumenter instrumenter,
      List<String> warnings,
      LiveReportSource continuing) {
    this.config = config;
    this.mode = mode;
    this.recorders = recorders;
    this.snapshots = snapshots;
    this.memo = memo;
    this.instrumenter = instrumenter;
    this.warnings = List.copyOf(warnings);
    this.startedAt = continuing == null ? Instant.now() : continuing.startedAt;
    this.startNanos = continuing == null ? System.nanoTime() : continuing.startNanos;
    // read now: an update is no start, and keeping the old source would keep its parts too
    this.continuedStartCpuNanos = continuing == null ? -2 : continuing.process().startCpuNanos();
  }

  /** What the report says of the process: the run's facts, and its CPU time at the start. */
  private record ProcessFacts(Report.Run run, long startCpuNanos) {}

  /**
   * Reads the process's facts, once; the agent's start calls it last (the application's main
   * thread no longer waits for the start, and the advice thread's warm-ups have begun), any
   * report before that reads them itself. {@link ProcessHandle}'s first use costs 6-11 ms of
   * CPU at the launch (its class sets up the process reaper's executor), which before the
   * transformer was in place the application's main thread waited for; the CPU time it reads
   * counts in clock ticks (10 ms), so reading it a few milliseconds later changes nothing a
   * report shows.
   */
  void readProcess() {
    process();
  }

  private ProcessFacts process() {
    ProcessFacts facts = process;
    if (facts == null) {
      synchronized (this) {
        facts = process;
        if (facts == null) {
          ProcessHandle.Info info = ProcessHandle.current().info();
          facts = new ProcessFacts(runInfo(startedAt, info),
              continuedStartCpuNanos == -2 ? startCpu(info) : continuedStartCpuNanos);
          process = facts;
        }
      }
    }
    return facts;
  }

  /** The JFR part, whose JVM section, insights and state the report shows. */
  /** The program ended before the start {@link DeferredStart} put off: nothing ran but this. */
  void endedBeforeStart() {
    endedBeforeStart = true;
  }

  void jfr(LiveJfr live) {
    this.jfr = live;
  }

  /** The overhead governor, whose figures the health section shows; set once it runs. */
  void overhead(OverheadControl control) {
    this.overhead = control;
  }

  /** The reporter whose write errors the health section shows; set once it exists. */
  void reporter(Reporter reporter) {
    this.reporter = reporter;
  }

  /** The thread-pool substitution the features describe; {@code null} while it is off. */
  void pools(dev.overclock.offload.PoolSubstitution pools) {
    this.pools = pools;
  }

  /** {@code auto=optimize}'s memoization, whose changes the report shows; {@code null}: off. */
  void autoMemoizer(dev.overclock.optimize.AutoMemoizer memoizer) {
    this.autoMemoizer = memoizer;
  }

  dev.overclock.optimize.AutoMemoizer autoMemoizer() {
    return autoMemoizer;
  }

  /** The offloader whose figures the report shows; {@code null} while offload is off. */
  void offload(Offloader offload) {
    this.offload = offload;
  }

  /** The Prometheus endpoint whose state the report shows; set once it exists. */
  void endpoint(PrometheusEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public Report apply(Boolean complete) {
    return build(complete, snapshots.take());
  }

  /**
   * What one Prometheus scrape exports: the report as of now, from reads that leave the report's
   * windows alone, and each method's latency over the last {@code window}.
   */
  Scrape scrape(Duration window) {
    List<MethodSnapshot> snapshots = recorders.read(window);
    Map<String, LatencySummary> recent = new HashMap<>();
    for (MethodSnapshot snapshot : snapshots) {
      if (snapshot.window().calls() > 0) {
        recent.put(snapshot.method().key(), snapshot.window());
      }
    }
    return new Scrape(build(false, snapshots), recent);
  }

  private Report build(boolean complete, List<MethodSnapshot> snapshots) {
    Report.Agent agent =
        new Report.Agent(
            Version.get(),
            mode,
            startedAt,
            System.nanoTime() - startNanos,
            config.settings(),
            features());
    List<String> problems = new java.util.ArrayList<>(config.problems());
    problems.addAll(warnings);
    problems.addAll(UnmatchedFilters.sinceStart(config, problems));
    PrometheusEndpoint prometheus = endpoint;
    if (prometheus != null && prometheus.problem() != null) {
      problems.add(prometheus.problem());
    }
    OverheadControl governor = overhead;
    Report.Health health =
        new Report.Health(
            recorders.methodCount(),
            instrumenter == null ? 0 : instrumenter.stats().transformedClasses(),
            Dispatcher.suppressedFailures(),
            instrumenter == null ? 0 : instrumenter.stats().failedClasses(),
            reporter == null ? 0 : reporter.writeErrors(),
            recorders.droppedCalls(),
            problems,
            governor == null ? null : withAgentJit(governor.report(), jfr));
    LiveJfr live = jfr;
    Offloader offloads = offload;
    dev.overclock.offload.PoolSubstitution substitution = pools;
    Report built = ReportBuilder.build(
        Instant.now(),
        complete,
        withCpuLoad(agent.uptimeNanos()),
        agent,
        health,
        snapshots,
        memo == null ? List.of() : memo.snapshot(),
        offloads == null ? List.of() : offloads.snapshot(),
        live == null ? null : live.report(),
        live == null ? MethodInsights.NONE : live.insights())
        .withPools(substitution == null ? List.of()
            : substitution.snapshot().stream().map(PoolReport::of).toList());
    dev.overclock.optimize.AutoMemoizer memoizer = autoMemoizer;
    List<OptimizationReport> changes = new ArrayList<>();
    if (memoizer != null) {
      changes.addAll(memoizer.report());
    }
    if (substitution != null) { // auto=optimize's own pool moves (none under offload.executors)
      substitution.moves().forEach(move -> changes.add(OptimizationReport.of(move)));
    }
    if (!changes.isEmpty()) {
      built = built.withOptimizations(changes);
    }
    return live == null ? built : withPoolRecommendations(built, live.blockedPools());
  }

  /** The governor's figures with the JIT's work on the agent's code, where the stream runs. */
  private static Report.Overhead withAgentJit(Report.Overhead overhead, LiveJfr live) {
    long nanos = live == null ? -1 : live.agentJitNanos();
    return nanos < 0 ? overhead : overhead.withAgentJitNanos(nanos);
  }

  /** A pool waiting less than this share of the report's period is not worth a change. */
  static final double POOL_MIN_WAIT_SHARE = 0.01;

  /**
   * The report with a recommendation for each pool whose threads all wait inside its tasks (the
   * same as {@code analyze} gives): found from blocking events, so also where the method the
   * tasks wait in is not timed.
   */
  private static Report withPoolRecommendations(Report report,
      List<ThreadStacks.BlockedPool> pools) {
    if (pools.isEmpty() || report.jvm() == null) {
      return report;
    }
    List<Report.Recommendation> recommendations = new ArrayList<>(report.recommendations());
    long duration = report.jvm().durationNanos();
    for (ThreadStacks.BlockedPool pool : pools) {
      if (pool.waitedNanos() < POOL_MIN_WAIT_SHARE * duration) {
        continue;
      }
      recommendations.add(MethodRecommender.pool(pool.threads(), pool.threadCount(),
          pool.startedAt(), pool.blockedShare(), pool.waitedNanos(), pool.method().name(),
          pool.method().key(), pool.method().methodName(), pool.method().descriptor(),
          pool.methodNanos()));
    }
    return report.withRecommendations(recommendations);
  }

  /** The run, with the process's average CPU load since the agent started. */
  private Report.Run withCpuLoad(long uptimeNanos) {
    ProcessFacts facts = process();
    Report.Run run = facts.run();
    long startCpuNanos = facts.startCpuNanos();
    long cpuNanos = dev.overclock.metrics.ProcessCpu.nanos();
    double load = cpuNanos < 0 || startCpuNanos < 0 || uptimeNanos <= 0
        ? -1
        : Math.min(1.0, (double) (cpuNanos - startCpuNanos)
            / ((double) uptimeNanos * run.availableProcessors()));
    return new Report.Run(run.kind(), run.pid(), run.mainClass(), run.jvmName(), run.jvmVendor(),
        run.javaVersion(), run.javaFeatureVersion(), run.jvmStartedAt(), run.availableProcessors(),
        run.maxHeapBytes(), load);
  }

  /** {@code off}, or how many substituted pools run where: the report's and status's line. */
  private String poolsState() {
    dev.overclock.offload.PoolSubstitution substitution = pools;
    if (substitution != null && substitution.movesPools()) {
      return (substitution.onEvidence() ? "virtual on evidence (auto=optimize), " : "virtual, ")
          + substitution.describe();
    }
    if (!config.offload().executors()
        || (config.offload().executorsOnEvidence()
            && !dev.overclock.offload.PoolSubstitution.supported())) {
      return "off";
    }
    return dev.overclock.offload.PoolSubstitution.supported()
        ? "off (detached, or attached after the start)"
        : "off (JDK " + Runtime.version().feature() + " has no virtual threads)";
  }

  private Map<String, String> features() {
    Map<String, String> features = new LinkedHashMap<>();
    features.put("timing", instrumenter == null || !config.timing().on() ? "off" : "on");
    dev.overclock.optimize.AutoMemoizer memoizer = autoMemoizer;
    features.put("memoization", instrumenter == null || memo == null ? "off"
        : memoizer == null ? "on" : "on; " + memoizer.state() + " (auto=optimize)");
    Offloader offloads = offload;
    features.put("offload", instrumenter == null || offloads == null ? "off"
        : "on, " + offloads.carrier().describe());
    features.put("offload.executors", poolsState());
    features.put("cpu",
        config.timing().cpu() ? "on, 1 in " + config.timing().cpuEvery() + " calls" : "off");
    features.put(
        "report",
        config.report().dir() == null
            ? "off"
            : config.report().interval().isZero()
                ? "at exit"
                : "every " + Durations.format(config.report().interval())
                    + " and at exit");
    PrometheusEndpoint prometheus = endpoint;
    features.put("prometheus", prometheus != null ? prometheus.state() : "off");
    LiveJfr live = jfr;
    features.put("jfr", live != null ? live.state()
        : !config.jfr().stream() ? "off (jfr=false)"
        : endedBeforeStart ? NOT_STARTED
        : "off");
    features.put("jfr.events", live != null ? live.eventsState() : "off");
    features.put("auto", live != null ? live.autoState()
        : config.jfr().auto() && endedBeforeStart ? NOT_STARTED
        : config.jfr().auto() ? "off (needs the JFR stream)" : "off");
    return features;
  }

  /**
   * The process's CPU time at the agent's start, from the process information the run's facts
   * come from anyway ({@code /proc} on Linux, clock ticks: 10 ms, nothing against a report's
   * seconds). Not from the platform bean {@link dev.overclock.metrics.ProcessCpu} reads later:
   * setting that up costs 20-30 ms on the application's main thread in {@code premain}.
   */
  private static long startCpu(ProcessHandle.Info process) {
    Optional<Duration> cpu = process.totalCpuDuration(); // (no lambda: each costs start-up)
    return cpu.isPresent() ? cpu.get().toNanos() : dev.overclock.metrics.ProcessCpu.nanos();
  }

  private static Report.Run runInfo(Instant agentStart, ProcessHandle.Info process) {
    String command = System.getProperty("sun.java.command", "");
    String main = command.isBlank() ? "unknown" : command.strip().split("\\s+", 2)[0];
    Instant jvmStart = process.startInstant().orElse(agentStart);
    return new Report.Run(
        "live",
        ProcessHandle.current().pid(),
        main,
        System.getProperty("java.vm.name", "unknown"),
        System.getProperty("java.vm.vendor", "unknown"),
        System.getProperty("java.version", "unknown"),
        Runtime.version().feature(),
        jvmStart,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory(),
        -1);
  }
}

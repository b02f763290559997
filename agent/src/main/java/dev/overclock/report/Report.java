package dev.overclock.report;

import dev.overclock.config.Setting;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a report says, independent of format: the one model that the JSON, HTML and text
 * writers render. Its JSON form is specified in {@code docs/report-schema.md}; a change here is a
 * change of that schema.
 *
 * @param complete true for the final report written at exit, false for a periodic one
 * @param memoized every method asked to be memoized, in the order they were first instrumented
 * @param offloaded every offloaded method, in the order they were first instrumented
 * @param jvm what the JVM did, from JFR events, or {@code null} when no events were read
 * @param analysis what an offline analysis of a recording adds, or {@code null} for a live report
 * @param optimizations the changes {@code auto=optimize} made, tried or refused on its own (today
 *     memoizations), in the order they were decided; empty without it
 * @param pools the thread pools created at call sites {@code offload.executors} rewrote, in the
 *     order they were created; empty when that option is off
 */
public record Report(
    int schemaVersion,
    Instant generatedAt,
    boolean complete,
    Run run,
    Agent agent,
    Health health,
    Totals totals,
    List<MethodReport> methods,
    List<Recommendation> recommendations,
    List<MemoReport> memoized,
    List<OffloadReport> offloaded,
    JvmReport jvm,
    Analysis analysis,
    List<PoolReport> pools,
    List<OptimizationReport> optimizations) {

  /** Current version of the JSON schema. */
  public static final int SCHEMA_VERSION = 1;

  public Report {
    methods = List.copyOf(methods);
    recommendations = List.copyOf(recommendations);
    memoized = List.copyOf(memoized);
    offloaded = List.copyOf(offloaded);
    pools = List.copyOf(pools);
    optimizations = List.copyOf(optimizations);
  }

  /** This report with {@code recommendations} in place of its own. */
  public Report withRecommendations(List<Recommendation> recommendations) {
    return new Report(schemaVersion, generatedAt, complete, run, agent, health, totals, methods,
        recommendations, memoized, offloaded, jvm, analysis, pools, optimizations);
  }

  /** This report with these thread pools. */
  public Report withPools(List<PoolReport> pools) {
    return new Report(schemaVersion, generatedAt, complete, run, agent, health, totals, methods,
        recommendations, memoized, offloaded, jvm, analysis, pools, optimizations);
  }

  /** This report with the changes {@code auto=optimize} made, tried or refused. */
  public Report withOptimizations(List<OptimizationReport> optimizations) {
    return new Report(schemaVersion, generatedAt, complete, run, agent, health, totals, methods,
        recommendations, memoized, offloaded, jvm, analysis, pools, optimizations);
  }

  /**
   * The JVM the figures come from.
   *
   * @param kind {@code live} for a running JVM, {@code recording} for a {@code .jfr} file
   * @param mainClass main class or jar, as the JVM was launched
   * @param processCpuLoad average share of all processors the process used while the figures
   *     were taken, 0..1, or -1 when unknown: near 1, threads also wait for a core
   */
  public record Run(
      String kind,
      long pid,
      String mainClass,
      String jvmName,
      String jvmVendor,
      String javaVersion,
      int javaFeatureVersion,
      Instant jvmStartedAt,
      int availableProcessors,
      long maxHeapBytes,
      double processCpuLoad) {}

  /**
   * The agent that measured.
   *
   * @param mode {@code premain} ({@code -javaagent}), {@code attach}, or {@code analyze} (a
   *     recording read offline)
   * @param uptimeNanos time since the agent started: the period the figures cover
   * @param options every option set explicitly, with its origin
   * @param features each feature and its state ({@code on}, {@code off}, or a short detail)
   */
  public record Agent(
      String version,
      String mode,
      Instant startedAt,
      long uptimeNanos,
      List<Setting> options,
      Map<String, String> features) {

    public Agent {
      options = List.copyOf(options);
      features = Map.copyOf(features);
    }
  }

  /**
   * Whether the agent itself worked; every count but the first two is expected to be zero.
   *
   * @param suppressedAdviceErrors throwables the advice caught so the application never saw them
   * @param failedClasses classes left uninstrumented because instrumenting them failed
   * @param droppedCalls calls not recorded because their method's stripes stayed claimed
   * @param problems configuration problems and warnings, one line each
   * @param overhead what the agent costs the application, against its budget; {@code null}
   *     where nobody measured it (offline analysis, tests)
   */
  public record Health(
      int instrumentedMethods,
      long instrumentedClasses,
      long suppressedAdviceErrors,
      long failedClasses,
      long reportWriteErrors,
      long droppedCalls,
      List<String> problems,
      Overhead overhead) {

    public Health {
      problems = List.copyOf(problems);
    }
  }

  /**
   * The agent's measured cost, its budget, and what it gave up to stay within it (see {@code
   * dev.overclock.governor.OverheadGovernor}). Shares are of the application's CPU time (the
   * process's less the agent's).
   *
   * @param budget the share the agent may take; 0 when nothing is shed ({@code
   *     overhead.budget=off})
   * @param overhead the agent's share over every period measured so far
   * @param lastPeriod its share in the last period
   * @param worstPeriod its largest share in any period
   * @param periods periods measured
   * @param agentThreadsCpuNanos CPU time of the agent's own threads (and JFR's, while its stream
   *     runs) over those periods
   * @param adviceNanos the advice's cost on the application's threads: calls times the price
   *     calibrated at start-up
   * @param applicationCpuNanos the application's CPU time over those periods
   * @param clockedCallNanos the calibrated price of a clocked advice call
   * @param unclockedCallNanos the calibrated price of a counted-only (sampled out) call
   * @param startCpuNanos CPU time the agent's threads took before the first period (its start:
   *     advice preparation, the JFR stream's start), not governed
   * @param shed what is given up now, in the order it was given up (labels)
   * @param steps each step shed or taken back, oldest first (the last {@value #MAX_STEPS})
   * @param kept the steps never shed, with their reasons
   * @param agentGcCpuNanos the garbage collector's CPU time on the agent's behalf over those
   *     periods: its threads' CPU time times the agent's threads' share of the bytes allocated,
   *     each period (0 where the collector's threads cannot be read: not Linux)
   * @param agentJitNanos compiler time the JIT spent on the agent's own code (see {@code
   *     dev.overclock.governor.AgentCompilations}): shown, not governed; -1 where not measured
   *     (no live JFR stream)
   */
  public record Overhead(
      double budget,
      double overhead,
      double lastPeriod,
      double worstPeriod,
      long periods,
      long agentThreadsCpuNanos,
      long adviceNanos,
      long applicationCpuNanos,
      double clockedCallNanos,
      double unclockedCallNanos,
      long startCpuNanos,
      List<String> shed,
      List<ShedStep> steps,
      List<KeptStep> kept,
      long agentGcCpuNanos,
      long agentJitNanos) {

    /** Steps kept in the history. */
    public static final int MAX_STEPS = 50;

    public Overhead {
      shed = List.copyOf(shed);
      steps = List.copyOf(steps);
      kept = List.copyOf(kept);
    }

    /** Figures without the JIT's work on the agent's code (not measured: -1). */
    public Overhead(double budget, double overhead, double lastPeriod, double worstPeriod,
        long periods, long agentThreadsCpuNanos, long adviceNanos, long applicationCpuNanos,
        double clockedCallNanos, double unclockedCallNanos, long startCpuNanos,
        List<String> shed, List<ShedStep> steps, List<KeptStep> kept, long agentGcCpuNanos) {
      this(budget, overhead, lastPeriod, worstPeriod, periods, agentThreadsCpuNanos, adviceNanos,
          applicationCpuNanos, clockedCallNanos, unclockedCallNanos, startCpuNanos, shed, steps,
          kept, agentGcCpuNanos, -1);
    }

    /** These figures with the JIT's work on the agent's code as measured by the live stream. */
    public Overhead withAgentJitNanos(long nanos) {
      return new Overhead(budget, overhead, lastPeriod, worstPeriod, periods,
          agentThreadsCpuNanos, adviceNanos, applicationCpuNanos, clockedCallNanos,
          unclockedCallNanos, startCpuNanos, shed, steps, kept, agentGcCpuNanos, nanos);
    }

    /** Figures without the garbage collector's work for the agent. */
    public Overhead(double budget, double overhead, double lastPeriod, double worstPeriod,
        long periods, long agentThreadsCpuNanos, long adviceNanos, long applicationCpuNanos,
        double clockedCallNanos, double unclockedCallNanos, long startCpuNanos,
        List<String> shed, List<ShedStep> steps, List<KeptStep> kept) {
      this(budget, overhead, lastPeriod, worstPeriod, periods, agentThreadsCpuNanos, adviceNanos,
          applicationCpuNanos, clockedCallNanos, unclockedCallNanos, startCpuNanos, shed, steps,
          kept, 0);
    }

    /** Figures without steps that are never shed (the default mode). */
    public Overhead(double budget, double overhead, double lastPeriod, double worstPeriod,
        long periods, long agentThreadsCpuNanos, long adviceNanos, long applicationCpuNanos,
        double clockedCallNanos, double unclockedCallNanos, long startCpuNanos,
        List<String> shed, List<ShedStep> steps) {
      this(budget, overhead, lastPeriod, worstPeriod, periods, agentThreadsCpuNanos, adviceNanos,
          applicationCpuNanos, clockedCallNanos, unclockedCallNanos, startCpuNanos, shed, steps,
          List.of());
    }
  }

  /**
   * A step the governor never sheds in this run, and why (under {@code auto=optimize}: argument
   * sampling and the automatically timed methods, which are its evidence and bounded on their
   * own).
   *
   * @param step the step's label, as in {@code shed}
   * @param why why it is never shed, and what bounds its cost instead
   */
  public record KeptStep(String step, String why) {}

  /**
   * One step the governor took.
   *
   * @param action {@code shed} or {@code restored}
   * @param step what was given up or taken back
   * @param overhead the period's share that made it so
   */
  public record ShedStep(Instant at, String action, String step, double overhead) {}

  /** Sums over all methods; {@code totalNanos} sums inclusive time of outermost calls. */
  public record Totals(long methods, long calls, long errors, long totalNanos) {}

  /**
   * One recommendation with its evidence, for one method.
   *
   * @param method the method's name ({@code class::method})
   * @param key the method's key, unique among overloads
   * @param kind {@code memoize}, {@code offload}, {@code investigate}, {@code time} (a hot method
   *     worth timing, from a recording), {@code executors} (the pool whose threads all wait in
   *     this method, to run on virtual threads) or {@code jvm} (a JVM-level finding, with no
   *     method)
   * @param text one sentence: the evidence in numbers, the estimated saving, the change
   * @param estimatedSavingNanos time the change would save over the period of the report (CPU
   *     time for memoization, platform-thread time for offloading), or -1 when not estimated
   * @param apply the annotation that applies it, or {@code null}
   * @param config the configuration line that applies it, or {@code null}
   */
  public record Recommendation(
      String method,
      String key,
      String kind,
      String text,
      long estimatedSavingNanos,
      String apply,
      String config) {

    /** A recommendation without an estimate or a change to apply. */
    public Recommendation(String method, String key, String kind, String text) {
      this(method, key, kind, text, -1, null, null);
    }
  }
}

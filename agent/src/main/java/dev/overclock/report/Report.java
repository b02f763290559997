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
    Analysis analysis) {

  /** Current version of the JSON schema. */
  public static final int SCHEMA_VERSION = 1;

  public Report {
    methods = List.copyOf(methods);
    recommendations = List.copyOf(recommendations);
    memoized = List.copyOf(memoized);
    offloaded = List.copyOf(offloaded);
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
   */
  public record Health(
      int instrumentedMethods,
      long instrumentedClasses,
      long suppressedAdviceErrors,
      long failedClasses,
      long reportWriteErrors,
      long droppedCalls,
      List<String> problems) {

    public Health {
      problems = List.copyOf(problems);
    }
  }

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

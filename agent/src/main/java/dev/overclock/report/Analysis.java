package dev.overclock.report;

import java.util.List;

/**
 * What the offline analysis of a {@code .jfr} recording adds to a report: which file, how much
 * of it could be read, what could not be analysed and why, exceptions by throw site, and the
 * results of JDK Mission Control's automated analysis rules. The report's {@code analysis}
 * member; live reports have none.
 *
 * @param recording the file, as named on the command line
 * @param bytes its size
 * @param events events read
 * @param stoppedAt {@code null} when the whole file was read; otherwise where reading stopped
 *     and why (a truncated or corrupted recording: everything before it is analysed)
 * @param unavailable analyses the recording did not allow, one line each saying why
 * @param latencySource the events per-method latencies come from ({@code
 *     overclock.MethodStatistics}, {@code jdk.MethodTrace}), or {@code null} when none
 * @param callPaths for the hottest application methods, the call paths (application frames,
 *     outermost first) that lead to their self samples, most sampled first
 * @param exceptions throwables by throw site ({@code jdk.JavaExceptionThrow}, {@code
 *     jdk.JavaErrorThrow}), most first
 * @param rules JMC's rule results, highest score first
 * @param rulesNote why JMC's rules did not run (or not all of them), or {@code null}
 */
public record Analysis(
    String recording,
    long bytes,
    long events,
    String stoppedAt,
    List<String> unavailable,
    String latencySource,
    List<CallPath> callPaths,
    List<ExceptionSite> exceptions,
    List<RuleResult> rules,
    String rulesNote) {

  public Analysis {
    unavailable = List.copyOf(unavailable);
    callPaths = List.copyOf(callPaths);
    exceptions = List.copyOf(exceptions);
    rules = List.copyOf(rules);
  }

  /**
   * One way into a hot method.
   *
   * @param key the hot method's key (as in {@code jvm.hotMethods})
   * @param frames application frames from the outermost caller to the method ({@code
   *     class::method}); at most a dozen, the outermost cut first
   * @param samples self samples of the method with exactly this path
   */
  public record CallPath(String key, List<String> frames, long samples) {
    public CallPath {
      frames = List.copyOf(frames);
    }
  }

  /**
   * Throwables of one class created at one site: the innermost application frame of their
   * stack (below the throwable's own constructors).
   */
  public record ExceptionSite(String site, String throwableClass, long count) {}

  /**
   * The result of one JMC rule.
   *
   * @param severity {@code OK}, {@code INFO} or {@code WARNING} (rules that could not run, {@code
   *     NA}, are left out)
   * @param score 0 to 100: how much the finding matters by the rule's own measure, or -1 when the
   *     rule gives none
   * @param message the rule's summary, with its figures filled in
   */
  public record RuleResult(
      String id, String name, String topic, String severity, double score, String message) {}
}

package dev.overclock.jfr;

import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.metrics.ArgumentSummary;
import dev.overclock.metrics.Classification;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.MethodRecommender;
import dev.overclock.report.MethodReport;
import dev.overclock.select.Retransformer;
import dev.overclock.select.RuntimeSelection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which timed methods get the argument-sampling advice, and takes it out again once it
 * has enough samples: the evidence for (or against) a memoization recommendation.
 *
 * <p>A method qualifies when it is classified CPU-bound (by measured CPU time or by JFR samples),
 * takes at least {@link #MIN_SHARE} of all timed time, has parameters, and was not sampled
 * before. At most {@link #MAX_ACTIVE} methods are sampled at once and {@link #MAX_METHODS} in a
 * run. Each samples one call in N, N chosen from its mean latency so that hashing costs well
 * under 1% of its time, until {@link #TARGET} calls were hashed or {@link #MAX_WINDOWS} windows
 * passed; then the advice is removed by retransformation, so the method runs with timing alone.
 *
 * <p>Runs on the JFR stream's thread, once per window; the report thread reads summaries.
 */
final class ArgumentSampling {

  /**
   * Calls hashed per method. The hit rate is estimated from how many sampled calls brought
   * arguments seen only once (see {@link dev.overclock.metrics.ArgumentSummary#expectedHitRate}):
   * with 1,000 rather than 500, a method whose arguments come from several hundred values is not
   * taken for one whose arguments rarely repeat (the cpu workload's spelling corrector: about 55%
   * estimated from 500 calls, 80% from 1,000, nearly all calls answered by its cache).
   */
  static final int TARGET = 1_000;
  static final int MAX_ACTIVE = 8;
  static final int MAX_METHODS = 64;
  static final int MAX_WINDOWS = 6;
  static final double MIN_SHARE = 0.01;

  /** Hashing the arguments of a sampled call costs about this much. */
  static final long SAMPLE_COST_NANOS = 200;

  private final ArgumentSamples samples;
  private final RuntimeSelection selection;
  private final Retransformer instrumenter;
  private final TimingRecorders recorders;
  private final java.util.function.LongSupplier sampleIntervalNanos;
  private final Map<String, State> states = new HashMap<>();
  private int windows;
  // Set by the overhead governor's thread: no new sampling, and what runs ends at the next window.
  private volatile boolean paused;

  ArgumentSampling(
      ArgumentSamples samples,
      RuntimeSelection selection,
      Retransformer instrumenter,
      TimingRecorders recorders,
      java.util.function.LongSupplier sampleIntervalNanos) {
    this.samples = samples;
    this.selection = selection;
    this.instrumenter = instrumenter;
    this.recorders = recorders;
    this.sampleIntervalNanos = sampleIntervalNanos;
  }

  private static final class State {
    final String className;
    final String methodName;
    final String descriptor;
    final int methodId;
    final int startedAt;
    boolean active = true;

    State(String className, String methodName, String descriptor, int methodId, int startedAt) {
      this.className = className;
      this.methodName = methodName;
      this.descriptor = descriptor;
      this.methodId = methodId;
      this.startedAt = startedAt;
    }
  }

  /**
   * One window: finishes what has enough samples, and starts what newly qualifies if {@code
   * mayStart} (the overhead governor decides already: see {@code LiveJfr#startArgumentSamplingWhen}).
   */
  synchronized void window(List<MethodSnapshot> methods,
      Function<MethodSnapshot, MethodReport.Evidence> evidence, boolean mayStart) {
    windows++;
    Set<String> classes = new LinkedHashSet<>();
    int active = 0;
    for (State state : states.values()) {
      if (!state.active) {
        continue;
      }
      ArgumentSummary summary = samples.summary(state.methodId);
      if (paused || (summary != null && summary.complete())
          || windows - state.startedAt >= MAX_WINDOWS) {
        samples.finish(state.methodId);
        selection.remove(state.className, state.methodName, state.descriptor);
        state.active = false;
        classes.add(state.className);
      } else {
        active++;
      }
    }
    long allNanos = 0;
    for (MethodSnapshot method : methods) {
      allNanos += method.totalNanos();
    }
    for (MethodSnapshot method : methods) {
      if (paused || !mayStart || active >= MAX_ACTIVE || states.size() >= MAX_METHODS) {
        break;
      }
      String key = method.method().key();
      if (states.containsKey(key) || method.method().descriptor().startsWith("()")
          || allNanos == 0 || (double) method.totalNanos() / allNanos < MIN_SHARE) {
        continue;
      }
      MethodRecommender.Verdict verdict =
          MethodRecommender.classify(
              method, evidence.apply(method), sampleIntervalNanos.getAsLong());
      if (verdict.classification() != Classification.CPU_BOUND) {
        continue;
      }
      int id = recorders.idOf(key);
      if (id < 0) {
        continue;
      }
      double mean = Math.max(1, method.latency().meanNanos());
      int every = (int) Math.max(1, Math.min(10_000, Math.ceil(100.0 * SAMPLE_COST_NANOS / mean)));
      samples.start(id, every, TARGET);
      String className = method.method().className();
      selection.add(className, method.method().methodName(), method.method().descriptor(),
          "arguments sampled: CPU-bound (" + verdict.basis() + ")");
      states.put(key, new State(className, method.method().methodName(),
          method.method().descriptor(), id, windows));
      classes.add(className);
      active++;
    }
    if (!classes.isEmpty()) {
      instrumenter.retransform(classes);
    }
  }

  /**
   * The overhead governor's first step: while paused, no method is sampled (those sampled now
   * finish at the next window, keeping what they have); unpaused, methods qualify again.
   */
  void paused(boolean paused) {
    this.paused = paused;
  }

  /** What was sampled of a method, or {@code null}. */
  synchronized MethodReport.Arguments arguments(String key) {
    State state = states.get(key);
    if (state == null) {
      return null;
    }
    ArgumentSummary summary = samples.summary(state.methodId);
    if (summary == null || summary.sampledCalls() == 0) {
      return null;
    }
    return new MethodReport.Arguments(summary.sampledCalls(), summary.distinct(),
        summary.repeatRate(), !state.active || summary.complete(), summary.expectedHitRate());
  }

  /** Stops every sampling (the agent is stopping; its classes are reset anyway). */
  synchronized void stop() {
    for (State state : states.values()) {
      samples.finish(state.methodId);
      selection.remove(state.className, state.methodName, state.descriptor);
      state.active = false;
    }
  }
}
